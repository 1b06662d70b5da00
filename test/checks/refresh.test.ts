import { describe, expect, it } from 'vitest'
import {
  refreshBoundToClient,
  refreshIssuesToken,
  refreshScopeUnchanged,
  widerScopeRefused,
} from '../../src/checks/refresh.ts'
import { refreshRotation } from '../../src/checks/security-bcp.ts'
import type { Exchange } from '../../src/http/exchange.ts'
import { exchange, judge, token, tokenResponse, type ExchangeSpec } from './build.ts'

const REFRESH = 'grant_type=refresh_token&refresh_token=%5Bredacted%5D'

function grant(scenario: string, spec: ExchangeSpec = tokenResponse({ scope: 'read' })): Exchange {
  return exchange({ ...spec, scenario })
}

function refresh(scenario: string, spec: ExchangeSpec, body = REFRESH): Exchange {
  return exchange({ ...spec, scenario, request: { body } })
}

const err = (status: number, error: string): ExchangeSpec => ({ status, json: { error } })

describe('refresh checks', () => {
  it.each([
    [
      'refused',
      err(400, 'invalid_grant'),
      'expected a new access token for a valid refresh token, got `400`',
    ],
    [
      '401 unauthorized_client',
      err(401, 'unauthorized_client'),
      'got `401` with "error" `unauthorized_client`',
    ],
  ])('refresh-issues-token fails when %s', (_, spec, message) => {
    const verdict = judge(refreshIssuesToken, [
      grant('refresh.valid'),
      refresh('refresh.valid', spec),
    ])
    expect(verdict).toMatchObject({ outcome: 'fail', message: expect.stringContaining(message) })
  })

  it('refresh-issues-token passes a refresh that issues no new refresh token', () => {
    const verdict = judge(refreshIssuesToken, refresh('refresh.valid', tokenResponse()))
    expect(verdict).toEqual({ outcome: 'pass' })
  })

  it('refresh-issues-token skips a scenario that sent no refresh', () => {
    expect(judge(refreshIssuesToken, grant('refresh.valid'))).toMatchObject({ outcome: 'skip' })
  })

  it.each([
    ['another client gets a token', tokenResponse(), 'got `200` with an access token'],
    [
      'invalid_client instead',
      err(401, 'invalid_client'),
      'expected `400` with "error" `invalid_grant`',
    ],
  ])('refresh-bound-to-client fails when %s', (_, spec, message) => {
    const verdict = judge(refreshBoundToClient, [
      grant('refresh.other-client'),
      refresh('refresh.other-client', spec),
    ])
    expect(verdict).toMatchObject({ outcome: 'fail', message: expect.stringContaining(message) })
  })

  it('refresh-bound-to-client passes 400 invalid_grant', () => {
    const verdict = judge(
      refreshBoundToClient,
      refresh('refresh.other-client', err(400, 'invalid_grant')),
    )
    expect(verdict).toEqual({ outcome: 'pass' })
  })

  const wider = `${REFRESH}&scope=read+admin`
  it.each<[string, Exchange[], string]>([
    [
      'the wider scope is granted',
      [
        grant('refresh.wider-scope'),
        refresh('refresh.wider-scope', tokenResponse({ scope: 'read admin' }), wider),
      ],
      'got a token for `read admin`',
    ],
    [
      'granted without saying which scope',
      [refresh('refresh.wider-scope', tokenResponse(), wider)],
      'and no "scope"',
    ],
    [
      'no original known, all granted',
      [refresh('refresh.wider-scope', tokenResponse({ scope: 'admin read' }), wider)],
      'got a token for `admin read`',
    ],
    [
      'refused with invalid_grant',
      [refresh('refresh.wider-scope', err(400, 'invalid_grant'), wider)],
      'expected `400` with "error" `invalid_scope`',
    ],
  ])('wider-scope-refused fails when %s', (_, exchanges, message) => {
    expect(judge(widerScopeRefused, exchanges)).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })

  it.each<[string, Exchange[]]>([
    ['invalid_scope', [refresh('refresh.wider-scope', err(400, 'invalid_scope'), wider)]],
    [
      'narrowed to the original, and said so',
      [
        grant('refresh.wider-scope'),
        refresh('refresh.wider-scope', tokenResponse({ scope: 'read' }), wider),
      ],
    ],
  ])('wider-scope-refused passes %s', (_, exchanges) => {
    expect(judge(widerScopeRefused, exchanges)).toEqual({ outcome: 'pass' })
  })

  it('refresh-scope-unchanged fails a refresh that changes the scope', () => {
    const verdict = judge(refreshScopeUnchanged, [
      grant('refresh.valid'),
      refresh('refresh.valid', tokenResponse({ scope: 'read write' })),
    ])
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message: 'expected the scope originally granted, `read`, got `read write`',
    })
  })

  it.each<[string, Exchange[]]>([
    [
      'the same scope',
      [grant('refresh.valid'), refresh('refresh.valid', tokenResponse({ scope: 'read' }))],
    ],
    [
      'scope omitted on refresh (unchanged)',
      [grant('refresh.valid'), refresh('refresh.valid', tokenResponse())],
    ],
  ])('refresh-scope-unchanged passes %s', (_, exchanges) => {
    expect(judge(refreshScopeUnchanged, exchanges)).toEqual({ outcome: 'pass' })
  })
})

describe('refresh token rotation (RFC 9700 advisory)', () => {
  const original = token('refresh_token')
  const setup = (): Exchange =>
    grant('refresh.reused', { ...tokenResponse(), tokens: [token('access_token'), original] })
  const rotatedSpec = {
    ...tokenResponse(),
    tokens: [token('access_token'), token('refresh_token')],
  }
  const sameSpec = { ...tokenResponse(), tokens: [token('access_token'), original] }

  it('fails when a rotated refresh token can be replayed', () => {
    const verdict = judge(refreshRotation, [
      setup(),
      refresh('refresh.reused', rotatedSpec),
      refresh('refresh.reused', tokenResponse()),
    ])
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('replayed, rotated refresh token to be refused'),
    })
  })

  it('fails when the replay does not revoke the family (a third refresh, with the rotated token, works)', () => {
    const verdict = judge(refreshRotation, [
      setup(),
      refresh('refresh.reused', rotatedSpec),
      refresh('refresh.reused', err(400, 'invalid_grant')),
      refresh('refresh.reused', tokenResponse()),
    ])
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('revoked with its family'),
    })
  })

  it('fails a public client whose refresh token is not rotated', () => {
    const verdict = judge(
      refreshRotation,
      [setup(), refresh('refresh.reused', sameSpec), refresh('refresh.reused', tokenResponse())],
      { profile: 'wogeez' },
    )
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('public client’s refresh token to be rotated'),
    })
  })

  it.each<[string, () => Exchange[], string]>([
    [
      'rotated, replay refused',
      () => [
        setup(),
        refresh('refresh.reused', rotatedSpec),
        refresh('refresh.reused', err(400, 'invalid_grant')),
      ],
      'rfc6749-password',
    ],
    [
      'a confidential client, no new refresh token',
      () => [
        setup(),
        refresh('refresh.reused', tokenResponse()),
        refresh('refresh.reused', tokenResponse()),
      ],
      'rfc6749-password',
    ],
    [
      'a public client, rotated, replay refused',
      () => [
        setup(),
        refresh('refresh.reused', rotatedSpec),
        refresh('refresh.reused', err(400, 'invalid_grant')),
      ],
      'wogeez',
    ],
  ])('passes %s', (_, exchanges, spec) => {
    expect(judge(refreshRotation, exchanges(), { profile: spec })).toEqual({ outcome: 'pass' })
  })
})
