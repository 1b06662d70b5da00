/**
 * What the fuzzer found, one focused test each, so a regression fails here by name:
 * - a multipart part without a field name (`form-data` alone, or `name=""`) threw inside busboy's
 *   event: the request never got an answer, and the exception was uncaught (a crash of
 *   `tokencheck mock`);
 * - an `Accept` header Prism cannot parse (`;;`, `*`) made Prism throw: a 500;
 * - an `Accept` no documented response satisfies got an undocumented 404 instead of the
 *   documented response (RFC 9110 §12.5.1 lets a server disregard Accept);
 * - a `Prefer` for a response the protected resource does not document got a 400 without the
 *   `WWW-Authenticate` challenge its spec requires on a 400.
 */
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMultipart } from '../../src/mock/form.ts'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import type { Prism } from '../../src/mock/prism.ts'
import { styleProblems } from './vendor-style.ts'

const uncaught: unknown[] = []
const record = (error: unknown) => uncaught.push(error)

describe('a multipart part without a field name', () => {
  it.each([['Content-Disposition: form-data'], ['Content-Disposition: form-data; name=""']])(
    'is refused, not thrown on: %s',
    async (disposition) => {
      process.on('uncaughtException', record)
      try {
        const body = Buffer.from(`--x\r\n${disposition}\r\n\r\nvalue\r\n--x--\r\n`)
        const result = await Promise.race([
          parseMultipart(body, 'multipart/form-data; boundary=x'),
          new Promise((resolve) => setTimeout(() => resolve('no result within 2 s'), 2_000)),
        ])
        expect(result).toEqual({
          ok: false,
          problem: 'a part of the multipart body has no field name (RFC 7578 §4.2)',
        })
        expect(uncaught).toEqual([])
      } finally {
        process.off('uncaughtException', record)
      }
    },
  )

  it('gets the wokelo token endpoint’s 400 invalid_request', async () => {
    const mock = await startMock({ spec: 'wokelo', log: false })
    try {
      const res = await fetch(`${mock.url}/auth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\nContent-Disposition: form-data\r\n\r\npassword\r\n--x--\r\n',
        signal: AbortSignal.timeout(5_000),
      })
      const body = await res.text()
      expect(res.status).toBe(400)
      expect(JSON.parse(body)).toMatchObject({ error: 'invalid_request' })
    } finally {
      await mock.close()
    }
  })
})

describe.each(['wokelo', 'auth-login', 'wogeez'])('the %s mock and Prism', (name) => {
  let mock: RunningMock
  let prism: Prism
  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
    prism = await mock.prism()
  })
  afterAll(() => mock.close())

  async function get(path: string, headers: Record<string, string>) {
    const res = await request(`${mock.url}${path}`, { headers })
    const answerHeaders: Record<string, string> = {}
    for (const [key, value] of Object.entries(res.headers)) answerHeaders[key] = String(value)
    return { status: res.statusCode, headers: answerHeaders, body: await res.body.text() }
  }

  it.each([';;', '*', 'a/b;;', ','])(
    'answers a Prefer with an Accept it cannot parse (%s) as documented',
    async (accept) => {
      const resource = mock.profile.protectedResource!
      const answer = await get(resource.path, { prefer: 'code=401', accept })
      expect(answer.status).toBe(401)
      expect(prism.judge('get', resource.path, answer)).toEqual([])
    },
  )

  it('answers a Prefer for a response the resource does not document with its 400 and challenge', async () => {
    const resource = mock.profile.protectedResource!
    const answer = await get(resource.path, { prefer: 'code=339' })
    expect(answer.status).toBe(400)
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_request"/)
    expect(prism.judge('get', resource.path, answer)).toEqual([])
    expect(styleProblems(mock.profile.errorStyle.value, 400, answer.headers, answer.body)).toEqual(
      [],
    )
  })

  it('serves the key set to an Accept it cannot satisfy, disregarding the Accept', async () => {
    const jwks =
      mock.profile.jwks ?? mock.profile.operations.find((op) => /certs|jwks/.test(op.path))!
    const answer = await get(jwks.path, { accept: 'image/png', prefer: 'code=200' })
    expect(answer.status).toBe(200)
    expect(prism.judge('get', jwks.path, answer)).toEqual([])
  })
})
