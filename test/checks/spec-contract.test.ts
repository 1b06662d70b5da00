import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  documentedResponse,
  exampleValues,
  mediaTypeDocumented,
  operationOf,
  responseHeaders,
  responseSchema,
  statusDocumented,
} from '../../src/checks/spec-contract.ts'
import { loadSpec, resolveSpecPath } from '../../src/openapi/load.ts'
import { exchange, judge, profile, tokenResponse, type ExchangeSpec } from './build.ts'

const WOKELO_TOKEN = 'https://wokelo.invalid/auth/token/'
const at = (spec: ExchangeSpec, url = WOKELO_TOKEN, scenario = 'password.valid'): ExchangeSpec => ({
  ...spec,
  scenario,
  request: { url, ...spec.request },
})
const wokeloOk = (body: Record<string, unknown> = {}) =>
  at(tokenResponse({ scope: 'read write', expires_in: 2_628_288, refresh_token: 'r', ...body }))

describe('spec contract checks fail', () => {
  it.each<[string, Check, ExchangeSpec, string, string?]>([
    [
      'an undocumented 403',
      statusDocumented,
      at({ status: 403, json: { error: 'forbidden' } }),
      'for POST /auth/token/, got `403`',
    ],
    [
      'text/html for a documented 400',
      mediaTypeDocumented,
      at({ status: 400, body: '<p>bad</p>', headers: { 'content-type': 'text/html' } }),
      'expected `application/json` for POST /auth/token/ `400`, got `text/html`',
    ],
    [
      'expires_in as a string',
      responseSchema,
      wokeloOk({ expires_in: '3600' }),
      '"expires_in" must be integer',
    ],
    [
      'an error without "error"',
      responseSchema,
      at({ status: 400, json: { message: 'bad' } }),
      "must have required property 'error'",
    ],
    [
      'auth-login 200 without refresh_token',
      responseSchema,
      at(tokenResponse(), 'https://example.com/api/auth/login'),
      "must have required property 'refresh_token'",
      'auth-login',
    ],
    [
      'a 200 that is not JSON',
      responseSchema,
      at({ status: 200, body: 'access_token=x', headers: { 'content-type': 'application/json' } }),
      'expected a JSON body for `application/json`',
    ],
    [
      'no Cache-Control on the 200',
      responseHeaders,
      at({ ...tokenResponse(), headers: { pragma: 'no-cache' } }),
      'expected "cache-control" on POST /auth/token/ `200` as documented',
    ],
    [
      'Wokelo’s month in the page, an hour observed',
      exampleValues,
      wokeloOk({ expires_in: 3600 }),
      'expected "expires_in" `2628288` as in the page\'s example, got `3600`',
    ],
    [
      'a documented member never seen',
      exampleValues,
      at(tokenResponse({ expires_in: 2_628_288, refresh_token: 'r' })),
      'expected "scope" as in the page\'s example (`read write`), got no "scope"',
    ],
  ])('%s', (_, check, spec, message, specName) => {
    expect(judge(check, exchange(spec), { profile: specName ?? 'wokelo' })).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })
})

describe('spec contract checks pass what the spec allows', () => {
  it.each<[string, Check, ExchangeSpec, string?]>([
    ['a documented 401', statusDocumented, at({ status: 401, json: { error: 'invalid_client' } })],
    [
      'a documented media type with charset',
      mediaTypeDocumented,
      at(tokenResponse({}, { 'content-type': 'application/json; charset=utf-8' })),
    ],
    [
      'an empty body with no Content-Type on an undocumented-content response',
      mediaTypeDocumented,
      at(
        { status: 200, headers: { 'content-type': '' }, request: { method: 'GET' } },
        'https://auth.wogeez.com/realms/wogeez/protocol/openid-connect/auth',
        'discovery.document',
      ),
      'wogeez',
    ],
    [
      'extra members (RFC 6749 §5.1)',
      responseSchema,
      wokeloOk({ id_token: 'x', not_before_policy: 0 }),
    ],
    [
      'a RFC 6749 error with extras',
      responseSchema,
      at({ status: 400, json: { error: 'invalid_grant', error_description: 'x', trace: 'y' } }),
    ],
    [
      'a ProblemDetail error for auth-login',
      responseSchema,
      at(
        {
          status: 400,
          json: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'x' },
          headers: { 'content-type': 'application/problem+json' },
        },
        'https://example.com/api/auth/login',
      ),
      'auth-login',
    ],
    ['required headers sent', responseHeaders, wokeloOk()],
    [
      'the page’s values; lower-case bearer; scope in another order',
      exampleValues,
      wokeloOk({ token_type: 'bearer', scope: 'write read' }),
    ],
  ])('%s', (_, check, spec, specName) => {
    expect(judge(check, exchange(spec), { profile: specName ?? 'wokelo' })).toEqual({
      outcome: 'pass',
    })
  })

  it('skips what is not documented: the schema of an undocumented status', () => {
    expect(
      judge(responseSchema, exchange(at({ status: 403, json: {} })), { profile: 'wokelo' }),
    ).toMatchObject({ outcome: 'skip' })
  })
})

describe('operationOf and documentedResponse', () => {
  it('finds the operation by method and path, the token endpoint elsewhere by its role', () => {
    const p = profile('wogeez')
    const discovery = exchange(
      at(
        { status: 200 },
        'http://127.0.0.1:9/realms/wogeez/.well-known/openid-configuration',
        'discovery.document',
      ),
    )
    expect(
      operationOf({ ...discovery, request: { ...discovery.request, method: 'GET' } }, p)
        ?.operationId,
    ).toBe('getOpenidConfiguration')
    expect(
      operationOf(exchange(at({ status: 200 }, 'https://idp.example/o/token/')), p)?.operationId,
    ).toBe('getToken')
    const get = exchange(
      at(
        { status: 405 },
        'https://idp.example/realms/wogeez/protocol/openid-connect/token',
        'method.get',
      ),
    )
    expect(operationOf({ ...get, request: { ...get.request, method: 'GET' } }, p)).toBeUndefined()
  })

  it('prefers the exact status, then the range, then default', () => {
    const op = {
      ...profile('wokelo').token,
      responses: [{ status: 'default' }, { status: '4XX' }, { status: '400' }],
    } as never
    expect(documentedResponse(op, 400)?.status).toBe('400')
    expect(documentedResponse(op, 404)?.status).toBe('4XX')
    expect(documentedResponse(op, 500)?.status).toBe('default')
  })
})

describe('a spec that closes its token response', () => {
  it('still lets the response carry members it does not know (RFC 6749 §5.1)', () => {
    const text = readFileSync(resolveSpecPath('wokelo'), 'utf8').replace(
      '      required: [access_token, token_type]\n',
      '      required: [access_token, token_type]\n      additionalProperties: false\n',
    )
    expect(text).toContain('additionalProperties: false')
    const dir = mkdtempSync(join(tmpdir(), 'tokencheck-'))
    const file = join(dir, 'closed.yaml')
    writeFileSync(file, text)
    const closed = loadSpec(file).profile
    expect(
      judge(responseSchema, exchange(wokeloOk({ id_token: 'x' })), { profile: closed }),
    ).toEqual({
      outcome: 'pass',
    })
    expect(
      judge(responseSchema, exchange(wokeloOk({ expires_in: 'soon' })), { profile: closed }),
    ).toMatchObject({
      outcome: 'fail',
    })
  })
})
