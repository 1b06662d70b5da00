/**
 * Two password-grant client libraries a frontend or a script would use, `@badgateway/oauth2-client`
 * and `simple-oauth2`, against the Wokelo, WSO2 API Cloud and RFC 6749 mocks, each authenticating
 * the client as the spec says (`x-tokencheck.clientAuthentication`): sign in (RFC 6749 §4.3),
 * refresh with rotation (§6), a wrong password (§5.2 `invalid_grant`), and expiry: with a 2 s
 * access token lifetime, each library sees its token expire, renews it with the refresh grant,
 * and the renewed token opens the protected resource the expired one no longer does (RFC 6750 §3.1).
 */
import { OAuth2Client, OAuth2Fetch, type OAuth2Token } from '@badgateway/oauth2-client'
import { decodeJwt } from 'jose'
import { ResourceOwnerPassword } from 'simple-oauth2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { rejection } from '../support/rejection.ts'

const LIFETIME = 2

/** A spec, how its client authenticates, and the scope its protected resource needs. */
const CASES = [
  ['wokelo', 'client_secret_post', undefined],
  ['wokelo', 'client_secret_basic', undefined],
  ['wso2-api-cloud', 'client_secret_basic', 'read update'],
  ['rfc6749-password', 'client_secret_basic', undefined],
  ['rfc6749-password', 'client_secret_post', undefined],
] as const

const mocks = new Map<string, { long: RunningMock; short: RunningMock }>()
beforeAll(async () => {
  for (const spec of new Set(CASES.map(([spec]) => spec))) {
    mocks.set(spec, {
      long: await startMock({ spec, log: false }),
      short: await startMock({ spec, log: false, lifetimes: { accessToken: LIFETIME } }),
    })
  }
})
afterAll(() =>
  Promise.all([...mocks.values()].flatMap(({ long, short }) => [long.close(), short.close()])),
)

function mocksOf(spec: string) {
  const found = mocks.get(spec)
  if (found === undefined) throw new Error(`no ${spec} mock`)
  return found
}

/**
 * Waits until both the library's deadline (from `expires_in` when it got the token) and the
 * token's `exp` (whole seconds, the mock's clock) have passed.
 */
async function pastExpiry(accessToken: string, libraryDeadline: number): Promise<void> {
  const exp = decodeJwt(accessToken).exp!
  const wait = Math.max(exp * 1000, libraryDeadline) - Date.now() + 250
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}

async function resource(mock: RunningMock, accessToken: string) {
  const res = await fetch(`${mock.url}${mock.profile.protectedResource!.path}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  })
  return { status: res.status, challenge: res.headers.get('www-authenticate') }
}

it('the cases authenticate clients as each spec says they may', () => {
  for (const [spec, method] of CASES) {
    const methods = mocksOf(spec).long.profile.clientAuthentication.map((m) => m.value)
    expect(methods, spec).toContain(method)
  }
  expect(mocksOf('wso2-api-cloud').long.profile.clientAuthentication.map((m) => m.value)).toEqual([
    'client_secret_basic',
  ])
})

describe.each(CASES)('@badgateway/oauth2-client, %s, %s', (spec, method, scope) => {
  function client(mock: RunningMock) {
    return new OAuth2Client({
      server: mock.url,
      tokenEndpoint: mock.profile.token.path,
      clientId: mock.credentials.clientId!,
      clientSecret: mock.credentials.clientSecret!,
      authenticationMethod: method,
    })
  }
  const login = (mock: RunningMock, password = mock.credentials.password) =>
    client(mock).password({
      username: mock.credentials.username,
      password,
      ...(scope === undefined ? {} : { scope: scope.split(' ') }),
    })

  it('signs in, refreshes with rotation, and sees a wrong password as invalid_grant', async () => {
    const mock = mocksOf(spec).long
    const token = await login(mock)
    expect(decodeJwt(token.accessToken).sub).toBe(mock.credentials.username)
    expect(token.refreshToken).toEqual(expect.any(String))
    expect(token.expiresAt).toBeGreaterThan(Date.now())
    expect((await resource(mock, token.accessToken)).status).toBe(200)
    const renewed = await client(mock).refreshToken(token)
    expect(renewed.accessToken).not.toBe(token.accessToken)
    expect(renewed.refreshToken).not.toBe(token.refreshToken)
    expect((await resource(mock, renewed.accessToken)).status).toBe(200)
    expect(await rejection(client(mock).refreshToken(token))).toMatchObject({
      oauth2Code: 'invalid_grant',
      httpCode: 400,
    })
    expect(await rejection(login(mock, 'not-the-password'))).toMatchObject({
      oauth2Code: 'invalid_grant',
      httpCode: 400,
    })
  })

  it('OAuth2Fetch renews an expired token with the refresh grant', async () => {
    const mock = mocksOf(spec).short
    const stored: OAuth2Token[] = []
    let logins = 0
    const wrapper = new OAuth2Fetch({
      client: client(mock),
      getNewToken: () => {
        logins += 1
        return login(mock)
      },
      storeToken: (token) => stored.push(token),
      scheduleRefresh: false,
    })
    const url = `${mock.url}${mock.profile.protectedResource!.path}`
    expect((await wrapper.fetch(url)).status).toBe(200)
    const [first] = stored
    expect(first!.expiresAt! - Date.now()).toBeLessThanOrEqual(LIFETIME * 1000)
    await pastExpiry(first!.accessToken, first!.expiresAt!)
    expect(await resource(mock, first!.accessToken)).toEqual({
      status: 401,
      challenge: expect.stringMatching(/^Bearer .*error="invalid_token"/),
    })
    // The library's own clock says the token expired: asking for one renews it.
    const renewed = await wrapper.getAccessToken()
    expect(renewed).not.toBe(first!.accessToken)
    expect((await wrapper.fetch(url)).status).toBe(200)
    expect(stored).toHaveLength(2)
    expect(stored[1]!.accessToken).not.toBe(first!.accessToken)
    // Renewed by the refresh grant, not a second sign-in: the first refresh token is spent.
    expect(logins).toBe(1)
    expect(await rejection(client(mock).refreshToken(first!))).toMatchObject({
      oauth2Code: 'invalid_grant',
    })
  })
})

describe.each(CASES)('simple-oauth2, %s, %s', (spec, method, scope) => {
  function client(mock: RunningMock) {
    return new ResourceOwnerPassword({
      client: { id: mock.credentials.clientId!, secret: mock.credentials.clientSecret! },
      auth: { tokenHost: mock.url, tokenPath: mock.profile.token.path },
      options: {
        authorizationMethod: method === 'client_secret_basic' ? 'header' : 'body',
      },
    })
  }
  const login = (mock: RunningMock, password = mock.credentials.password) =>
    client(mock).getToken({
      username: mock.credentials.username,
      password,
      ...(scope === undefined ? {} : { scope }),
    })

  /** simple-oauth2 rejects with a Boom error carrying the answer's status and body. */
  function answerOf(error: Record<string, unknown>) {
    const boom = error as { output?: { statusCode?: number }; data?: { payload?: unknown } }
    const payload = boom.data?.payload
    const body = Buffer.isBuffer(payload) ? JSON.parse(payload.toString('utf8')) : payload
    return { status: boom.output?.statusCode, error: (body as { error?: unknown })?.error }
  }

  it('signs in, refreshes with rotation, and sees a wrong password as invalid_grant', async () => {
    const mock = mocksOf(spec).long
    const token = await login(mock)
    const access = String(token.token['access_token'])
    expect(decodeJwt(access).sub).toBe(mock.credentials.username)
    expect(token.expired()).toBe(false)
    expect((await resource(mock, access)).status).toBe(200)
    const renewed = await token.refresh()
    expect(renewed.token['access_token']).not.toBe(access)
    expect(renewed.token['refresh_token']).not.toBe(token.token['refresh_token'])
    expect(answerOf(await rejection(token.refresh()))).toEqual({
      status: 400,
      error: 'invalid_grant',
    })
    expect(answerOf(await rejection(login(mock, 'not-the-password')))).toEqual({
      status: 400,
      error: 'invalid_grant',
    })
  })

  it('sees its token expire, and refresh() gives one the resource accepts', async () => {
    const mock = mocksOf(spec).short
    const token = await login(mock)
    const access = String(token.token['access_token'])
    expect(token.token['expires_in']).toBe(LIFETIME)
    expect(token.expired()).toBe(false)
    await pastExpiry(access, (token.token['expires_at'] as Date).getTime())
    expect(token.expired()).toBe(true)
    expect((await resource(mock, access)).status).toBe(401)
    const renewed = await token.refresh()
    expect(renewed.expired()).toBe(false)
    expect((await resource(mock, String(renewed.token['access_token']))).status).toBe(200)
  })
})
