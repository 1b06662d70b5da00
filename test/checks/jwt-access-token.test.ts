import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  jwtSigned,
  jwtTyp,
  keyPublished,
  lifetimeAgrees,
  requiredClaims,
} from '../../src/checks/jwt-access-token.ts'
import { audienceRestricted } from '../../src/checks/security-bcp.ts'
import type { TokenFacts } from '../../src/http/exchange.ts'
import { exchange, judge, jwtToken, token, tokenResponse } from './build.ts'

const CLAIMS = {
  iss: 'https://as.example',
  exp: 4600,
  aud: 'https://rs.example',
  sub: 'alice',
  client_id: 'c1',
  iat: 1000,
  jti: 'j1',
}
const HEADER = { alg: 'RS256', typ: 'at+jwt', kid: 'k1' }

const withToken = (t: TokenFacts, body: Record<string, unknown> = {}) =>
  exchange({ ...tokenResponse(body), tokens: [t] })
const without = (name: keyof typeof CLAIMS) => {
  const claims: Record<string, unknown> = { ...CLAIMS }
  delete claims[name]
  return jwtToken(claims, HEADER)
}

describe('JWT access token checks fail', () => {
  it.each<[string, Check, TokenFacts, string]>([
    [
      'alg none',
      jwtSigned,
      jwtToken(CLAIMS, { alg: 'none', typ: 'at+jwt' }, 0),
      'expected a signing "alg" in the JWT header, got `none`',
    ],
    ['no alg', jwtSigned, jwtToken(CLAIMS, { typ: 'at+jwt' }, 0), 'got nothing'],
    [
      'an empty signature',
      jwtSigned,
      jwtToken(CLAIMS, HEADER, 0),
      'expected a signature for "alg" `RS256`, got an empty one',
    ],
    [
      'typ JWT (Keycloak)',
      jwtTyp,
      jwtToken(CLAIMS, { alg: 'RS256', typ: 'JWT' }),
      'expected "typ" `at+jwt` in the JWT header, got `JWT`',
    ],
    [
      'no client_id',
      requiredClaims,
      without('client_id'),
      'expected the claims "client_id", got none',
    ],
    ['no jti', requiredClaims, without('jti'), '"jti"'],
    [
      'exp a string',
      requiredClaims,
      jwtToken({ ...CLAIMS, exp: '4600' }, HEADER),
      'expected "exp" of the type RFC 7519 gives it, got `4600`',
    ],
    [
      'a lifetime other than expires_in',
      lifetimeAgrees,
      jwtToken({ ...CLAIMS, exp: 1300 }, HEADER),
      'expected "exp" - "iat" to be about "expires_in" `3600`, got `300`',
    ],
    ['no audience', audienceRestricted, without('aud'), 'expected an "aud" claim'],
  ])('%s', (_, check, facts, message) => {
    // wogeez: a spec that says it issues JWT access tokens, so RFC 9068 applies to every token.
    expect(judge(check, withToken(facts), { profile: 'wogeez' })).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })

  it.each([
    [
      'a kid the key set lacks',
      jwtToken(CLAIMS, HEADER),
      [{ kty: 'RSA', kid: 'other' }],
      'expected "kid" `k1` in the key set, got `other`',
    ],
    [
      'no kid among several keys',
      jwtToken(CLAIMS, { alg: 'RS256', typ: 'at+jwt' }),
      [
        { kty: 'RSA', kid: 'a' },
        { kty: 'RSA', kid: 'b' },
      ],
      'expected a "kid" in the JWT header to choose among 2 keys',
    ],
  ])('key-published fails %s', (_, facts, keys, message) => {
    const jwks = exchange({ scenario: 'discovery.jwks', status: 200, json: { keys } })
    expect(
      judge(keyPublished, withToken(facts), { related: { 'discovery.jwks': [jwks] } }),
    ).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })
})

describe('JWT access token checks pass what the standard allows', () => {
  it.each<[string, Check, TokenFacts]>([
    ['RS256, signed', jwtSigned, jwtToken(CLAIMS, HEADER)],
    ['at+jwt', jwtTyp, jwtToken(CLAIMS, HEADER)],
    [
      'application/at+jwt, any case',
      jwtTyp,
      jwtToken(CLAIMS, { alg: 'ES256', typ: 'Application/AT+JWT' }),
    ],
    [
      'every claim, aud a list',
      requiredClaims,
      jwtToken({ ...CLAIMS, aud: ['a', 'b'], scope: 'read' }, HEADER),
    ],
    [
      'lifetime within seconds of expires_in',
      lifetimeAgrees,
      jwtToken({ ...CLAIMS, exp: 4602 }, HEADER),
    ],
    ['an audience', audienceRestricted, jwtToken(CLAIMS, HEADER)],
  ])('%s', (_, check, facts) => {
    expect(judge(check, withToken(facts))).toEqual({ outcome: 'pass' })
  })

  it('applies RFC 9068 all or none: to a JWT that does not declare it, on a spec that does not promise JWTs, none applies', () => {
    const facts = jwtToken({ sub: 'a' }, { alg: 'none', typ: 'JWT' })
    for (const check of [jwtSigned, jwtTyp, requiredClaims, lifetimeAgrees, keyPublished]) {
      expect(judge(check, withToken(facts)), check.id).toMatchObject({
        outcome: 'not-applicable',
        reason: expect.stringContaining('does not declare RFC 9068'),
      })
    }
    // The same token where the spec says it issues JWT access tokens: every check judges it.
    for (const check of [jwtSigned, jwtTyp, requiredClaims]) {
      expect(judge(check, withToken(facts), { profile: 'wogeez' }), check.id).toMatchObject({
        outcome: 'fail',
      })
    }
  })

  it('skips opaque tokens', () => {
    for (const check of [jwtSigned, jwtTyp, requiredClaims, lifetimeAgrees, audienceRestricted]) {
      expect(judge(check, withToken(token('access_token')))).toMatchObject({
        outcome: expect.stringMatching(/^(skip|not-applicable)$/),
      })
    }
  })

  it('finds the key by kid, or the only key without one', () => {
    const jwks = (keys: unknown[]) => ({
      'discovery.jwks': [exchange({ scenario: 'discovery.jwks', status: 200, json: { keys } })],
    })
    expect(
      judge(keyPublished, withToken(jwtToken(CLAIMS, HEADER)), {
        related: jwks([{ kty: 'RSA', kid: 'k1' }]),
      }),
    ).toEqual({ outcome: 'pass' })
    expect(
      judge(keyPublished, withToken(jwtToken(CLAIMS, { alg: 'RS256' })), {
        profile: 'wogeez',
        related: jwks([{ kty: 'RSA' }]),
      }),
    ).toEqual({ outcome: 'pass' })
    expect(judge(keyPublished, withToken(jwtToken(CLAIMS, HEADER)))).toMatchObject({
      outcome: 'skip',
    })
  })
})
