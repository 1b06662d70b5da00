import { describe, expect, it } from 'vitest'
import type { Exchange, RecordedResponse } from '../../src/http/exchange.ts'
import { lastGrantAnswer } from '../../src/scenarios/grants.ts'

function sent(scenario: string, response?: Partial<RecordedResponse>, failure?: string): Exchange {
  return {
    id: `${scenario}#1`,
    scenario,
    request: { method: 'POST', url: 'https://idp.test/token', headers: [] },
    ...(response === undefined
      ? {}
      : {
          response: {
            status: 200,
            statusText: '',
            headers: [],
            body: '',
            bytes: 0,
            truncated: false,
            tokens: [],
            ...response,
          },
        }),
    ...(failure === undefined ? {} : { failure: { kind: 'timeout' as const, message: failure } }),
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
  }
}

describe('lastGrantAnswer: why no token came, for a skip reason', () => {
  it.each([
    [
      'no response',
      sent('password.valid', undefined, 'no response within 2 s'),
      ' (its last answer: no response within 2 s)',
    ],
    [
      'an OAuth error',
      sent('setup', { status: 400, json: { error: 'invalid_grant' } }),
      ' (its last answer: `400` with "error" `invalid_grant`)',
    ],
    [
      'an HTML error page',
      sent('password.valid', {
        status: 500,
        headers: [['content-type', 'text/html; charset=utf-8']],
      }),
      ' (its last answer: `500` with `text/html`)',
    ],
    [
      'a 503',
      sent('password.valid', { status: 503, headers: [['retry-after', '120']] }),
      ' (its last answer: `503` with "Retry-After" `120`)',
    ],
    [
      'a redirect',
      sent('password.valid', { status: 307, headers: [['location', 'https://other.test/token']] }),
      ' (its last answer: `307` redirect to `https://other.test/token`, not followed)',
    ],
    [
      // Before: "obtained no access token (its last answer: `200`)", a reason that seemed to
      // contradict itself.
      'a 2xx without a token',
      sent('password.valid', { status: 200, json: { accessToken: 'x' } }),
      ' (its last answer: `200` without an "access_token")',
    ],
    [
      'invalid JSON',
      sent('password.valid', { jsonError: 'Unexpected end of JSON input' }),
      ' (its last answer: `200`, a body that is not valid JSON)',
    ],
  ])('%s', (_, exchange, expected) => {
    expect(lastGrantAnswer([sent('discovery.document', { status: 200 }), exchange])).toBe(expected)
  })

  it('says nothing when no token request was sent', () => {
    expect(lastGrantAnswer([sent('discovery.document', { status: 200 })])).toBe('')
  })
})
