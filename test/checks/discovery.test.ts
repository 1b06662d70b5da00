import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  advertisesWhatWorks,
  discoveryResponse,
  emptyOmitted,
  issuerHttps,
  issuerMatchesTokens,
  issuerMatchesUrl,
  multiValuedArrays,
  requiredMembers,
  responseTypes,
  rs256Supported,
  scopesIncludeOpenid,
  tokenEndpointAgrees,
} from '../../src/checks/discovery.ts'
import { jwksKeys, jwksPublicOnly } from '../../src/checks/jwks.ts'
import { exchange, judge, jwtToken, token, tokenResponse, type ExchangeSpec } from './build.ts'

const BASE = 'https://auth.example/realms/w'
const URL_ = `${BASE}/.well-known/openid-configuration`
const DOC = {
  issuer: BASE,
  authorization_endpoint: `${BASE}/auth`,
  token_endpoint: `${BASE}/token`,
  jwks_uri: `${BASE}/certs`,
  response_types_supported: ['code'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256', 'ES256'],
  grant_types_supported: ['password', 'refresh_token'],
  token_endpoint_auth_methods_supported: ['none'],
  scopes_supported: ['openid', 'profile'],
  claims_parameter_supported: false,
}

const doc = (changes: Record<string, unknown> = {}, url = URL_): ExchangeSpec => ({
  scenario: 'discovery.document',
  status: 200,
  json: { ...DOC, ...changes },
  request: { method: 'GET', url, body: '' },
})
const without = (name: keyof typeof DOC): ExchangeSpec => {
  const copy: Record<string, unknown> = { ...DOC }
  delete copy[name]
  return { ...doc(), json: copy }
}

const passwordValid = (url = `${BASE}/token`, tokens = [token('access_token')]) => [
  exchange({
    ...tokenResponse(),
    tokens,
    label: 'none',
    request: { url, body: 'grant_type=password&client_id=w' },
  }),
]

describe('discovery checks fail', () => {
  it.each<[string, Check, ExchangeSpec, string]>([
    [
      '404',
      discoveryResponse,
      { ...doc(), status: 404, json: { error: 'not_found' } },
      'expected `200`, got `404`',
    ],
    [
      'text/html',
      discoveryResponse,
      { ...doc(), headers: { 'content-type': 'text/html' } },
      'got `text/html`',
    ],
    [
      'issuer elsewhere',
      issuerMatchesUrl,
      doc({ issuer: 'https://auth.example/realms/other' }),
      `expected "issuer" \`${BASE}\`, got \`https://auth.example/realms/other\``,
    ],
    ['no jwks_uri', requiredMembers, without('jwks_uri'), 'expected "jwks_uri", got none'],
    [
      'no subject types',
      requiredMembers,
      without('subject_types_supported'),
      '"subject_types_supported"',
    ],
    [
      'http issuer',
      issuerHttps,
      doc({ issuer: 'http://auth.example/realms/w' }),
      'expected an `https` "issuer"',
    ],
    [
      'issuer with a query',
      issuerHttps,
      doc({ issuer: `${BASE}?tenant=1` }),
      'without query or fragment',
    ],
    [
      'no RS256',
      rs256Supported,
      doc({ id_token_signing_alg_values_supported: ['ES256'] }),
      'to include `RS256`, got `["ES256"]`',
    ],
    [
      'scopes without openid',
      scopesIncludeOpenid,
      doc({ scopes_supported: ['profile'] }),
      'to include `openid`',
    ],
    [
      'a space-separated string',
      multiValuedArrays,
      doc({ response_types_supported: 'code id_token' }),
      'expected "response_types_supported" as a JSON array of strings, got `code id_token`',
    ],
    [
      'an empty list',
      emptyOmitted,
      doc({ acr_values_supported: [] }),
      '"acr_values_supported": `[]`',
    ],
    ['jwks 500', jwksKeys, { scenario: 'discovery.jwks', status: 500, body: '' }, 'expected `200`'],
    [
      'keys not an array',
      jwksKeys,
      { scenario: 'discovery.jwks', status: 200, json: { keys: { kty: 'RSA' } } },
      'expected a "keys" array',
    ],
    [
      'a key without kty',
      jwksKeys,
      { scenario: 'discovery.jwks', status: 200, json: { keys: [{ kid: 'a' }] } },
      'got `{"kid":"a"}` at "keys/0"',
    ],
    [
      'a private RSA key',
      jwksPublicOnly,
      {
        scenario: 'discovery.jwks',
        status: 200,
        json: { keys: [{ kty: 'RSA', kid: 'k1', n: 'x', e: 'AQAB', d: 'secret' }] },
      },
      'got "d" in "keys/0" (kid `k1`)',
    ],
    [
      'a symmetric key',
      jwksPublicOnly,
      { scenario: 'discovery.jwks', status: 200, json: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      'got "k" in "keys/0"',
    ],
  ])('%s', (_, check, spec, message) => {
    expect(judge(check, exchange(spec), { profile: 'wogeez' })).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })

  it.each<[string, Check, Record<string, unknown>, ReturnType<typeof passwordValid>, string]>([
    [
      'password works but is not advertised',
      advertisesWhatWorks,
      { grant_types_supported: ['authorization_code'] },
      passwordValid(),
      'expected "grant_types_supported" to list `password`',
    ],
    [
      'password works, the default list omits it',
      advertisesWhatWorks,
      { grant_types_supported: undefined },
      passwordValid(),
      'got `["authorization_code","implicit"]`',
    ],
    [
      'a method works but is not advertised',
      advertisesWhatWorks,
      { token_endpoint_auth_methods_supported: ['client_secret_basic'] },
      passwordValid(),
      'to list `none`',
    ],
    [
      'another token endpoint',
      tokenEndpointAgrees,
      {},
      passwordValid('https://auth.example/oauth/token'),
      'expected "token_endpoint" `https://auth.example/oauth/token`',
    ],
    [
      'tokens from another issuer',
      issuerMatchesTokens,
      {},
      passwordValid(undefined, [jwtToken({ iss: 'https://other.example' })]),
      `expected "iss" \`${BASE}\``,
    ],
  ])('%s', (_, check, changes, related, message) => {
    const verdict = judge(check, exchange(doc(changes)), {
      profile: 'wogeez',
      related: { 'password.valid': related },
    })
    expect(verdict).toMatchObject({ outcome: 'fail', message: expect.stringContaining(message) })
  })
})

describe('discovery checks pass what the standard allows', () => {
  it.each<[string, Check, ExchangeSpec]>([
    ['a 200 JSON document', discoveryResponse, doc()],
    ['issuer from the URL', issuerMatchesUrl, doc()],
    ['issuer with a trailing slash', issuerMatchesUrl, doc({ issuer: `${BASE}/` })],
    ['every required member, and unknown ones', requiredMembers, doc({ 'x-vendor': 1 })],
    ['https issuer', issuerHttps, doc()],
    ['RS256 among others', rs256Supported, doc()],
    ['openid among scopes', scopesIncludeOpenid, doc()],
    ['no scopes_supported', scopesIncludeOpenid, without('scopes_supported')],
    ['arrays, and booleans that are not lists', multiValuedArrays, doc()],
    ['nothing empty', emptyOmitted, doc()],
    [
      'a public key set',
      jwksKeys,
      {
        scenario: 'discovery.jwks',
        status: 200,
        json: { keys: [{ kty: 'RSA', kid: 'k1', n: 'x', e: 'AQAB', use: 'sig', x5c: ['MII'] }] },
      },
    ],
    [
      'public keys only',
      jwksPublicOnly,
      {
        scenario: 'discovery.jwks',
        status: 200,
        json: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] },
      },
    ],
  ])('%s', (_, check, spec) => {
    expect(judge(check, exchange(spec), { profile: 'wogeez' })).toEqual({ outcome: 'pass' })
  })

  it.each<[string, Check, ReturnType<typeof passwordValid>]>([
    ['what works is advertised', advertisesWhatWorks, passwordValid()],
    ['the token endpoint that issued tokens', tokenEndpointAgrees, passwordValid()],
    ['iss is the issuer', issuerMatchesTokens, passwordValid(undefined, [jwtToken({ iss: BASE })])],
  ])('%s', (_, check, related) => {
    expect(
      judge(check, exchange(doc()), { profile: 'wogeez', related: { 'password.valid': related } }),
    ).toEqual({ outcome: 'pass' })
  })

  it('skips the loopback mock’s plain-HTTP issuer', () => {
    const verdict = judge(
      issuerHttps,
      exchange(doc({ issuer: 'http://127.0.0.1:4010/realms/w' })),
      { profile: 'wogeez' },
    )
    expect(verdict).toMatchObject({ outcome: 'skip', reason: expect.stringContaining('loopback') })
  })

  it('skips the comparisons when the run supplied nothing to compare with', () => {
    expect(judge(advertisesWhatWorks, exchange(doc()), { profile: 'wogeez' })).toMatchObject({
      outcome: 'skip',
    })
    expect(advertisesWhatWorks.alsoReads).toContain('setup')
  })

  it('does not pass "advertises what works" when nothing worked', () => {
    // Before: with every grant refused, an empty list of what worked passed.
    const refused = exchange({ status: 400, json: { error: 'invalid_scope' } })
    expect(
      judge(advertisesWhatWorks, exchange(doc()), {
        profile: 'wogeez',
        related: { 'password.valid': [refused] },
      }),
    ).toMatchObject({
      outcome: 'skip',
      reason: expect.stringContaining('nothing is known to work'),
    })
  })

  it('judges "grant_types_supported" against every grant that worked, setup grants included', () => {
    const refused = exchange({ status: 400, json: { error: 'invalid_scope' } })
    const setupGrant = exchange({
      ...tokenResponse(),
      scenario: 'setup',
      request: {
        body: 'grant_type=refresh_token&refresh_token=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    })
    expect(
      judge(advertisesWhatWorks, exchange(doc({ grant_types_supported: ['password'] })), {
        profile: 'wogeez',
        related: { 'password.valid': [refused], setup: [setupGrant] },
      }),
    ).toMatchObject({ outcome: 'fail', message: expect.stringContaining('`refresh_token`') })
  })

  it.each([
    [['code', 'password'], '`password` is a grant type'],
    [['code id_token', 'refresh_token'], '`refresh_token` is a grant type'],
    [['none code'], 'got `none code`'],
  ])('fails "response_types_supported" %j', (values, message) => {
    expect(
      judge(responseTypes, exchange(doc({ response_types_supported: values })), {
        profile: 'wogeez',
      }),
    ).toMatchObject({ outcome: 'fail', message: expect.stringContaining(message) })
  })

  it('passes response types and their combinations', () => {
    expect(
      judge(
        responseTypes,
        exchange(doc({ response_types_supported: ['code', 'id_token token', 'none'] })),
        { profile: 'wogeez' },
      ),
    ).toEqual({ outcome: 'pass' })
  })
})
