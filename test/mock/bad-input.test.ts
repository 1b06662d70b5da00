/**
 * Bad input never gets a 5xx or a crash from any bundled mock: bodies over 64 KiB (declared or
 * chunked) → 413, malformed multipart, invalid percent-encoding or UTF-8 → 400, unknown media
 * types → 415 with `Accept-Post`; each in the vendor's style, and the mock still issues a token
 * afterwards.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { FORM_URLENCODED, MULTIPART_FORM_DATA } from '../../src/openapi/token-operation.ts'
import { type Profile } from '../../src/openapi/profile.ts'
import {
  clientPart,
  formEncode,
  mainClient,
  passwordGrant,
  placementOf,
  send,
  type Answer,
} from './token-client.ts'
import { expectVendorError } from './vendor-error.ts'

const form = { 'content-type': FORM_URLENCODED }
const multipart = (boundary: string) => ({
  'content-type': `${MULTIPART_FORM_DATA}; boundary=${boundary}`,
})

interface BadInput {
  name: string
  headers: Record<string, string>
  /** The body, or a function of the client's own form parameters (so it gets past them). */
  body: string | Buffer | ((client: string) => string)
  status: number
  error: string
  /** Only for specs that take multipart (others answer 415 to any multipart body). */
  multipartOnly?: boolean
}

const OVER_LIMIT = `grant_type=password&username=${'a'.repeat(70_000)}`

const CASES: BadInput[] = [
  {
    name: 'a body over 64 KiB',
    headers: form,
    body: OVER_LIMIT,
    status: 413,
    error: 'invalid_request',
  },
  {
    name: 'invalid percent-encoding `%zz`',
    headers: form,
    body: 'grant_type=password&username=%zz&password=x',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a `%` at the end',
    headers: form,
    body: 'grant_type=password&username=a&password=x%',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a cut escape `%E`',
    headers: form,
    body: 'grant_type=password&username=a&password=%E',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'raw bytes that are not UTF-8',
    headers: form,
    body: Buffer.concat([
      Buffer.from('grant_type=password&username='),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('&password=x'),
    ]),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'percent-encoded bytes that are not UTF-8 (`%FF`)',
    headers: form,
    body: 'grant_type=password&username=%FF&password=x',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'an overlong UTF-8 encoding (`%C0%AF`)',
    headers: form,
    body: 'grant_type=password&username=%C0%AF&password=x',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'an unpaired surrogate (`%ED%A0%80`)',
    headers: form,
    body: 'grant_type=password&username=%ED%A0%80&password=x',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'an unknown media type',
    headers: { 'content-type': 'text/csv' },
    body: 'a,b',
    status: 415,
    error: 'invalid_request',
  },
  {
    name: 'a JSON body',
    headers: { 'content-type': 'application/json' },
    body: '{"grant_type":"password"}',
    status: 415,
    error: 'invalid_request',
  },
  {
    name: 'a body without a media type',
    headers: {},
    body: Buffer.from('grant_type=password'),
    status: 415,
    error: 'invalid_request',
  },
  {
    name: 'a media type that is not one',
    headers: { 'content-type': ';;;' },
    body: 'x',
    status: 415,
    error: 'invalid_request',
  },
  {
    name: 'no parameter but the client',
    headers: form,
    body: (client) => client,
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'only separators and empty pairs',
    headers: form,
    body: (client) => `&&&=&=&${client}`,
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a NUL byte in the password',
    headers: form,
    body: (client) => `grant_type=password&username=a&password=%00&${client}`,
    status: 400,
    error: 'invalid_grant',
  },
  {
    name: 'multipart without a boundary',
    headers: { 'content-type': MULTIPART_FORM_DATA },
    body: 'x',
    status: 400,
    error: 'invalid_request',
    multipartOnly: true,
  },
  {
    name: 'multipart cut short',
    headers: multipart('xyz'),
    body: '--xyz\r\ncontent-disposition: form-data; name="grant_type"\r\n\r\npass',
    status: 400,
    error: 'invalid_request',
    multipartOnly: true,
  },
  {
    name: 'multipart with a part without a name',
    headers: multipart('xyz'),
    body: '--xyz\r\ncontent-disposition: form-data\r\n\r\nbroken\r\n--xyz--\r\n',
    status: 400,
    error: 'invalid_request',
    multipartOnly: true,
  },
  {
    name: 'multipart with a nameless file part',
    headers: multipart('xyz'),
    body: '--xyz\r\ncontent-disposition: form-data; filename="a.txt"\r\ncontent-type: text/plain\r\n\r\nhello\r\n--xyz--\r\n',
    status: 400,
    error: 'invalid_request',
    multipartOnly: true,
  },
  {
    name: 'multipart with a file part',
    headers: multipart('xyz'),
    body: '--xyz\r\ncontent-disposition: form-data; name="grant_type"\r\n\r\npassword\r\n--xyz\r\ncontent-disposition: form-data; name="f"; filename="a.txt"\r\ncontent-type: text/plain\r\n\r\nhello\r\n--xyz--\r\n',
    status: 400,
    error: 'invalid_request',
    multipartOnly: true,
  },
  {
    name: 'multipart with a field that is not UTF-8',
    headers: multipart('xyz'),
    body: Buffer.concat([
      Buffer.from('--xyz\r\ncontent-disposition: form-data; name="username"\r\n\r\n'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\r\n--xyz--\r\n'),
    ]),
    status: 400,
    error: 'invalid_request',
    multipartOnly: true,
  },
  {
    name: 'multipart with 60 fields',
    headers: multipart('xyz'),
    body: `${Array.from({ length: 60 }, (_, i) => `--xyz\r\ncontent-disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('')}--xyz--\r\n`,
    status: 400,
    error: 'invalid_request',
    multipartOnly: true,
  },
]

const takesMultipart = (profile: Profile) =>
  profile.token.requestMediaTypes.some((m) => m.mediaType === MULTIPART_FORM_DATA)

/** A POST whose body comes in chunks, without Content-Length. */
function chunkedPost(mock: RunningMock, chunks: readonly string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${mock.url}${mock.profile.token.path}`, {
      method: 'POST',
      headers: form,
    })
    req.on('response', (res) => {
      const parts: Buffer[] = []
      res.on('data', (chunk: Buffer) => parts.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8')
        const headers = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') headers.set(name, value)
        }
        let json: Record<string, unknown> | undefined
        try {
          json = JSON.parse(text) as Record<string, unknown>
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers, text, json })
      })
    })
    req.on('error', reject)
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

describe.each(bundledSpecNames())('the %s mock, bad input', (name) => {
  let mock: RunningMock
  const profile = loadSpec(name).profile

  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
  })
  afterAll(() => mock.close())

  const cases = CASES.map((c) =>
    c.multipartOnly === true && !takesMultipart(profile)
      ? { ...c, status: 415, error: 'invalid_request' }
      : c,
  )

  it.each(cases.map((c) => [c.name, c] as const))('%s gets a clear 4xx', async (_, bad) => {
    const client = clientPart(mainClient(mock), placementOf(mock))
    const headers: Record<string, string> = { ...bad.headers }
    if (client.authorization !== undefined) headers['authorization'] = client.authorization
    const clientForm = client.params.map(([n, v]) => `${n}=${formEncode(v)}`).join('&')
    const answer = await send(mock, mock.profile.token.path, {
      method: 'POST',
      headers,
      body:
        typeof bad.body === 'function'
          ? bad.body(clientForm)
          : typeof bad.body === 'string'
            ? bad.body
            : new Uint8Array(bad.body),
    })
    expectVendorError(mock, answer, bad.status, bad.error)
    if (bad.status === 415) expect(answer.headers.get('accept-post')).toMatch(/form/)
  })

  it('answers 413 to a chunked body that grows over 64 KiB, without Content-Length', async () => {
    const chunk = 'a'.repeat(16 * 1024)
    const answer = await chunkedPost(mock, [
      'grant_type=password&username=',
      ...Array(5).fill(chunk),
    ])
    expectVendorError(mock, answer, 413, 'invalid_request')
  })

  it('still issues tokens after all of it', async () => {
    expect((await passwordGrant(mock)).status).toBe(200)
  })
})
