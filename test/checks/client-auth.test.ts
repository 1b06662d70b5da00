import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  basicFailure401,
  basicFailureChallenge,
  basicFormUrlencoded,
  basicSupported,
  clientAuthenticationRequired,
  oneAuthMethod,
  wrongSecretInvalidClient,
} from '../../src/checks/client-auth.ts'
import { exchange, judge, profile, tokenResponse, type ExchangeSpec } from './build.ts'

type Row = [name: string, check: Check, spec: ExchangeSpec, message: string]

const err = (
  status: number,
  error: string,
  headers: Record<string, string> = {},
): ExchangeSpec => ({
  status,
  json: { error },
  headers,
})

describe('client authentication checks fail', () => {
  it.each<Row>([
    [
      'Basic refused',
      basicSupported,
      { ...err(401, 'invalid_client'), label: 'client_secret_basic' },
      'expected a token for a client in HTTP Basic, got `401`',
    ],
    [
      'a colon in the secret not decoded',
      basicFormUrlencoded,
      err(401, 'invalid_client'),
      'form-urlencoded in Basic, got `401` with "error" `invalid_client`',
    ],
    [
      'no client authentication, yet a token',
      clientAuthenticationRequired,
      tokenResponse(),
      'expected `400` or `401` with "error" `invalid_client`, got `200`',
    ],
    [
      'no client authentication as invalid_grant',
      clientAuthenticationRequired,
      err(400, 'invalid_grant'),
      'got `400` with "error" `invalid_grant`',
    ],
    [
      'Keycloak: 401 unauthorized_client for a wrong secret',
      wrongSecretInvalidClient,
      err(401, 'unauthorized_client'),
      'expected `400` or `401` with "error" `invalid_client`, got `401` with "error" `unauthorized_client`',
    ],
    [
      'Keycloak (old): 400 invalid_client after Basic',
      basicFailure401,
      err(400, 'invalid_client'),
      'expected `401` after a failed HTTP Basic attempt, got `400`',
    ],
    [
      'no challenge after Basic',
      basicFailureChallenge,
      err(401, 'invalid_client'),
      'got no WWW-Authenticate header',
    ],
    [
      'a Bearer challenge after Basic',
      basicFailureChallenge,
      err(401, 'invalid_client', { 'www-authenticate': 'Bearer realm="as"' }),
      'of the Basic scheme the client used, got `Bearer realm="as"`',
    ],
    [
      'a malformed challenge',
      basicFailureChallenge,
      err(401, 'invalid_client', { 'www-authenticate': 'Basic realm="as' }),
      'unterminated quoted-string',
    ],
    [
      'Basic and body credentials at once, yet a token',
      oneAuthMethod,
      tokenResponse(),
      'got `200` with an access token',
    ],
    [
      'Basic and body credentials as invalid_grant',
      oneAuthMethod,
      err(400, 'invalid_grant'),
      'expected `400` with "error" `invalid_request`',
    ],
  ])('%s', (_, check, spec, message) => {
    expect(judge(check, exchange(spec))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })
})

describe('client authentication checks pass what the standard allows', () => {
  it.each<[string, Check, ExchangeSpec]>([
    ['Basic works', basicSupported, { ...tokenResponse(), label: 'client_secret_basic' }],
    ['encoded secret works', basicFormUrlencoded, tokenResponse()],
    ['400 invalid_client without Basic', clientAuthenticationRequired, err(400, 'invalid_client')],
    [
      '401 invalid_client without Basic',
      clientAuthenticationRequired,
      err(401, 'invalid_client', { 'www-authenticate': 'Basic realm="as"' }),
    ],
    ['400 invalid_client for a body secret', wrongSecretInvalidClient, err(400, 'invalid_client')],
    ['401 after Basic', basicFailure401, err(401, 'invalid_client')],
    [
      'a Basic challenge, any case, among others',
      basicFailureChallenge,
      err(401, 'invalid_client', {
        'www-authenticate': 'Bearer realm="x", basic realm="as", charset="UTF-8"',
      }),
    ],
    [
      'a Basic challenge on two field lines',
      basicFailureChallenge,
      {
        status: 401,
        json: { error: 'invalid_client' },
        headers: { 'www-authenticate': ['Negotiate', 'Basic realm="as"'] },
      },
    ],
    ['400 invalid_request for two methods', oneAuthMethod, err(400, 'invalid_request')],
    ['401 invalid_client for two methods', oneAuthMethod, err(401, 'invalid_client')],
  ])('%s', (_, check, spec) => {
    expect(judge(check, exchange(spec))).toEqual({ outcome: 'pass' })
  })

  it('skips Basic support when password.valid sent no Basic request', () => {
    expect(
      judge(basicSupported, exchange({ ...tokenResponse(), label: 'client_secret_post' })),
    ).toMatchObject({ outcome: 'skip' })
  })

  it('does not apply to public clients', () => {
    expect(clientAuthenticationRequired.notApplicable?.(profile('wogeez'))).toContain('public')
    expect(clientAuthenticationRequired.notApplicable?.(profile('wso2-api-cloud'))).toBeUndefined()
  })
})
