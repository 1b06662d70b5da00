/**
 * A users file's `claims` and `scopes`: the claims travel in the JWT access token, the id_token
 * and the userinfo answer; a token never carries a scope beyond what the user and the client may
 * have, whether the scope is asked for (refused with `invalid_scope`), left out (the spec's default,
 * narrowed) or asked again on refresh (never wider than the grant).
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { accessTokenOf, passwordGrant, postToken, send } from './token-client.ts'

const CLAIMS = { tenant: 'acme', roles: ['admin', 'billing'], profile: { locale: 'de' }, age: 36 }
const ada = { username: 'ada', password: 'lovelace' }
const bob = { username: 'bob', password: 'builder' }

describe('wokelo (default scope `read write`) with a users file', () => {
  let mock: RunningMock
  const reader = { clientId: 'reader', clientSecret: 'reader-secret' }
  beforeAll(async () => {
    mock = await startMock({
      spec: 'wokelo',
      log: false,
      users: {
        users: [
          { ...ada, scopes: ['read'], claims: CLAIMS },
          { ...bob, claims: { tenant: 'globex' } },
        ],
        clients: [
          { clientId: 'app', clientSecret: 'app-secret' },
          { ...reader, scopes: ['read'] },
        ],
      },
    })
  })
  afterAll(() => mock.close())

  it('puts the user’s claims in the JWT access token, any JSON value', async () => {
    const claims = decodeJwt(accessTokenOf(await passwordGrant(mock, [], ada)))
    expect(claims).toMatchObject({ ...CLAIMS, sub: 'ada' })
    expect(decodeJwt(accessTokenOf(await passwordGrant(mock, [], bob)))).toMatchObject({
      tenant: 'globex',
    })
  })

  it.each([
    ['a user limited to read', ada, undefined, 'read'],
    ['a user with every scope', bob, undefined, 'read write'],
    ['a client limited to read', bob, reader, 'read'],
  ])('no scope asked, %s: the default narrowed to %s', async (_, user, client, scope) => {
    const answer = await postToken(mock, {
      params: [
        ['grant_type', 'password'],
        ['username', user.username],
        ['password', user.password],
      ],
      ...(client === undefined ? {} : { client }),
    })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.json?.['scope']).toBe(scope)
    expect(decodeJwt(accessTokenOf(answer))['scope']).toBe(scope)
  })

  it.each([
    ['the user may not', ada, undefined],
    ['the client may not', bob, reader],
  ])('asking for write when %s: invalid_scope', async (_, user, client) => {
    const answer = await postToken(mock, {
      params: [
        ['grant_type', 'password'],
        ['username', user.username],
        ['password', user.password],
        ['scope', 'read write'],
      ],
      ...(client === undefined ? {} : { client }),
    })
    expect(answer.status).toBe(400)
    expect(answer.json).toMatchObject({ error: 'invalid_scope' })
    expect(String(answer.json?.['error_description'])).toContain('write')
  })

  it('a refresh never widens the grant', async () => {
    const login = await passwordGrant(mock, [], ada)
    const refreshToken = String(login.json?.['refresh_token'])
    const wider = await postToken(mock, {
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', refreshToken],
        ['scope', 'read write'],
      ],
    })
    expect(wider.status).toBe(400)
    expect(wider.json).toMatchObject({ error: 'invalid_scope' })
    const same = await postToken(mock, {
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', refreshToken],
      ],
    })
    expect(same.status, same.text).toBe(200)
    expect(decodeJwt(accessTokenOf(same))).toMatchObject({ scope: 'read', tenant: 'acme' })
  })
})

describe('wogeez (an OpenID provider) with a users file', () => {
  let mock: RunningMock
  beforeAll(async () => {
    mock = await startMock({
      spec: 'wogeez',
      log: false,
      users: {
        users: [{ ...ada, scopes: ['profile'], claims: CLAIMS }],
        clients: [{ clientId: 'wogeez-api' }],
      },
    })
  })
  afterAll(() => mock.close())

  it('scope=openid: an id_token that jwtVerify accepts with the discovery document', async () => {
    const discovery = (await send(mock, '/realms/wogeez/.well-known/openid-configuration', {}))
      .json as Record<string, string>
    const answer = await passwordGrant(mock, [['scope', 'openid profile']], ada)
    expect(answer.status, answer.text).toBe(200)
    const idToken = String(answer.json?.['id_token'])
    const { payload, protectedHeader } = await jwtVerify(
      idToken,
      createRemoteJWKSet(new URL(discovery['jwks_uri']!)),
      { issuer: discovery['issuer']!, audience: 'wogeez-api', algorithms: ['RS256'] },
    )
    expect(protectedHeader.typ).toBe('JWT')
    expect(payload).toMatchObject({ sub: 'ada', ...CLAIMS })
    for (const claim of ['exp', 'iat', 'auth_time']) expect(typeof payload[claim]).toBe('number')
  })

  it('no id_token without openid; a scope beyond the user’s is refused', async () => {
    const plain = await passwordGrant(mock, [['scope', 'profile']], ada)
    expect(plain.status, plain.text).toBe(200)
    expect(plain.json).not.toHaveProperty('id_token')
    const beyond = await passwordGrant(mock, [['scope', 'openid email']], ada)
    expect(beyond.status).toBe(400)
    expect(beyond.json).toMatchObject({ error: 'invalid_scope' })
  })

  it('userinfo answers with the user’s claims (OpenID Connect Core 1.0 §5.3.2)', async () => {
    const token = accessTokenOf(await passwordGrant(mock, [['scope', 'openid']], ada))
    const info = await send(mock, '/realms/wogeez/protocol/openid-connect/userinfo', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(info.status, info.text).toBe(200)
    expect(info.json).toMatchObject({ sub: 'ada', ...CLAIMS })
    // §5.3.1: by POST too.
    const posted = await send(mock, '/realms/wogeez/protocol/openid-connect/userinfo', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(posted.status, posted.text).toBe(200)
    expect(posted.json).toMatchObject({ sub: 'ada', ...CLAIMS })
  })
})
