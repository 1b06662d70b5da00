import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  credentialsNotInQuery,
  duplicateParameter,
  emptyParameterOmitted,
  formUrlencodedAccepted,
  getRefused,
  missingParameter,
  otherBodyRefused,
  specialCharacters,
  tls,
  unencodedRefused,
  unknownParameterIgnored,
} from '../../src/checks/token-request.ts'
import {
  exchange,
  judge,
  profile,
  tokenResponse,
  workingBaselines,
  type ExchangeSpec,
} from './build.ts'

type Row = [name: string, check: Check, spec: ExchangeSpec, message: string, spec?: string]

const refused = (status: number, body: Record<string, unknown>): ExchangeSpec => ({
  status,
  json: body,
})
const multipart =
  '--b\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\npassword\r\n--b--\r\n'

describe('token request checks fail', () => {
  it.each<Row>([
    [
      'plain HTTP to a public host',
      tls,
      { ...tokenResponse(), request: { url: 'http://as.example/token' } },
      'expected an `https:` token endpoint, got `http://as.example/token`',
    ],
    [
      'a token for GET',
      getRefused,
      { ...tokenResponse(), scenario: 'method.get' },
      'expected a GET to be refused, got `200` with an access token',
    ],
    [
      'grant_type= as an unknown grant',
      emptyParameterOmitted,
      refused(400, { error: 'unsupported_grant_type' }),
      'expected `400` with "error" `invalid_request`, got `400` with "error" `unsupported_grant_type`',
    ],
    [
      'unknown parameter refused',
      unknownParameterIgnored,
      refused(400, { error: 'invalid_request' }),
      'expected a token despite the unknown parameter',
    ],
    [
      'duplicate parameter taken',
      duplicateParameter,
      tokenResponse(),
      'got `200` with an access token',
    ],
    [
      'missing password as invalid_grant (Keycloak-style 401)',
      missingParameter,
      refused(401, { error: 'invalid_grant' }),
      'expected `400` with "error" `invalid_request`',
    ],
    [
      'missing grant_type as unsupported',
      missingParameter,
      refused(400, { error: 'unsupported_grant_type' }),
      'got `400` with "error" `unsupported_grant_type`',
    ],
    [
      'special characters refused',
      specialCharacters,
      refused(400, { error: 'invalid_grant' }),
      'expected a token for credentials with reserved and non-ASCII characters',
    ],
    [
      'unencoded credentials accepted',
      unencodedRefused,
      tokenResponse(),
      'to be refused, got `200` with an access token',
    ],
    [
      'query credentials accepted',
      credentialsNotInQuery,
      tokenResponse(),
      'a request with its credentials in the URI to be refused',
    ],
    [
      'urlencoded refused where multipart is documented',
      formUrlencodedAccepted,
      refused(415, { error: 'invalid_request' }),
      'expected a token for a application/x-www-form-urlencoded request, got `415`',
      'wokelo',
    ],
    [
      'JSON taken',
      otherBodyRefused,
      {
        ...tokenResponse(),
        scenario: 'body.json',
        request: {
          headers: { 'content-type': 'application/json' },
          body: '{"grant_type":"password"}',
        },
      },
      'expected a `application/json` body to be refused',
    ],
    [
      'multipart taken where only urlencoded is documented',
      otherBodyRefused,
      {
        ...tokenResponse(),
        request: {
          headers: { 'content-type': 'multipart/form-data; boundary=b' },
          body: multipart,
        },
      },
      'expected a `multipart/form-data` body to be refused',
    ],
  ])('%s', (_, check, spec, message, specName) => {
    expect(judge(check, exchange(spec), { profile: specName ?? 'rfc6749-password' })).toMatchObject(
      {
        outcome: 'fail',
        message: expect.stringContaining(message),
      },
    )
  })
})

describe('token request checks pass what the standard allows', () => {
  it.each<[string, Check, ExchangeSpec, string?]>([
    ['https', tls, tokenResponse()],
    ['405 for GET', getRefused, refused(405, {})],
    ['400 for GET', getRefused, refused(400, { error: 'invalid_request' })],
    [
      'invalid_request for grant_type=',
      emptyParameterOmitted,
      refused(400, { error: 'invalid_request', error_description: 'Missing grant_type' }),
    ],
    ['unknown parameter ignored', unknownParameterIgnored, tokenResponse()],
    ['duplicate refused', duplicateParameter, refused(400, { error: 'invalid_request' })],
    ['missing parameter refused', missingParameter, refused(400, { error: 'invalid_request' })],
    ['special characters work', specialCharacters, tokenResponse()],
    [
      'unencoded refused with invalid_grant',
      unencodedRefused,
      refused(400, { error: 'invalid_grant' }),
    ],
    [
      'unencoded refused with invalid_request',
      unencodedRefused,
      refused(400, { error: 'invalid_request' }),
    ],
    [
      'query credentials refused',
      credentialsNotInQuery,
      refused(400, { error: 'invalid_request' }),
    ],
    [
      'urlencoded works where multipart is documented',
      formUrlencodedAccepted,
      tokenResponse(),
      'wokelo',
    ],
    [
      'JSON refused with 415',
      otherBodyRefused,
      {
        ...refused(415, {}),
        request: { headers: { 'content-type': 'application/json' }, body: '{}' },
      },
    ],
    [
      'JSON refused with 400',
      otherBodyRefused,
      {
        ...refused(400, { error: 'invalid_request' }),
        request: { headers: { 'content-type': 'application/json' }, body: '{}' },
      },
    ],
  ])('%s', (_, check, spec, specName) => {
    expect(
      judge(check, exchange(spec), {
        profile: specName ?? 'rfc6749-password',
        related: workingBaselines(),
      }),
    ).toEqual({ outcome: 'pass' })
  })

  it.each<[string, Check, ExchangeSpec]>([
    ['a GET', getRefused, refused(405, { error: 'invalid_request' })],
    ['credentials in the query', credentialsNotInQuery, refused(500, { error: 'server_error' })],
    [
      'a JSON body',
      otherBodyRefused,
      {
        ...refused(415, {}),
        request: { headers: { 'content-type': 'application/json' }, body: '{}' },
      },
    ],
  ])('does not pass %s refused by a server that refuses a valid request too', (_, check, spec) => {
    const down = { 'password.valid': [exchange(refused(500, { error: 'server_error' }))] }
    expect(judge(check, exchange(spec), { related: down })).toEqual({
      outcome: 'skip',
      reason:
        '`password.valid` got no token either (`500` with "error" `server_error`), so a refusal here says nothing',
    })
  })

  it('does not pass unencoded credentials refused where the encoded ones fail too', () => {
    const unknownUser = {
      'password.valid': [exchange(tokenResponse())],
      'password.special-characters': [
        exchange({
          ...refused(400, { error: 'invalid_grant' }),
          scenario: 'password.special-characters',
        }),
      ],
    }
    expect(
      judge(unencodedRefused, exchange(refused(400, { error: 'invalid_grant' })), {
        related: unknownUser,
      }),
    ).toEqual({
      outcome: 'skip',
      reason:
        '`password.special-characters` got no token either (`400` with "error" `invalid_grant`), so a refusal here says nothing',
    })
  })

  it('still fails a token issued to a GET, whatever the baseline', () => {
    const get = { ...tokenResponse(), request: { method: 'GET' } }
    expect(judge(getRefused, exchange(get), { related: {} })).toMatchObject({ outcome: 'fail' })
  })

  it.each(['http://127.0.0.1:4010/token', 'http://app.localhost:4010/token', 'http://[::1]/t'])(
    'skips TLS on a loopback target: %s',
    (url) => {
      const verdict = judge(tls, exchange({ ...tokenResponse(), request: { url } }))
      expect(verdict).toMatchObject({
        outcome: 'skip',
        reason: expect.stringContaining('loopback'),
      })
    },
  )

  it('fails plain HTTP to a name that only looks local', () => {
    const url = 'http://localhost.example.com/token'
    const verdict = judge(tls, exchange({ ...tokenResponse(), request: { url } }))
    expect(verdict).toMatchObject({ outcome: 'fail' })
  })

  it('does not apply the urlencoded check where urlencoded is what the spec documents', () => {
    expect(formUrlencodedAccepted.notApplicable?.(profile('rfc6749-password'))).toContain(
      'password.valid sends',
    )
    expect(formUrlencodedAccepted.notApplicable?.(profile('wokelo'))).toBeUndefined()
  })

  it('skips a documented media type: multipart for Wokelo is its own format', () => {
    const spec = {
      ...tokenResponse(),
      request: { headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: multipart },
    }
    expect(judge(otherBodyRefused, exchange(spec), { profile: 'wokelo' })).toMatchObject({
      outcome: 'skip',
    })
  })
})
