/**
 * The Wogeez mock's authorization code flow, as a browser application signs in with it: openid-client
 * 6 discovers the realm, builds the authorization URL with S256 PKCE, the sign-in form is posted, and
 * the library redeems the code (RFC 6749 §4.1, RFC 7636, OpenID Connect Core 1.0 §3.1). Then what
 * must be refused: a replayed code, a wrong verifier, another redirect URI, a public client
 * without PKCE, `plain` PKCE, an unknown client or redirect URI (a page, never a redirect).
 */
import * as oidc from 'openid-client'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redirectAllowed } from '../../src/mock/authorization-endpoint.ts'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { rejection } from '../support/rejection.ts'
import { formEncode } from './token-client.ts'

const REALM = '/realms/wogeez'
const REDIRECT = 'http://127.0.0.1:5173/callback'

let mock: RunningMock
let config: oidc.Configuration
let issuer: string

beforeAll(async () => {
  mock = await startMock({
    spec: 'wogeez',
    log: false,
    users: {
      users: [
        {
          username: 'ada',
          password: 'correct horse',
          claims: { tenant: 'acme', roles: ['admin'], email: 'ada@example.org' },
        },
      ],
      clients: [{ clientId: 'wogeez-api' }],
    },
  })
  issuer = `${mock.url}${REALM}`
  config = await oidc.discovery(new URL(issuer), 'wogeez-api', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  })
})
afterAll(() => mock.close())

interface Started {
  url: URL
  verifier: string
  state: string
  nonce: string
}

async function authorizationUrl(extra: Record<string, string> = {}): Promise<Started> {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  })
  return { url, verifier, state, nonce }
}

/** Posts the sign-in form the way the page's form does: the request's parameters and the user's. */
function signIn(url: URL, username = 'ada', password = 'correct horse') {
  const fields = [...url.searchParams, ['username', username], ['password', password]]
  return fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.map(([name, value]) => `${name}=${formEncode(value!)}`).join('&'),
  })
}

async function codeOf(started: Started): Promise<URL> {
  const answer = await signIn(started.url)
  expect(answer.status, await answer.clone().text()).toBe(302)
  return new URL(answer.headers.get('location')!)
}

describe('the authorization code flow with openid-client', () => {
  it('advertises the flow it serves', () => {
    const metadata = config.serverMetadata()
    expect(metadata.authorization_endpoint).toBe(`${issuer}/protocol/openid-connect/auth`)
    expect(metadata.response_types_supported).toEqual(['code'])
    expect(metadata.code_challenge_methods_supported).toEqual(['S256'])
    expect(metadata.grant_types_supported).toContain('authorization_code')
  })

  it('shows a sign-in form without script or outside resource', async () => {
    const { url } = await authorizationUrl()
    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    const html = await page.text()
    expect(html).toContain('<form method="post"')
    expect(html).toContain('ada')
    expect(html).not.toContain('correct horse')
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/)
  })

  it('signs in, redeems the code with PKCE, and the id_token verifies with the JWKS', async () => {
    const started = await authorizationUrl()
    const callback = await codeOf(started)
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT)
    expect(callback.searchParams.get('state')).toBe(started.state)
    expect(callback.searchParams.get('iss')).toBe(issuer)
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
    })
    expect(tokens.scope).toBe('openid profile')
    expect(typeof tokens.refresh_token).toBe('string')
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!))
    const { payload } = await jwtVerify(tokens.id_token!, jwks, {
      issuer,
      audience: 'wogeez-api',
    })
    expect(payload).toMatchObject({
      sub: 'ada',
      nonce: started.nonce,
      tenant: 'acme',
      roles: ['admin'],
      email: 'ada@example.org',
    })
    expect(typeof payload['auth_time']).toBe('number')
    const info = await oidc.fetchUserInfo(config, tokens.access_token, 'ada')
    expect(info).toMatchObject({ sub: 'ada', tenant: 'acme', roles: ['admin'] })
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
    const again = await jwtVerify(refreshed.id_token!, jwks, { issuer, audience: 'wogeez-api' })
    expect(again.payload['auth_time']).toBe(payload['auth_time'])
  })

  it('refuses a replayed code and revokes the refresh token it issued', async () => {
    const started = await authorizationUrl()
    const callback = await codeOf(started)
    const checks = {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
    }
    const tokens = await oidc.authorizationCodeGrant(config, callback, checks)
    const replay = await rejection(oidc.authorizationCodeGrant(config, callback, checks))
    expect(replay).toMatchObject({ error: 'invalid_grant', status: 400 })
    const refresh = await rejection(oidc.refreshTokenGrant(config, tokens.refresh_token!))
    expect(refresh).toMatchObject({ error: 'invalid_grant' })
  })

  it('refuses a wrong PKCE verifier', async () => {
    const started = await authorizationUrl()
    const callback = await codeOf(started)
    const wrong = await rejection(
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: started.state,
      }),
    )
    expect(wrong).toMatchObject({ error: 'invalid_grant', status: 400 })
  })

  it('refuses the code at another redirect URI', async () => {
    const started = await authorizationUrl()
    const callback = await codeOf(started)
    const answer = await fetch(config.serverMetadata().token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'wogeez-api',
        code: callback.searchParams.get('code')!,
        redirect_uri: 'http://127.0.0.1:5173/other',
        code_verifier: started.verifier,
      }),
    })
    expect(answer.status).toBe(400)
    expect(await answer.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('takes a loopback redirect URI on any port (RFC 8252 §7.3)', async () => {
    const started = await authorizationUrl({ redirect_uri: 'http://localhost:39123/cb' })
    const callback = await codeOf(started)
    expect(callback.origin).toBe('http://localhost:39123')
    expect(callback.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('shows the form again, with a message, after a wrong password', async () => {
    const { url } = await authorizationUrl()
    const answer = await signIn(url, 'ada', 'wrong')
    expect(answer.status).toBe(200)
    const html = await answer.text()
    expect(html).toContain('The username or password is incorrect.')
    expect(html).not.toContain('wrong')
  })
})

describe('errors: by redirect when the redirect URI is good, else a page', () => {
  async function ask(params: Record<string, string>) {
    const url = new URL(`${issuer}/protocol/openid-connect/auth`)
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
    return fetch(url, { redirect: 'manual' })
  }
  const good = {
    response_type: 'code',
    client_id: 'wogeez-api',
    redirect_uri: REDIRECT,
    state: 's-1',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }

  it.each([
    [
      'no PKCE from a public client',
      { code_challenge: '', code_challenge_method: '' },
      'invalid_request',
    ],
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['another response type', { response_type: 'token' }, 'unsupported_response_type'],
    ['prompt=none without a session', { prompt: 'none' }, 'login_required'],
  ])('%s: redirects with the error and the state', async (_, change, error) => {
    const params: Record<string, string> = { ...good }
    for (const [name, value] of Object.entries(change)) {
      if (value === '') delete params[name]
      else params[name] = value
    }
    const answer = await ask(params)
    expect(answer.status).toBe(302)
    const location = new URL(answer.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
    expect(location.searchParams.get('error')).toBe(error)
    expect(location.searchParams.get('state')).toBe('s-1')
  })

  it.each([
    ['an unknown client', { client_id: 'nobody' }],
    ['a redirect URI off this machine', { redirect_uri: 'https://attacker.example/cb' }],
    ['a redirect URI with a fragment', { redirect_uri: `${REDIRECT}#x` }],
  ])('%s: a 400 page, never a redirect', async (_, change) => {
    const answer = await ask({ ...good, ...change })
    expect(answer.status).toBe(400)
    expect(answer.headers.get('location')).toBeNull()
    expect(await answer.text()).toContain('Sign-in request refused')
  })
})

describe('redirectAllowed', () => {
  const registered = {
    clientId: 'spa',
    redirectUris: ['http://127.0.0.1:5173/callback', 'https://app.example.org/cb'],
  }
  it.each([
    ['any loopback URI, no URI registered', { clientId: 'spa' }, 'http://[::1]:1234/x', true],
    ['localhost, no URI registered', { clientId: 'spa' }, 'http://localhost/cb', true],
    [
      'https off this machine, no URI registered',
      { clientId: 'spa' },
      'https://a.example/cb',
      false,
    ],
    ['a registered URI', registered, 'https://app.example.org/cb', true],
    [
      'a registered loopback URI on another port',
      registered,
      'http://127.0.0.1:3000/callback',
      true,
    ],
    ['a registered loopback URI, another path', registered, 'http://127.0.0.1:5173/other', false],
    ['a registered URI with a query added', registered, 'https://app.example.org/cb?x=1', false],
    ['a registered URI on another port', registered, 'https://app.example.org:444/cb', false],
    ['not a URI', registered, 'callback', false],
  ])('%s', (_, client, uri, allowed) => {
    expect(redirectAllowed(client, uri)).toBe(allowed)
  })
})
