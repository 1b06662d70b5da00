/**
 * Requests a client library will not send but a socket can: a request target that is not a URL,
 * an unknown method, a byte the HTTP parser refuses, headers over Node's limit. The mock answers
 * each with a 4xx in the vendor's style and goes on answering; none may crash it (an unhandled
 * rejection ends a Node process) or leave the connection hanging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { rawRequest } from './raw-http.ts'
import { styleProblems } from './vendor-style.ts'

const rejections: unknown[] = []
const record = (reason: unknown) => rejections.push(reason)

const request = (line: string, headers = '') =>
  `${line}\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`

const CASES = [
  // RFC 9112 §3.2.1: `//[` is an origin-form path with an empty first segment, not a host.
  ['a path that looks like a broken host', request('GET //[ HTTP/1.1'), 404],
  ['an absolute target with a broken host', request('GET http://[::1 HTTP/1.1'), 400],
  ['an absolute target with a port out of range', request('GET http://x:99999/ HTTP/1.1'), 400],
  ['an unknown method', request('FROB / HTTP/1.1'), 400],
  ['a raw non-ASCII byte in the target', Buffer.from('GET /\xff HTTP/1.1\r\n\r\n', 'latin1'), 400],
  ['a space in the target', request('GET /a b HTTP/1.1'), 400],
  ['headers over the limit', request('GET / HTTP/1.1', `X-Big: ${'x'.repeat(20_000)}\r\n`), 431],
  ['a target over the limit', request(`GET /?${'a=1&'.repeat(5_000)} HTTP/1.1`), 431],
  [
    'a body and both Content-Length and Transfer-Encoding',
    request('POST /token HTTP/1.1', 'Content-Length: 3\r\nTransfer-Encoding: chunked\r\n') + 'abc',
    400,
  ],
] as const

describe.each(['wokelo', 'auth-login'])('the %s mock, given a request it cannot parse', (name) => {
  let mock: RunningMock
  beforeAll(async () => {
    process.on('unhandledRejection', record)
    mock = await startMock({ spec: name, log: false })
  })
  afterAll(async () => {
    process.off('unhandledRejection', record)
    await mock.close()
  })

  it.each(CASES)('answers %s with a 4xx in its style', async (_, bytes, status) => {
    const answer = await rawRequest(mock.port, bytes)
    expect(answer.failure).toBeUndefined()
    expect(answer.status).toBe(status)
    expect(
      styleProblems(mock.profile.errorStyle.value, status, answer.headers, answer.body),
    ).toEqual([])
    // Still answering, and nothing was left unhandled.
    const next = await rawRequest(mock.port, request(`GET ${mock.profile.token.path} HTTP/1.1`))
    expect(next.status).toBe(405)
    expect(rejections).toEqual([])
  })
})
