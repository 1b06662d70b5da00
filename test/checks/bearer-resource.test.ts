import { describe, expect, it } from 'vitest'
import {
  algNoneRefused,
  challengeParamsOnce,
  expiredTokenRefused,
  insufficientScope403,
  invalidToken401,
  noErrorWithoutCredentials,
  queryCachePrivate,
  schemeCaseInsensitive,
  tamperedTokenRefused,
  tokenTwoWays,
  validTokenAccepted,
  wwwAuthenticateBearer,
} from '../../src/checks/bearer-resource.ts'
import type { Check } from '../../src/checks/check.ts'
import { scopeEnforced } from '../../src/checks/spec-contract.ts'
import { exchange, judge, profile, workingBaselines, type ExchangeSpec } from './build.ts'

type Row = [name: string, check: Check, spec: ExchangeSpec, message: string]

const ok: ExchangeSpec = {
  status: 200,
  json: { sub: 'alice' },
  request: { method: 'GET', url: 'https://rs.example/me' },
}
const refused = (
  status: number,
  challenge?: string | string[],
  body: unknown = { error: 'invalid_token' },
): ExchangeSpec => ({
  status,
  json: body,
  headers: challenge === undefined ? {} : { 'www-authenticate': challenge },
  request: { method: 'GET', url: 'https://rs.example/me' },
})

describe('bearer resource checks fail', () => {
  it.each<Row>([
    [
      'a valid token refused',
      validTokenAccepted,
      refused(401, 'Bearer error="invalid_token"'),
      'expected a valid bearer token to be accepted, got `401`',
    ],
    [
      'lower-case bearer refused (Prism-style)',
      schemeCaseInsensitive,
      refused(401, 'Bearer'),
      'expected a valid token in `Authorization: bearer …` to be accepted',
    ],
    ['no challenge', wwwAuthenticateBearer, refused(401), 'got no WWW-Authenticate header'],
    [
      'a Basic challenge only',
      wwwAuthenticateBearer,
      refused(401, 'Basic realm="api"'),
      'challenge of the Bearer scheme, got `Basic realm="api"`',
    ],
    [
      'an error code without credentials',
      noErrorWithoutCredentials,
      refused(401, 'Bearer realm="api", error="invalid_token"'),
      'expected a Bearer challenge without "error", got `error="invalid_token"`',
    ],
    [
      'realm twice',
      challengeParamsOnce,
      refused(401, 'Bearer realm="a", realm="b"'),
      'expected "realm" at most once in the Bearer challenge, got it 2 times',
    ],
    [
      'error twice across lines',
      challengeParamsOnce,
      refused(401, 'Bearer error="invalid_token", ERROR="invalid_request"'),
      '"error" at most once',
    ],
    [
      'an expired token accepted',
      expiredTokenRefused,
      ok,
      'expected an expired token to be refused, got `200`',
    ],
    [
      'an altered token accepted',
      tamperedTokenRefused,
      ok,
      'expected an altered token to be refused',
    ],
    [
      'alg none accepted',
      algNoneRefused,
      ok,
      'expected an unsigned (`"alg": "none"`) token to be refused',
    ],
    [
      '403 for an expired token',
      invalidToken401,
      refused(403, 'Bearer error="invalid_token"'),
      'expected `401` with `error="invalid_token"`, got `403` with `error="invalid_token"`',
    ],
    [
      '401 without a code',
      invalidToken401,
      refused(401, 'Bearer realm="api"', {}),
      'got `401` with no error code',
    ],
    [
      '401 for a missing scope',
      insufficientScope403,
      refused(401, 'Bearer error="invalid_token"'),
      'expected `403` with `error="insufficient_scope"`, got `401`',
    ],
    ['a missing scope accepted', insufficientScope403, ok, 'got `200`'],
    [
      'a token two ways accepted',
      tokenTwoWays,
      ok,
      'expected `400` with `error="invalid_request"`, got `200`',
    ],
    [
      'a token two ways as 401',
      tokenTwoWays,
      refused(401, 'Bearer error="invalid_token"'),
      'got `401` with `error="invalid_token"`',
    ],
    [
      'a query token cached',
      queryCachePrivate,
      { ...ok, headers: { 'cache-control': 'max-age=300' } },
      'expected "Cache-Control: private" on a 2xx to a token in the query, got `max-age=300`',
    ],
    ['a query token with no Cache-Control', queryCachePrivate, ok, 'got no Cache-Control header'],
    [
      'a missing scope accepted (spec)',
      scopeEnforced,
      ok,
      'expected a token without the scope `update` to be refused',
    ],
  ])('%s', (_, check, spec, message) => {
    expect(
      judge(check, exchange(spec), { profile: 'wso2-api-cloud', related: workingBaselines() }),
    ).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })
})

describe('bearer resource checks pass what the standard allows', () => {
  it.each<[string, Check, ExchangeSpec]>([
    ['a valid token', validTokenAccepted, ok],
    ['lower-case bearer', schemeCaseInsensitive, ok],
    [
      'a Bearer challenge',
      wwwAuthenticateBearer,
      refused(401, 'Bearer realm="api", error="invalid_token", error_description="expired"'),
    ],
    [
      'lower-case scheme in the challenge',
      wwwAuthenticateBearer,
      refused(401, 'bearer realm="api"'),
    ],
    [
      'two challenges on two lines',
      wwwAuthenticateBearer,
      refused(401, ['Basic realm="x"', 'Bearer realm="api"']),
    ],
    [
      'no error code without credentials',
      noErrorWithoutCredentials,
      refused(401, 'Bearer realm="api"', {}),
    ],
    [
      'each parameter once',
      challengeParamsOnce,
      refused(403, 'Bearer realm="api", error="insufficient_scope", scope="update read"'),
    ],
    ['an expired token refused', expiredTokenRefused, refused(401, 'Bearer error="invalid_token"')],
    ['alg none refused with 400', algNoneRefused, refused(400, 'Bearer error="invalid_request"')],
    [
      '401 invalid_token',
      invalidToken401,
      refused(401, 'Bearer error="invalid_token", error_description="The access token expired"'),
    ],
    [
      '401 invalid_token in the body only',
      invalidToken401,
      refused(401, 'Bearer realm="api"', { error: 'invalid_token' }),
    ],
    [
      '403 insufficient_scope',
      insufficientScope403,
      refused(403, 'Bearer error="insufficient_scope", scope="update"', {
        error: 'insufficient_scope',
      }),
    ],
    [
      '400 invalid_request',
      tokenTwoWays,
      refused(400, 'Bearer error="invalid_request"', { error: 'invalid_request' }),
    ],
    ['a query token refused', queryCachePrivate, refused(401, 'Bearer')],
    [
      'a query token, private',
      queryCachePrivate,
      { ...ok, headers: { 'cache-control': 'private, max-age=0' } },
    ],
    [
      'a query token, no-store',
      queryCachePrivate,
      { ...ok, headers: { 'cache-control': 'no-store' } },
    ],
    [
      'a missing scope refused (spec)',
      scopeEnforced,
      refused(403, 'Bearer error="insufficient_scope"'),
    ],
  ])('%s', (_, check, spec) => {
    expect(
      judge(check, exchange(spec), { profile: 'wso2-api-cloud', related: workingBaselines() }),
    ).toEqual({ outcome: 'pass' })
  })

  it.each<[string, Check, ExchangeSpec]>([
    ['an expired token', expiredTokenRefused, refused(401, 'Bearer error="invalid_token"')],
    ['an altered token', tamperedTokenRefused, refused(401, 'Bearer error="invalid_token"')],
    ['an alg none token', algNoneRefused, refused(500, 'Bearer')],
    ['a token without the scope', scopeEnforced, refused(403, 'Bearer')],
  ])('does not pass %s refused by a resource that refuses a valid token too', (_, check, spec) => {
    const refusesAll = {
      'resource.valid-token': [
        exchange({ scenario: 'resource.valid-token', ...refused(500, 'Bearer') }),
      ],
    }
    expect(
      judge(check, exchange(spec), { profile: 'wso2-api-cloud', related: refusesAll }),
    ).toEqual({
      outcome: 'skip',
      reason:
        'the resource refused a valid token too (`500` with "error" `invalid_token`), so a refusal here says nothing',
    })
    expect(judge(check, exchange(spec), { profile: 'wso2-api-cloud', related: {} })).toEqual({
      outcome: 'skip',
      reason: '`resource.valid-token` did not run, so a refusal here says nothing',
    })
  })

  it('leaves a challenge it cannot read to rfc6750.3.www-authenticate-bearer alone', () => {
    // Each parameter once, but the quotes inside a value are not escaped: not a challenge that
    // parses. Only the check of the header's form fails it; a check of what a challenge holds
    // cannot judge it, and says so, rather than failing its own clause or passing it.
    const malformed = refused(
      401,
      'bearer error="missing_authorization", error_description="Missing "Authorization" in headers."',
    )
    expect(judge(wwwAuthenticateBearer, exchange(malformed))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('expected a well-formed "WWW-Authenticate"'),
    })
    for (const check of [challengeParamsOnce, noErrorWithoutCredentials]) {
      expect(judge(check, exchange(malformed)), check.id).toEqual({
        outcome: 'skip',
        reason: expect.stringMatching(
          /^could not judge: no Bearer challenge to read \(rfc6750\.3\.www-authenticate-bearer: expected a well-formed/,
        ),
      })
    }
    // Another scheme only: the same.
    expect(judge(challengeParamsOnce, exchange(refused(401, 'Basic realm="api"')))).toMatchObject({
      outcome: 'skip',
    })
  })

  it('still fails an accepted token whatever the baseline', () => {
    expect(judge(expiredTokenRefused, exchange(ok), { related: {} })).toMatchObject({
      outcome: 'fail',
    })
  })

  it('judges a token sent two ways only where the resource accepts the query method at all', () => {
    const queryRefused = {
      'resource.token-in-query': [
        exchange({ scenario: 'resource.token-in-query', ...refused(401, 'Bearer') }),
      ],
    }
    // Before: a resource that refuses every query token failed "two ways" for a 401.
    expect(
      judge(tokenTwoWays, exchange(refused(401, 'Bearer error="invalid_token"')), {
        related: queryRefused,
      }),
    ).toMatchObject({
      outcome: 'not-applicable',
      reason: expect.stringContaining('does not accept a token in the query at all'),
    })
    expect(
      judge(tokenTwoWays, exchange(refused(401, 'Bearer error="invalid_token"')), {
        related: workingBaselines(),
      }),
    ).toMatchObject({ outcome: 'fail' })
  })

  it('skips the challenge checks when the request was accepted', () => {
    expect(judge(wwwAuthenticateBearer, exchange(ok))).toMatchObject({ outcome: 'skip' })
    expect(judge(invalidToken401, exchange(ok))).toMatchObject({ outcome: 'skip' })
  })

  it('judges the scope only where the resource needs one', () => {
    expect(insufficientScope403.notApplicable?.(profile('rfc6749-password'))).toContain(
      'needs no scope',
    )
    expect(insufficientScope403.notApplicable?.(profile('wso2-api-cloud'))).toBeUndefined()
  })
})
