/**
 * The refresh grant on every bundled mock (RFC 6749 §6, RFC 9700 §4.14.2): a valid refresh token
 * gets new tokens and is refused from then on (rotation, and a replay revokes the rotated one
 * too); garbage, an expired token, another client's token and a wider scope are refused with
 * `invalid_grant` / `invalid_scope`; a narrower scope is granted and the rotated token keeps the
 * original scope.
 */
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames } from '../../src/openapi/load.ts'
import {
  accessTokenOf,
  mainClient,
  passwordGrant,
  postToken,
  refreshTokenOf,
  type Answer,
  type ClientCredentials,
} from './token-client.ts'
import { expectVendorError } from './vendor-error.ts'

/** A scope of two items each spec grants, and one item it never granted. */
const SCOPES: Record<string, { granted: string; narrower: string; extra: string }> = {
  wokelo: { granted: 'read write', narrower: 'read', extra: 'admin' },
  'wso2-api-cloud': { granted: 'read update', narrower: 'read', extra: 'delete' },
  'auth-login': { granted: 'profile email', narrower: 'email', extra: 'admin' },
  wogeez: { granted: 'openid email', narrower: 'openid', extra: 'offline_access' },
  'rfc6749-password': { granted: 'files:read files:write', narrower: 'files:read', extra: 'x' },
}

function refresh(
  mock: RunningMock,
  token: string,
  extra: readonly (readonly [string, string])[] = [],
  client: ClientCredentials = mainClient(mock),
): Promise<Answer> {
  return postToken(mock, {
    params: [['grant_type', 'refresh_token'], ['refresh_token', token], ...extra],
    client,
  })
}

describe.each(bundledSpecNames())('the %s mock, the refresh grant', (name) => {
  let mock: RunningMock
  const scopes = SCOPES[name]!
  const login = async () => refreshTokenOf(await passwordGrant(mock, [['scope', scopes.granted]]))

  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
  })
  afterAll(() => mock.close())

  it('answers a valid refresh token with new tokens for the same user, client and scope', async () => {
    const first = await passwordGrant(mock, [['scope', scopes.granted]])
    const answer = await refresh(mock, refreshTokenOf(first))
    const access = decodeJwt(accessTokenOf(answer))
    expect(access).toMatchObject({
      sub: mock.credentials.username,
      client_id: mock.credentials.clientId,
      scope: scopes.granted,
    })
    expect(accessTokenOf(answer)).not.toBe(accessTokenOf(first))
    expect(refreshTokenOf(answer)).not.toBe(refreshTokenOf(first))
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.headers.get('pragma')).toBe('no-cache')
  })

  it('rotates: the old refresh token is refused once used, the new one works', async () => {
    const old = await login()
    const rotated = refreshTokenOf(await refresh(mock, old))
    expect((await refresh(mock, rotated)).status).toBe(200)
    expectVendorError(mock, await refresh(mock, old), 400, 'invalid_grant')
  })

  it('revokes the rotated token too when the old one is replayed (RFC 9700 §4.14.2)', async () => {
    const old = await login()
    const rotated = refreshTokenOf(await refresh(mock, old))
    expectVendorError(mock, await refresh(mock, old), 400, 'invalid_grant')
    expectVendorError(mock, await refresh(mock, rotated), 400, 'invalid_grant')
  })

  it.each([
    ['garbage', 'not-a-refresh-token'],
    ['an access token', 'ACCESS'],
    ['a token of the right shape this mock never issued', 'A'.repeat(43)],
  ])('refuses %s with invalid_grant', async (_, token) => {
    const value = token === 'ACCESS' ? accessTokenOf(await passwordGrant(mock)) : token
    expectVendorError(mock, await refresh(mock, value), 400, 'invalid_grant')
  })

  it("refuses another client's refresh token with invalid_grant, without using it up", async () => {
    const token = await login()
    const other = mock.credentials.client2
    if (other === undefined) throw new Error(`the ${name} mock has no second client`)
    expectVendorError(mock, await refresh(mock, token, [], other), 400, 'invalid_grant')
    expect((await refresh(mock, token)).status).toBe(200)
  })

  it('refuses a scope wider than the original grant with invalid_scope', async () => {
    const token = await login()
    const wider = `${scopes.granted} ${scopes.extra}`
    expectVendorError(mock, await refresh(mock, token, [['scope', wider]]), 400, 'invalid_scope')
  })

  it('grants a narrower scope, and the rotated token keeps the original scope (RFC 6749 §6)', async () => {
    const narrowed = await refresh(mock, await login(), [['scope', scopes.narrower]])
    expect(decodeJwt(accessTokenOf(narrowed))['scope']).toBe(scopes.narrower)
    expect(narrowed.json?.['scope']).toBe(scopes.narrower)
    const again = await refresh(mock, refreshTokenOf(narrowed))
    expect(decodeJwt(accessTokenOf(again))['scope']).toBe(scopes.granted)
  })

  it('refuses a refresh without client authentication with invalid_client', async () => {
    const token = await login()
    const answer = await postToken(mock, {
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', token],
      ],
      client: null,
    })
    expect(answer.status).toBeGreaterThanOrEqual(400)
    expect(answer.status).toBeLessThan(402)
    if (mock.profile.errorStyle.value === 'rfc6749') {
      expect(answer.json?.['error']).toBe('invalid_client')
    }
    expect((await refresh(mock, token)).status).toBe(200)
  })
})

describe('an expired refresh token', () => {
  let mock: RunningMock

  beforeAll(async () => {
    mock = await startMock({
      spec: 'rfc6749-password',
      lifetimes: { refreshToken: 1 },
      log: false,
    })
  })
  afterAll(() => mock.close())

  it('is refused with invalid_grant after its 1 s lifetime', async () => {
    const token = refreshTokenOf(await passwordGrant(mock))
    const fresh = refreshTokenOf(await passwordGrant(mock))
    expect((await refresh(mock, fresh)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const answer = await refresh(mock, token)
    expectVendorError(mock, answer, 400, 'invalid_grant')
    expect(answer.json?.['error_description']).toMatch(/expired/)
  })
})
