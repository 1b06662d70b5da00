import { describe, expect, it } from 'vitest'
import type { Exchange, RecordedResponse } from '../../src/http/exchange.ts'
import { computeDrift } from '../../src/report/drift.ts'
import { loadSpec } from '../../src/openapi/load.ts'

const { profile, document } = loadSpec('wokelo')
const BASE = 'https://wokelo.invalid'

let counter = 0
function exchange(
  scenario: string,
  request: { method?: string; path: string; body?: string },
  response?: Partial<RecordedResponse> & { status: number },
): Exchange {
  counter += 1
  return {
    id: `${scenario}#${counter}`,
    scenario,
    startedAt: '2026-03-01T09:00:00.000Z',
    durationMs: 5,
    request: {
      method: request.method ?? 'POST',
      url: `${BASE}${request.path}`,
      headers: [],
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    ...(response === undefined
      ? { failure: { kind: 'timeout' as const, message: 'no response within 10 s' } }
      : {
          response: {
            statusText: '',
            headers: [['content-type', 'application/json']],
            body: response.json === undefined ? '' : JSON.stringify(response.json),
            bytes: 0,
            truncated: false,
            tokens: [],
            ...response,
          },
        }),
  }
}

const token = (json: Record<string, unknown>, path = '/auth/token/') =>
  exchange('password.valid', { path, body: 'grant_type=password' }, { status: 200, json })

/** What the vendor page documents, exactly as its example shows it. */
const conformant = {
  access_token: '[redacted]',
  expires_in: 2628288,
  token_type: 'Bearer',
  scope: 'read write',
  refresh_token: '[redacted]',
}

describe('computeDrift (wokelo)', () => {
  it('finds none when the target answers as its spec documents', () => {
    const exchanges = [
      token(conformant),
      exchange(
        'password.wrong-password',
        { path: '/auth/token/', body: 'x' },
        { status: 400, json: { error: 'invalid_grant' } },
      ),
      exchange(
        'resource.valid-token',
        { method: 'GET', path: '/api/me' },
        { status: 200, json: { sub: 'sam' } },
      ),
    ]
    expect(computeDrift({ exchanges, profile, document: document.data })).toEqual([])
  })

  it('finds an undocumented status, once per status, with every exchange that showed it', () => {
    const a = exchange(
      'password.wrong-password',
      { path: '/auth/token/', body: 'x' },
      { status: 403, json: { error: 'x' } },
    )
    const b = exchange(
      'password.unknown-user',
      { path: '/auth/token/', body: 'x' },
      { status: 403, json: { error: 'x' } },
    )
    expect(computeDrift({ exchanges: [a, b], profile, document: document.data })).toEqual([
      {
        kind: 'undocumented-status',
        operation: 'POST /auth/token/',
        message:
          'status `403` is not documented for POST /auth/token/ (it documents `200`, `400`, `401`, `413`, `415`)',
        documented: '200 | 400 | 401 | 413 | 415',
        observed: '403',
        exchangeIds: [a.id, b.id],
      },
    ])
  })

  it('finds an undocumented media type', () => {
    const html = exchange(
      'grant.unsupported',
      { path: '/auth/token/', body: 'x' },
      { status: 400, headers: [['content-type', 'text/html; charset=utf-8']], body: '<h1>no</h1>' },
    )
    expect(computeDrift({ exchanges: [html], profile, document: document.data })).toEqual([
      expect.objectContaining({
        kind: 'undocumented-media-type',
        message:
          '`text/html` is not a documented media type of the `400` response of POST /auth/token/ (it documents `application/json`)',
        observed: 'text/html',
      }),
    ])
  })

  it('finds fields sent but not documented, documented fields never sent, and example values that differ', () => {
    const sent = {
      access_token: '[redacted]',
      expires_in: 3600,
      token_type: 'bearer',
      tenant: 'acme',
    }
    const first = token({ ...sent, refresh_token: '[redacted]' })
    const second = token(sent)
    const drift = computeDrift({ exchanges: [first, second], profile, document: document.data })
    expect(drift.map((d) => [d.kind, d.message])).toEqual([
      [
        'undocumented-field',
        '"tenant" is in the `200` response of POST /auth/token/ but not documented',
      ],
      [
        'documented-field-never-seen',
        '"scope" is documented for the `200` response of POST /auth/token/ but absent from all 2 successful responses',
      ],
      [
        'example-value-differs',
        '"expires_in" is `2628288` in the vendor page\'s example (lines 24–30), got `3600`',
      ],
      [
        'example-value-differs',
        '"token_type" is `"Bearer"` in the vendor page\'s example (lines 24–30), got `"bearer"`',
      ],
    ])
    expect(drift.find((d) => d.kind === 'undocumented-field')?.exchangeIds).toEqual([
      first.id,
      second.id,
    ])
    const tokenType = drift.find((d) => d.message.startsWith('"token_type"'))!
    expect(tokenType).toMatchObject({
      documented: '"Bearer"',
      observed: '"bearer"',
      exchangeIds: [first.id, second.id],
    })
  })

  it('an example value seen at least once is no drift', () => {
    const drift = computeDrift({
      exchanges: [token({ ...conformant, expires_in: 3600 }), token(conformant)],
      profile,
      document: document.data,
    })
    expect(drift).toEqual([])
  })

  it('never compares tokens with the example, nor reports what only the mock documents', () => {
    // /api/me and its members are the mock's (x-tokencheck-source: tokencheck): never "never seen"
    const me = exchange(
      'resource.valid-token',
      { method: 'GET', path: '/api/me' },
      { status: 200, json: {} },
    )
    const drift = computeDrift({
      exchanges: [token(conformant), me],
      profile,
      document: document.data,
    })
    expect(drift).toEqual([])
  })

  it('matches operations under a server prefix and by role when the endpoint lives elsewhere', () => {
    const prefixed = token({ ...conformant, tenant: 'acme' }, '/v1/auth/token/')
    const elsewhere = token({ ...conformant, tenant: 'acme' }, '/o/token')
    const drift = computeDrift({
      exchanges: [prefixed, elsewhere],
      profile,
      document: document.data,
    })
    expect(drift).toEqual([
      expect.objectContaining({
        kind: 'undocumented-field',
        exchangeIds: [prefixed.id, elsewhere.id],
      }),
    ])
  })

  it('leaves out failed exchanges and requests to no operation of the spec', () => {
    const timeout = exchange('refresh.valid', { path: '/auth/token/', body: 'x' })
    const get = exchange(
      'method.get',
      { method: 'GET', path: '/auth/token/' },
      { status: 405, json: { error: 'x' } },
    )
    expect(computeDrift({ exchanges: [timeout, get], profile, document: document.data })).toEqual(
      [],
    )
  })
})
