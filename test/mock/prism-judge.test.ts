/**
 * Every response the mock sends validates against its own spec, with Prism's output validator as
 * the independent judge: the whole request-variant matrix (every scenario of `tokencheck run`,
 * every documented response forced with `Prefer`, broken bodies, unknown paths and methods) for
 * every bundled spec. A request that routes to no operation gets 404, or 405 with `Allow`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { header, type Exchange } from '../../src/http/exchange.ts'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import type { PrismResponse } from '../../src/mock/prism.ts'
import { bundledSpecNames } from '../../src/openapi/load.ts'
import type { OperationInfo } from '../../src/openapi/operation-info.ts'
import type { Profile } from '../../src/openapi/profile.ts'
import { runScenariosAgainst } from './run-scenarios-against-mock.ts'

interface Sent {
  label: string
  method: string
  path: string
  response: PrismResponse
}

async function send(
  mock: RunningMock,
  label: string,
  path: string,
  init: RequestInit = {},
): Promise<Sent> {
  // Manual: a forced 302 names the example redirect URI, where nothing listens.
  const res = await fetch(`${mock.url}${path}`, { redirect: 'manual', ...init })
  const headers: Record<string, string> = {}
  res.headers.forEach((value, name) => (headers[name] = value))
  return {
    label,
    method: (init.method ?? 'GET').toUpperCase(),
    path: new URL(path, mock.url).pathname,
    response: { status: res.status, headers, body: await res.text() },
  }
}

/** The extra variants: each documented response forced, broken bodies, other paths and methods. */
async function variants(mock: RunningMock): Promise<Sent[]> {
  const { profile } = mock
  const token = profile.token.path
  const sent: Sent[] = []
  for (const op of profile.operations) {
    for (const response of op.responses) {
      if (!/^\d{3}$/.test(response.status)) continue
      sent.push(
        await send(mock, `Prefer: code=${response.status}`, op.path, {
          method: op.method.toUpperCase(),
          headers: { prefer: `code=${response.status}` },
        }),
      )
      sent.push(
        await send(mock, `__code=${response.status}`, `${op.path}?__code=${response.status}`, {
          method: op.method.toUpperCase(),
        }),
      )
      for (const example of response.mediaTypes.flatMap((m) => m.examples)) {
        sent.push(
          await send(mock, `Prefer example ${example.name}`, op.path, {
            method: op.method.toUpperCase(),
            headers: { prefer: `code=${response.status}, example=${example.name}` },
          }),
        )
      }
    }
  }
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const broken: [string, RequestInit][] = [
    [
      'bad percent-encoding',
      { method: 'POST', headers: form, body: 'grant_type=password&username=%zz&password=x' },
    ],
    [
      'invalid UTF-8',
      {
        method: 'POST',
        headers: form,
        body: Buffer.from([0x67, 0x72, 0x61, 0x6e, 0x74, 0x3d, 0xff, 0xfe]),
      },
    ],
    [
      'body over 64 KiB',
      { method: 'POST', headers: form, body: `grant_type=password&username=${'a'.repeat(70_000)}` },
    ],
    [
      'unknown media type',
      { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' },
    ],
    [
      'JSON body',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"grant_type":"password"}',
      },
    ],
    [
      'malformed multipart',
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\ncontent-disposition: form-data\r\n\r\nbroken',
      },
    ],
    [
      'multipart without boundary',
      { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' },
    ],
    ['a file part', { method: 'POST', body: fileForm() }],
    [
      'Bearer at the token endpoint',
      {
        method: 'POST',
        headers: { ...form, authorization: 'Bearer abc' },
        body: 'grant_type=password',
      },
    ],
    [
      'Basic with bad base64',
      {
        method: 'POST',
        headers: { ...form, authorization: 'Basic !!!' },
        body: 'grant_type=password',
      },
    ],
    ['empty body', { method: 'POST' }],
  ]
  for (const [label, init] of broken) sent.push(await send(mock, label, token, init))
  sent.push(await send(mock, 'unknown path', '/tokencheck/no-such-path'))
  sent.push(await send(mock, 'DELETE on the token path', token, { method: 'DELETE' }))
  sent.push(await send(mock, 'GET on the token path', token))
  if (profile.protectedResource) {
    const resource = profile.protectedResource.path
    for (const [label, authorization] of [
      ['Basic at the resource', 'Basic dXNlcjpwYXNz'],
      ['a garbage token', 'Bearer not.a.token'],
      ['an empty Bearer', 'Bearer '],
    ]) {
      sent.push(await send(mock, label!, resource, { headers: { authorization: authorization! } }))
    }
  }
  return sent
}

function fileForm(): FormData {
  const form = new FormData()
  form.append('grant_type', 'password')
  form.append('upload', new Blob(['x']), 'x.txt')
  return form
}

function fromExchange(exchange: Exchange): Sent | undefined {
  if (exchange.response === undefined) return undefined
  const headers: Record<string, string> = {}
  for (const [name, value] of exchange.response.headers)
    headers[name] = headers[name] ? `${headers[name]}, ${value}` : value
  return {
    label: exchange.id,
    method: exchange.request.method,
    path: new URL(exchange.request.url).pathname,
    response: { status: exchange.response.status, headers, body: exchange.response.body },
  }
}

function operationOf(profile: Profile, sent: Sent): { op?: OperationInfo; pathKnown: boolean } {
  const onPath = profile.operations.filter((op) => op.path === sent.path)
  return {
    op: onPath.find((op) => op.method.toUpperCase() === sent.method),
    pathKnown: onPath.length > 0,
  }
}

describe.each(bundledSpecNames())('every response of the %s mock', (name) => {
  let mock: RunningMock
  let matrix: Sent[]

  beforeAll(async () => {
    mock = await startMock({ spec: name, lifetimes: { accessToken: 2 }, log: false })
    const { exchanges } = await runScenariosAgainst(mock)
    matrix = [...exchanges.flatMap((e) => fromExchange(e) ?? []), ...(await variants(mock))]
  }, 60_000)
  afterAll(() => mock.close())

  it('is judged conformant to the spec by Prism (routed requests)', async () => {
    const prism = await mock.prism()
    const violations: string[] = []
    let judged = 0
    for (const sent of matrix) {
      const { op } = operationOf(mock.profile, sent)
      if (op === undefined) continue
      judged += 1
      for (const violation of prism.judge(op.method, op.path, sent.response)) {
        violations.push(
          `${sent.label} (${sent.method} ${sent.path} → ${sent.response.status}): ${violation}`,
        )
      }
    }
    expect(judged).toBeGreaterThan(60)
    expect(violations).toEqual([])
  })

  it('answers requests to no operation with 404, or 405 and Allow', () => {
    const unrouted = matrix.filter((sent) => operationOf(mock.profile, sent).op === undefined)
    expect(unrouted.length).toBeGreaterThanOrEqual(3)
    for (const sent of unrouted) {
      const { pathKnown } = operationOf(mock.profile, sent)
      expect(sent.response.status, sent.label).toBe(pathKnown ? 405 : 404)
      if (pathKnown) expect(sent.response.headers['allow'], sent.label).toBeDefined()
    }
  })

  it('never answers with a 5xx it does not document', () => {
    const fivexx = matrix.filter(
      (sent) =>
        sent.response.status >= 500 &&
        !sent.label.startsWith('Prefer') &&
        !sent.label.startsWith('__code'),
    )
    expect(fivexx.map((s) => `${s.label}: ${s.response.status}`)).toEqual([])
  })
})

describe('the judge can fail', () => {
  it('flags a token response without access_token, and an undocumented status', async () => {
    const mock = await startMock({ spec: 'wokelo', log: false })
    try {
      const prism = await mock.prism()
      const ok = {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        pragma: 'no-cache',
      }
      expect(
        prism.judge('post', '/auth/token/', {
          status: 200,
          headers: ok,
          body: '{"token_type":"Bearer"}',
        }),
      ).not.toEqual([])
      expect(
        prism.judge('post', '/auth/token/', { status: 418, headers: ok, body: '{}' }),
      ).not.toEqual([])
      expect(header([['a', 'b']], 'a')).toBe('b')
    } finally {
      await mock.close()
    }
  })
})
