/**
 * Real OAuth client libraries against the mocks, as a frontend or backend would use them:
 * `openid-client` discovers the Wogeez mock (by 127.0.0.1 and by localhost), signs in with the
 * password grant, refreshes and reads userinfo; `@badgateway/oauth2-client` and `simple-oauth2`
 * sign in, refresh, and see a token expire on the WSO2 and RFC 6749 mocks, each with the client
 * authentication its spec documents.
 */
import { OAuth2Client, OAuth2Fetch, type OAuth2Token } from '@badgateway/oauth2-client'
import { decodeJwt } from 'jose'
import * as oidc from 'openid-client'
import { ResourceOwnerPassword } from 'simple-oauth2'
import { afterEach, describe, expect, it } from 'vitest'
import { startMock, type MockOptions, type RunningMock } from '../../src/mock/index.ts'

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/
const running: RunningMock[] = []
async function start(options: MockOptions): Promise<RunningMock> {
  const mock = await startMock({ log: false, ...options })
  running.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.close()))
})
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('openid-client against the Wogeez mock', () => {
  it.each(['127.0.0.1', 'localhost'])(
    'discovers it by %s, signs in, refreshes, and reads userinfo',
    async (host) => {
      const mock = await start({ spec: 'wogeez' })
      const issuer = new URL(`http://${host}:${mock.port}/realms/wogeez`)
      const config = await oidc.discovery(
        issuer,
        mock.credentials.clientId!,
        undefined,
        oidc.None(),
        {
          execute: [oidc.allowInsecureRequests],
        },
      )
      expect(config.serverMetadata().issuer).toBe(issuer.href)
      expect(config.serverMetadata().token_endpoint).toBe(
        `http://${host}:${mock.port}${mock.profile.token.path}`,
      )

      const tokens = await oidc.genericGrantRequest(config, 'password', {
        username: mock.credentials.username,
        password: mock.credentials.password,
      })
      expect(tokens.access_token).toMatch(JWT)
      expect(tokens.token_type.toLowerCase()).toBe('bearer')
      expect(decodeJwt(tokens.access_token).iss).toBe(issuer.href)
      expect(tokens.refresh_token).toEqual(expect.any(String))

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
      expect(refreshed.access_token).toMatch(JWT)
      expect(refreshed.access_token).not.toBe(tokens.access_token)
      // Rotation: the old refresh token is spent.
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      })

      const subject = String(decodeJwt(refreshed.access_token).sub)
      const userinfo = await oidc.fetchUserInfo(config, refreshed.access_token, subject)
      expect(userinfo.sub).toBe(subject)
    },
  )

  it('gets invalid_grant for a wrong password, as an error the library understands', async () => {
    const mock = await start({ spec: 'wogeez' })
    const config = await oidc.discovery(
      new URL(`${mock.url}/realms/wogeez`),
      mock.credentials.clientId!,
      undefined,
      oidc.None(),
      { execute: [oidc.allowInsecureRequests] },
    )
    await expect(
      oidc.genericGrantRequest(config, 'password', {
        username: mock.credentials.username,
        password: 'not-the-password',
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' })
  })
})

/** The specs' client authentication, as each library names it. */
const LIBRARY_CASES = [
  { spec: 'wso2-api-cloud', method: 'client_secret_basic', scope: ['update'] },
  { spec: 'rfc6749-password', method: 'client_secret_basic', scope: [] },
  { spec: 'rfc6749-password', method: 'client_secret_post', scope: [] },
] as const

describe.each(LIBRARY_CASES)('@badgateway/oauth2-client, $spec with $method', (c) => {
  const clientOf = (mock: RunningMock) =>
    new OAuth2Client({
      server: mock.url,
      tokenEndpoint: mock.profile.token.path,
      clientId: mock.credentials.clientId!,
      clientSecret: mock.credentials.clientSecret!,
      authenticationMethod: c.method,
    })

  it('signs in and refreshes with rotation', async () => {
    const mock = await start({ spec: c.spec })
    const client = clientOf(mock)
    const token = await client.password({
      username: mock.credentials.username,
      password: mock.credentials.password,
      scope: [...c.scope],
    })
    expect(token.accessToken).toMatch(JWT)
    expect(token.expiresAt).toBeGreaterThan(Date.now())
    const next = await client.refreshToken(token)
    expect(next.accessToken).not.toBe(token.accessToken)
    expect(next.refreshToken).not.toBe(token.refreshToken)
    await expect(client.refreshToken(token)).rejects.toMatchObject({
      oauth2Code: 'invalid_grant',
      httpCode: 400,
    })
  })

  it('sees its token expire and refreshes it before calling the resource again', async () => {
    const mock = await start({ spec: c.spec, lifetimes: { accessToken: 1 } })
    const client = clientOf(mock)
    const used: string[] = []
    const wrapper = new OAuth2Fetch({
      client,
      scheduleRefresh: false,
      getNewToken: () =>
        client.password({
          username: mock.credentials.username,
          password: mock.credentials.password,
          scope: [...c.scope],
        }),
      storeToken: (token: OAuth2Token) => used.push(token.accessToken),
    })
    const resource = `${mock.url}${mock.profile.protectedResource!.path}`
    expect((await wrapper.fetch(resource)).status).toBe(200)
    await sleep(2_100)
    const again = await wrapper.fetch(resource)
    expect(again.status).toBe(200)
    // A first token, then a second from the refresh (or a new sign-in after a 401).
    expect(used.length).toBeGreaterThanOrEqual(2)
    expect(new Set(used).size).toBe(used.length)
  })
})

describe('simple-oauth2 against the RFC 6749 mock', () => {
  it('signs in, sees the token expire, and refreshes it', async () => {
    const mock = await start({ spec: 'rfc6749-password', lifetimes: { accessToken: 1 } })
    const client = new ResourceOwnerPassword({
      client: { id: mock.credentials.clientId!, secret: mock.credentials.clientSecret! },
      auth: { tokenHost: mock.url, tokenPath: mock.profile.token.path },
      options: { authorizationMethod: 'header' },
    })
    const token = await client.getToken({
      username: mock.credentials.username,
      password: mock.credentials.password,
    })
    expect(token.token['access_token']).toMatch(JWT)
    expect(token.expired()).toBe(false)
    await sleep(1_500)
    expect(token.expired()).toBe(true)
    const refreshed = await token.refresh()
    expect(refreshed.expired()).toBe(false)
    expect(refreshed.token['access_token']).not.toBe(token.token['access_token'])
    const answer = await fetch(`${mock.url}${mock.profile.protectedResource!.path}`, {
      headers: { authorization: `Bearer ${String(refreshed.token['access_token'])}` },
    })
    expect(answer.status).toBe(200)
  })

  it('gets the error of a wrong password from the mock', async () => {
    const mock = await start({ spec: 'rfc6749-password' })
    const client = new ResourceOwnerPassword({
      client: { id: mock.credentials.clientId!, secret: mock.credentials.clientSecret! },
      auth: { tokenHost: mock.url, tokenPath: mock.profile.token.path },
      options: { authorizationMethod: 'header' },
    })
    await expect(
      client.getToken({ username: mock.credentials.username, password: 'wrong' }),
    ).rejects.toMatchObject({ data: { payload: { error: 'invalid_grant' } } })
  })
})
