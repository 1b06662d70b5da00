import { describe, expect, it } from 'vitest'
import {
  audienceRestricted,
  bruteForceProtection,
  passwordGrant,
  tokensDistinct,
} from '../../src/checks/security-bcp.ts'
import { exchange, judge, jwtToken, token, tokenResponse } from './build.ts'

const wrong = (status = 400, durationMs = 5, headers: Record<string, string> = {}) =>
  exchange({
    scenario: 'password.repeated-wrong-password',
    status,
    json: { error: 'invalid_grant' },
    durationMs,
    headers,
  })

describe('security advisories', () => {
  it('notes the password grant wherever it issues a token', () => {
    expect(judge(passwordGrant, exchange(tokenResponse()))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('RFC 9700 §2.4'),
    })
  })

  it('passes a server that has turned the password grant off', () => {
    expect(
      judge(passwordGrant, exchange({ status: 400, json: { error: 'unsupported_grant_type' } })),
    ).toEqual({ outcome: 'pass' })
  })

  it('notes the password grant where the server checks the password it was given', () => {
    expect(
      judge(passwordGrant, exchange({ status: 400, json: { error: 'invalid_grant' } })),
    ).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('the server checks passwords'),
    })
  })

  it.each([
    [
      'a 500',
      { status: 500, json: { error: 'server_error' } },
      '`500` with "error" `server_error`',
    ],
    [
      'an HTML page',
      { status: 200, body: '<html></html>', headers: { 'content-type': 'text/html' } },
      '`200` with `text/html`',
    ],
    [
      'invalid_client',
      { status: 401, json: { error: 'invalid_client' } },
      '`401` with "error" `invalid_client`',
    ],
  ])('cannot tell from %s whether the grant is offered', (_, spec, got) => {
    expect(judge(passwordGrant, exchange(spec))).toEqual({
      outcome: 'skip',
      reason: expect.stringContaining(
        `expected a token or "error" \`unsupported_grant_type\`, got ${got}`,
      ),
    })
  })

  it('notes ten wrong passwords answered alike and as fast', () => {
    const verdict = judge(
      bruteForceProtection,
      Array.from({ length: 10 }, () => wrong()),
    )
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message:
        'expected signs of throttling after 10 wrong passwords (429, Retry-After, or steadily slower answers), got status 400, the first answers in 5 ms, the last in 5 ms',
    })
  })

  it('does not take a loaded machine for throttling: one slow answer, or a slow start', () => {
    const spike = Array.from({ length: 10 }, (_, i) => wrong(400, i === 8 ? 900 : 5))
    const slowStart = Array.from({ length: 10 }, (_, i) =>
      wrong(400, i === 0 ? 600 : i > 6 ? 500 : 5),
    )
    expect(judge(bruteForceProtection, spike)).toMatchObject({ outcome: 'fail' })
    expect(judge(bruteForceProtection, slowStart)).toMatchObject({ outcome: 'fail' })
  })

  it.each([
    [
      'a 429',
      () => [
        ...Array.from({ length: 6 }, () => wrong()),
        ...Array.from({ length: 4 }, () => wrong(429)),
      ],
    ],
    [
      'a Retry-After on a 400',
      () => [...Array.from({ length: 9 }, () => wrong()), wrong(400, 5, { 'retry-after': '30' })],
    ],
    [
      'answers slowing down',
      () => Array.from({ length: 10 }, (_, i) => wrong(400, i < 5 ? 5 : 400)),
    ],
  ])('sees throttling in %s', (_, exchanges) => {
    expect(judge(bruteForceProtection, exchanges())).toEqual({ outcome: 'pass' })
  })

  it('notes the same access token for two requests', () => {
    const same = token('access_token')
    const verdict = judge(tokensDistinct, [
      exchange({ ...tokenResponse(), tokens: [same] }),
      exchange({ ...tokenResponse(), tokens: [same] }),
    ])
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('expected a new "access_token" for each request'),
    })
  })

  it('passes distinct tokens, and skips with one', () => {
    expect(judge(tokensDistinct, [exchange(tokenResponse()), exchange(tokenResponse())])).toEqual({
      outcome: 'pass',
    })
    expect(judge(tokensDistinct, exchange(tokenResponse()))).toMatchObject({ outcome: 'skip' })
  })
})

describe('rfc9700.2.3.audience-restricted', () => {
  const withAud = (aud: unknown, body: Record<string, unknown> = {}) =>
    exchange({
      ...tokenResponse(body),
      tokens: [jwtToken({ sub: 'a', aud, scope: 'read write' }, { alg: 'RS256', typ: 'at+jwt' })],
    })

  it.each([
    ['a granted scope', 'read', {}],
    ['scope names only', ['read', 'write'], {}],
    ['the scope of the response', 'profile', { scope: 'profile' }],
  ])('notes an "aud" that is %s, not a resource', (_, aud, body) => {
    // Before: any non-empty "aud" passed, though a scope name restricts the token to nothing.
    expect(judge(audienceRestricted, withAud(aud, body))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('a scope name'),
    })
  })

  it.each([
    ['a resource URL', 'https://rs.example'],
    ['a resource name', 'orders-api'],
    ['a resource among scopes', ['read', 'https://rs.example']],
  ])('passes an "aud" that is %s', (_, aud) => {
    expect(judge(audienceRestricted, withAud(aud))).toEqual({ outcome: 'pass' })
  })
})
