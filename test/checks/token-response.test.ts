import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  accessToken,
  cacheControlNoStore,
  entropyBound,
  expiresIn,
  expiresInNumber,
  jsonMediaType,
  jsonObject,
  pragmaNoCache,
  responseParametersOnce,
  scopeWhenChanged,
  status200,
  stringMembers,
  tokenEntropy,
  tokenType,
  tokenTypeBearer,
  tokenVschar,
} from '../../src/checks/token-response.ts'
import {
  exchange,
  invalidJson,
  judge,
  jwtToken,
  token,
  tokenResponse,
  type ExchangeSpec,
} from './build.ts'

type Row = [name: string, check: Check, spec: ExchangeSpec, message?: string]

const ok = tokenResponse()

describe('token response checks fail', () => {
  it.each<Row>([
    [
      'refused valid request (UAA-style 401)',
      status200,
      { status: 401, json: { error: 'invalid_grant' } },
      'expected `200` with an access token, got `401` with "error" `invalid_grant`',
    ],
    ['201 instead of 200', status200, { ...ok, status: 201 }, 'got `201` with an access token'],
    [
      'text/plain',
      jsonMediaType,
      { ...ok, headers: { ...ok.headers, 'content-type': 'text/plain' } },
      'got `text/plain`',
    ],
    [
      'no content type',
      jsonMediaType,
      tokenResponse({}, { 'content-type': '' }),
      'got no Content-Type header',
    ],
    ['not JSON', jsonObject, { status: 200, body: 'access_token=abc' }, 'does not parse as JSON'],
    ['a JSON array', jsonObject, { status: 200, json: [1] }, 'got a JSON array'],
    [
      'no access_token',
      accessToken,
      { ...ok, json: { token_type: 'Bearer' } },
      'expected an "access_token" string, got nothing',
    ],
    [
      'no token_type',
      tokenType,
      { ...ok, json: { access_token: 'x' } },
      'expected a "token_type" string, got nothing',
    ],
    [
      'token_type JWT',
      tokenTypeBearer,
      tokenResponse({ token_type: 'JWT' }),
      'expected "token_type" `Bearer` (in any case), got `JWT`',
    ],
    [
      'expires_in as a string',
      expiresInNumber,
      tokenResponse({ expires_in: '3600' }),
      'expected "expires_in" as a JSON number, got `3600`',
    ],
    [
      'no expires_in',
      expiresIn,
      { ...ok, json: { access_token: 'x', token_type: 'Bearer' } },
      'expected "expires_in" (RECOMMENDED), got none',
    ],
    [
      'expires_in over a year',
      expiresIn,
      tokenResponse({ expires_in: 86_400_000 }),
      'over a year, which suggests milliseconds',
    ],
    [
      'expires_in a thousand times the JWT lifetime',
      expiresIn,
      { ...tokenResponse({ expires_in: 3_600_000 }), tokens: [jwtToken({ iat: 1000, exp: 4600 })] },
      'the JWT lives `3600` seconds: milliseconds',
    ],
    [
      'expires_in negative',
      expiresIn,
      tokenResponse({ expires_in: -5 }),
      'a positive integer of seconds, got `-5`',
    ],
    ['expires_in fractional', expiresIn, tokenResponse({ expires_in: 1.5 }), 'got `1.5`'],
    [
      'no Cache-Control',
      cacheControlNoStore,
      { ...ok, headers: { pragma: 'no-cache' } },
      'got no Cache-Control header',
    ],
    [
      'max-age only',
      cacheControlNoStore,
      tokenResponse({}, { 'cache-control': 'max-age=60' }),
      'got `max-age=60`',
    ],
    [
      'no-cache is not no-store',
      cacheControlNoStore,
      tokenResponse({}, { 'cache-control': 'no-cache, private' }),
      'got `no-cache, private`',
    ],
    [
      'no Pragma',
      pragmaNoCache,
      { ...ok, headers: { 'cache-control': 'no-store' } },
      'got no Pragma header',
    ],
    [
      'scope as an array',
      stringMembers,
      tokenResponse({ scope: ['read', 'write'] }),
      'expected "scope" as a JSON string, got `["read","write"]`',
    ],
    [
      'refresh_token a number',
      stringMembers,
      tokenResponse({ refresh_token: 12 }),
      'expected "refresh_token" as a JSON string',
    ],
    [
      'repeated member',
      responseParametersOnce,
      { ...ok, body: '{"access_token":"a","token_type":"Bearer","token_type":"mac"}' },
      'got "token_type" more than once',
    ],
    [
      'non-VSCHAR token',
      tokenVschar,
      { ...ok, tokens: [token('access_token', { vschar: false, alphabet: 'other' })] },
      'expected "access_token" of VSCHAR characters only',
    ],
    [
      'short hex token',
      tokenEntropy,
      { ...ok, tokens: [token('access_token', { length: 16, alphabet: 'hex' })] },
      'got 16 hex characters (at most 64 bits)',
    ],
    [
      'short refresh token',
      tokenEntropy,
      {
        ...ok,
        tokens: [
          token('access_token'),
          token('refresh_token', { length: 8, alphabet: 'base64url' }),
        ],
      },
      '"refresh_token" to carry at least 128 bits',
    ],
    [
      'unsigned JWT',
      tokenEntropy,
      { ...ok, tokens: [jwtToken({}, { alg: 'none' }, 0)] },
      'a JWT with a 0-byte signature',
    ],
  ])('%s', (_, check, spec, message) => {
    expect(judge(check, exchange(spec))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message ?? ''),
    })
  })

  it('names the exchange among several that failed', () => {
    const verdict = judge(cacheControlNoStore, [
      exchange({ ...ok, label: 'client_secret_basic' }),
      exchange({
        ...tokenResponse({}, { 'cache-control': 'private' }),
        label: 'client_secret_post',
      }),
    ])
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message: expect.stringMatching(/\(in `password\.valid#\d+` \(client_secret_post\)\)$/),
    })
  })

  it('fails the scope check when a JWT shows a scope other than the one requested and no "scope" member', () => {
    const spec = {
      ...ok,
      tokens: [jwtToken({ scope: 'read' })],
      request: { body: 'grant_type=password&username=a&password=b&scope=read+write' },
    }
    expect(judge(scopeWhenChanged, exchange(spec))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(
        "the token's scope `read` differs from the requested `read write`",
      ),
    })
  })
})

describe('token response checks pass what the standard allows', () => {
  it.each<Row>([
    ['a conformant response', status200, ok],
    [
      'charset parameter',
      jsonMediaType,
      tokenResponse({}, { 'content-type': 'application/json; charset=UTF-8' }),
    ],
    ['extra members', jsonObject, tokenResponse({ example_parameter: 'x', id_token: 'y' })],
    ['lower-case bearer', tokenTypeBearer, tokenResponse({ token_type: 'bearer' })],
    ['upper-case BEARER', tokenTypeBearer, tokenResponse({ token_type: 'BEARER' })],
    [
      'expires_in absent is not a type error',
      expiresInNumber,
      { ...ok, json: { access_token: 'x', token_type: 'Bearer' } },
    ],
    ['Wokelo’s month', expiresIn, tokenResponse({ expires_in: 2_628_288 })],
    [
      'a short JWT lifetime in seconds',
      expiresIn,
      { ...tokenResponse({ expires_in: 3 }), tokens: [jwtToken({ iat: 10, exp: 13 })] },
    ],
    [
      'no-store among others',
      cacheControlNoStore,
      tokenResponse({}, { 'cache-control': 'private, No-Store, max-age=0' }),
    ],
    ['Pragma no-cache', pragmaNoCache, ok],
    [
      'scope string and refresh token',
      stringMembers,
      tokenResponse({ scope: 'read write', refresh_token: 'r' }),
    ],
    [
      'each member once',
      responseParametersOnce,
      { ...ok, body: '{"access_token":"a","nested":{"a":1,"a":2},"token_type":"Bearer"}' },
    ],
    [
      'scope omitted when unchanged',
      scopeWhenChanged,
      {
        ...ok,
        tokens: [jwtToken({ scope: 'write read' })],
        request: { body: 'grant_type=password&scope=read%20write' },
      },
    ],
    [
      'scope omitted, nothing requested',
      scopeWhenChanged,
      { ...ok, tokens: [jwtToken({ scope: 'read' })] },
    ],
    [
      'scope named when narrowed',
      scopeWhenChanged,
      {
        ...tokenResponse({ scope: 'read' }),
        request: { body: 'grant_type=password&scope=read+admin' },
      },
    ],
    ['VSCHAR token', tokenVschar, ok],
    ['32 random bytes, base64url', tokenEntropy, ok],
    ['signed JWT', tokenEntropy, { ...ok, tokens: [jwtToken({})] }],
  ])('%s', (_, check, spec) => {
    expect(judge(check, exchange(spec))).toEqual({ outcome: 'pass' })
  })

  it('skips format checks when no token was issued (status200 fails it)', () => {
    expect(
      judge(cacheControlNoStore, exchange({ status: 400, json: { error: 'invalid_grant' } })),
    ).toMatchObject({
      outcome: 'skip',
      reason: expect.stringContaining('got `400` with "error" `invalid_grant`'),
    })
  })

  it('bounds entropy by length and alphabet', () => {
    expect(entropyBound(token('a', { length: 32, alphabet: 'hex' }))).toBe(128)
    expect(entropyBound(token('a', { length: 22, alphabet: 'base64url' }))).toBe(132)
  })
})

describe('token response checks never pass a body they cannot read', () => {
  const unreadable = invalidJson(
    200,
    JSON.stringify({ access_token: '[redacted]', token_type: 'Bearer', expires_in: '60' }),
  )
  const withScope = { ...unreadable, request: { body: 'grant_type=password&scope=read' } }
  it.each<[string, Check, ExchangeSpec]>([
    ['expires_in', expiresInNumber, unreadable],
    ['each parameter once', responseParametersOnce, unreadable],
    ['scope when changed', scopeWhenChanged, withScope],
    ['scope when changed, none asked for', scopeWhenChanged, unreadable],
    ['VSCHAR tokens', tokenVschar, unreadable],
    ['token entropy', tokenEntropy, unreadable],
    ['string members', stringMembers, unreadable],
  ])('%s: a skip naming the invalid JSON', (_, check, spec) => {
    expect(judge(check, exchange(spec))).toEqual({
      outcome: 'skip',
      reason:
        "the body is not a JSON object: it is not valid JSON (Expected property name or '}' in JSON at position 1)",
    })
  })

  it.each<[string, Check]>([
    ['VSCHAR tokens', tokenVschar],
    ['token entropy', tokenEntropy],
  ])('%s: a skip when a 2xx carried no token', (_, check) => {
    expect(judge(check, exchange({ status: 200, json: { accessToken: 'x' } }))).toMatchObject({
      outcome: 'skip',
      reason: expect.stringContaining('no "access_token" or "refresh_token" string'),
    })
  })

  it.each<[string, Check]>([
    ['a JSON object', jsonObject],
    ['a 200 with a token', status200],
  ])('%s: a failure naming the invalid JSON', (_, check) => {
    expect(judge(check, exchange(unreadable))).toMatchObject({ outcome: 'fail' })
  })
})
