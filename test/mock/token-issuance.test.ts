/**
 * A password grant with the vendor page's credentials gets a real token from every bundled mock:
 * an RS256 JWT whose claims a resource server needs (RFC 9068 §2.2), verified against the mock's
 * own key set, `exp - iat` equal to `expires_in`, a refresh token where the spec has that grant,
 * the no-store headers of RFC 6749 §5.1, and a fresh token on every request.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { hasGrant } from '../../src/openapi/profile.ts'
import { accessTokenOf, passwordGrant, postToken, send, type Params } from './token-client.ts'

/** What each spec grants when asked for nothing, and a scope to ask for with what it grants. */
const SCOPES: Record<string, { byDefault?: string; asked: string }> = {
  wokelo: { byDefault: 'read write', asked: 'read' },
  'wso2-api-cloud': { asked: 'read update' },
  'auth-login': { asked: 'profile' },
  wogeez: { asked: 'openid email' },
  'rfc6749-password': { asked: 'files:read' },
}

const LIFETIME = 120

describe.each(Object.keys(SCOPES))('the %s mock, a password grant', (name) => {
  let mock: RunningMock
  let keys: ReturnType<typeof createLocalJWKSet>

  beforeAll(async () => {
    mock = await startMock({ spec: name, lifetimes: { accessToken: LIFETIME }, log: false })
    const jwksPath = mock.profile.jwks?.path
    if (jwksPath === undefined) throw new Error(`the ${name} spec names no key set`)
    keys = createLocalJWKSet((await send(mock, jwksPath)).json as unknown as JSONWebKeySet)
  })
  afterAll(() => mock.close())

  /** The issuer tokens name: the realm for a Keycloak spec, else the URL the client used. */
  const issuer = () =>
    mock.profile.discovery === undefined
      ? mock.url
      : `${mock.url}${mock.profile.discovery.path.replace('/.well-known/openid-configuration', '')}`

  it.each<[string, Params, string | undefined]>([
    ['no scope asked', [], SCOPES[name]!.byDefault],
    ['a scope asked', [['scope', SCOPES[name]!.asked]], SCOPES[name]!.asked],
  ])('answers %s with an RS256 JWT that verifies against the key set', async (_, extra, scope) => {
    const answer = await passwordGrant(mock, extra)
    const token = accessTokenOf(answer)
    const { payload, protectedHeader } = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      issuer: issuer(),
      audience: `${mock.url}${mock.profile.protectedResource?.path ?? ''}`,
    })
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' })
    expect(protectedHeader.kid).toMatch(/\S/)
    expect(payload).toMatchObject({
      sub: mock.credentials.username,
      client_id: mock.credentials.clientId,
    })
    expect(payload['scope']).toBe(scope)
    expect(payload.jti).toMatch(/\S/)
    expect(typeof payload.iat).toBe('number')
    expect(payload.exp! - payload.iat!).toBe(answer.json?.['expires_in'])
    expect(answer.json?.['expires_in']).toBe(LIFETIME)
    // RFC 6749 §3.3: the response names the scope granted when it differs from the one asked.
    expect(answer.json?.['scope']).toBe(scope)
  })

  it('sends Cache-Control: no-store and Pragma: no-cache, as application/json', async () => {
    const answer = await passwordGrant(mock)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.headers.get('pragma')).toBe('no-cache')
    expect(answer.headers.get('content-type')).toBe('application/json')
  })

  it('includes a refresh token exactly when the spec has the refresh grant', async () => {
    const answer = await passwordGrant(mock)
    expect(hasGrant(mock.profile, 'refresh_token')).toBe(true)
    expect(answer.json?.['refresh_token']).toMatch(/^[\x21-\x7e]{43,}$/)
  })

  it('uses the token_type of the vendor example', async () => {
    const answer = await passwordGrant(mock)
    expect(answer.json?.['token_type']).toBe(name === 'auth-login' ? 'bearer' : 'Bearer')
  })

  it('issues a different access token, jti and refresh token on every request', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => passwordGrant(mock)))
    const access = answers.map(accessTokenOf)
    const jtis = access.map((token) => decodeJti(token))
    const refresh = answers.map((answer) => answer.json?.['refresh_token'])
    expect(new Set(access).size).toBe(4)
    expect(new Set(jtis).size).toBe(4)
    expect(new Set(refresh).size).toBe(4)
    expect(decodeProtectedHeader(access[0]!).kid).toBe(decodeProtectedHeader(access[1]!).kid)
  })
})

describe('a spec without the refresh grant', () => {
  it('issues no refresh token and refuses grant_type=refresh_token', async () => {
    const { loadSpec } = await import('../../src/openapi/load.ts')
    const loaded = loadSpec('rfc6749-password')
    const profile = {
      ...loaded.profile,
      grants: loaded.profile.grants.filter((grant) => grant.value !== 'refresh_token'),
    }
    const mock = await startMock({ spec: { ...loaded, profile }, log: false })
    try {
      const answer = await passwordGrant(mock)
      expect(answer.status).toBe(200)
      expect(answer.json).not.toHaveProperty('refresh_token')
      const refresh = await postToken(mock, {
        params: [
          ['grant_type', 'refresh_token'],
          ['refresh_token', 'anything'],
        ],
      })
      expect(refresh.status).toBe(400)
      expect(refresh.json?.['error']).toBe('unsupported_grant_type')
    } finally {
      await mock.close()
    }
  })
})

function decodeJti(token: string): unknown {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
  return (payload as { jti?: unknown }).jti
}
