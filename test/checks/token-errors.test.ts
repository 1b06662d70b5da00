import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  errorCharacters,
  errorCode,
  errorMediaType,
  errorUri,
  invalidGrant,
  invalidScope,
  noServerError,
  unsupportedGrantType,
} from '../../src/checks/token-errors.ts'
import { exchange, invalidJson, judge, token, tokenResponse, type ExchangeSpec } from './build.ts'

type Row = [name: string, check: Check, spec: ExchangeSpec, message: string]

const error = (status: number, body: Record<string, unknown>, headers = {}): ExchangeSpec => ({
  scenario: 'password.wrong-password',
  status,
  json: body,
  headers,
})

describe('token error checks fail', () => {
  it.each<Row>([
    [
      'problem+json',
      errorMediaType,
      error(400, { title: 'Bad Request' }, { 'content-type': 'application/problem+json' }),
      'got `application/problem+json`',
    ],
    [
      'text/html',
      errorMediaType,
      {
        scenario: 'grant.missing',
        status: 400,
        body: '<h1>Bad</h1>',
        headers: { 'content-type': 'text/html' },
      },
      'got `text/html`',
    ],
    ['no error member', errorCode, error(400, { message: 'bad' }), 'got nothing'],
    [
      'an error code off the list',
      errorCode,
      error(400, { error: 'invalid_credentials' }),
      'got `invalid_credentials`',
    ],
    ['a numeric error', errorCode, error(401, { error: 401 }), 'got `401`'],
    [
      'a quote in error_description',
      errorCharacters,
      error(400, { error: 'invalid_grant', error_description: 'the "password" is wrong' }),
      'got U+0022 (`"`)',
    ],
    [
      'non-ASCII error_description',
      errorCharacters,
      error(400, { error: 'invalid_grant', error_description: 'Ungültige Anmeldedaten' }),
      'got U+00FC',
    ],
    [
      'a backslash',
      errorCharacters,
      error(400, { error: 'invalid_grant', error_description: 'a\\b' }),
      'got U+005C',
    ],
    [
      'error_description an object',
      errorCharacters,
      error(400, { error: 'invalid_grant', error_description: { en: 'x' } }),
      'expected "error_description" as a string',
    ],
    [
      'error_uri with a space',
      errorUri,
      error(400, { error: 'invalid_grant', error_uri: 'https://as.example/errors/bad grant' }),
      'expected "error_uri" a URI',
    ],
    [
      'a 500',
      noServerError,
      {
        scenario: 'body.json',
        status: 500,
        body: 'oops',
        headers: { 'content-type': 'text/plain' },
      },
      'expected a 4xx error response, got `500` with `text/plain`',
    ],
    [
      'a redirect',
      noServerError,
      { scenario: 'params.in-query', status: 302, body: '' },
      'got `302` with an empty body',
    ],
    [
      'Keycloak ≤ 26.5: 401 for a wrong password',
      invalidGrant,
      error(401, { error: 'invalid_grant' }),
      'expected `400` with "error" `invalid_grant`, got `401` with "error" `invalid_grant`',
    ],
    [
      'UAA: 401 unauthorized',
      invalidGrant,
      error(401, { error: 'unauthorized', error_description: 'Bad credentials' }),
      'got `401` with "error" `unauthorized`',
    ],
    [
      'a token for a wrong password',
      invalidGrant,
      { ...tokenResponse(), scenario: 'password.wrong-password' },
      'got `200` with an access token',
    ],
    [
      'unknown user as invalid_request',
      invalidGrant,
      { ...error(400, { error: 'invalid_request' }), scenario: 'password.unknown-user' },
      'got `400` with "error" `invalid_request`',
    ],
    [
      'unknown grant as invalid_request',
      unsupportedGrantType,
      { ...error(400, { error: 'invalid_request' }), scenario: 'grant.unsupported' },
      'expected `400` with "error" `unsupported_grant_type`',
    ],
    [
      'unknown scope ignored, no scope member',
      invalidScope,
      { ...tokenResponse(), scenario: 'scope.invalid' },
      'and no "scope"',
    ],
    [
      'unknown scope as invalid_request',
      invalidScope,
      { ...error(400, { error: 'invalid_request' }), scenario: 'scope.invalid' },
      'expected `400` with "error" `invalid_scope`',
    ],
  ])('%s', (_, check, spec, message) => {
    expect(judge(check, exchange(spec))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })
})

describe('token error checks pass what the standard allows', () => {
  it.each<[string, Check, ExchangeSpec]>([
    [
      'RFC 6749 JSON',
      errorMediaType,
      error(400, { error: 'invalid_grant' }, { 'content-type': 'application/json;charset=UTF-8' }),
    ],
    ['each listed code', errorCode, error(401, { error: 'invalid_client' })],
    ['no error_description', errorCharacters, error(400, { error: 'invalid_grant' })],
    [
      'a plain description',
      errorCharacters,
      error(400, {
        error: 'invalid_grant',
        error_description: "Invalid user credentials (it's #1)",
      }),
    ],
    ['no error_uri', errorUri, error(400, { error: 'invalid_grant' })],
    [
      'an error_uri',
      errorUri,
      error(400, { error: 'invalid_grant', error_uri: 'https://as.example/errors#grant' }),
    ],
    ['a 415 for JSON', noServerError, { scenario: 'body.json', status: 415, body: '' }],
    ['a 405', noServerError, { scenario: 'params.in-query', status: 405, body: '' }],
    [
      '400 invalid_grant',
      invalidGrant,
      error(400, { error: 'invalid_grant', error_description: 'Invalid user credentials' }),
    ],
    [
      '400 without a code (ProblemDetail): the code is error-code’s to judge',
      invalidGrant,
      error(400, { title: 'Bad Request', status: 400 }),
    ],
    [
      '400 unsupported_grant_type',
      unsupportedGrantType,
      { ...error(400, { error: 'unsupported_grant_type' }), scenario: 'grant.unsupported' },
    ],
    [
      '400 invalid_scope',
      invalidScope,
      { ...error(400, { error: 'invalid_scope' }), scenario: 'scope.invalid' },
    ],
    [
      'unknown scope ignored, granted scope named',
      invalidScope,
      { ...tokenResponse({ scope: 'read' }), scenario: 'scope.invalid' },
    ],
  ])('%s', (_, check, spec) => {
    expect(judge(check, exchange(spec))).toEqual({ outcome: 'pass' })
  })

  it.each([403, 405, 415, 422])(
    'judges every 4xx of the token endpoint for the error format: %s',
    (status) => {
      // Before: only 400 and 401 were judged, so a `text/plain` 403 or 422 passed unseen.
      const verdict = judge(
        errorMediaType,
        exchange({
          scenario: 'body.json',
          status,
          body: 'no',
          headers: { 'content-type': 'text/plain' },
        }),
      )
      expect(verdict).toMatchObject({
        outcome: 'fail',
        message: expect.stringContaining('got `text/plain`'),
      })
    },
  )

  it('skips an answer that is no 4xx', () => {
    const verdict = judge(errorMediaType, exchange({ scenario: 'body.json', status: 500 }))
    expect(verdict).toMatchObject({
      outcome: 'skip',
      reason: expect.stringContaining('no 4xx error response'),
    })
  })

  it('takes unsupported_grant_type for a garbage refresh token from a server that issued no refresh token', () => {
    const refusal = exchange({
      scenario: 'refresh.garbage',
      status: 400,
      json: { error: 'unsupported_grant_type' },
      headers: { 'content-type': 'application/json' },
    })
    const noRefresh = { 'password.valid': [exchange({ status: 200, json: { access_token: 'a' } })] }
    expect(judge(invalidGrant, refusal, { related: noRefresh })).toEqual({ outcome: 'pass' })
    // A server that issues refresh tokens has the grant: a garbage one is `invalid_grant`.
    const withRefresh = {
      'password.valid': [
        exchange({ ...tokenResponse(), tokens: [token('access_token'), token('refresh_token')] }),
      ],
    }
    expect(judge(invalidGrant, refusal, { related: withRefresh })).toMatchObject({
      outcome: 'fail',
    })
  })

  it('judges every error of a scenario with several', () => {
    const ok = exchange(error(400, { error: 'invalid_grant' }))
    const bad = exchange({ ...error(429, {}), status: 401, json: { message: 'slow down' } })
    expect(judge(errorCode, [ok, bad])).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(`(in \`${bad.id}\`)`),
    })
  })
})

describe('token error checks never pass a body they cannot read', () => {
  const unreadable = invalidJson(400, JSON.stringify({ error: 'invalid_grant' }))
  it.each<[string, Check, ExchangeSpec, string]>([
    ['error_uri', errorUri, unreadable, 'the body is not a JSON object: it is not valid JSON'],
    [
      'invalid_grant',
      invalidGrant,
      { ...unreadable, scenario: 'password.wrong-password' },
      'got `400` with `application/json` that is not valid JSON (Expected property name',
    ],
    [
      'invalid_scope',
      invalidScope,
      { ...unreadable, scenario: 'scope.invalid' },
      'that is not valid JSON (Expected property name',
    ],
  ])('%s: a skip naming the invalid JSON', (_, check, spec, reason) => {
    expect(judge(check, exchange(spec))).toMatchObject({
      outcome: 'skip',
      reason: expect.stringContaining(reason),
    })
  })

  it('the error code check fails it, naming the invalid JSON', () => {
    expect(judge(errorCode, exchange(unreadable))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('got a body that is not valid JSON (Expected property name'),
    })
  })
})
