/**
 * The Wogeez mock's OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3, §4):
 * its `issuer` is the URL the client used, by `127.0.0.1` and by `localhost`, and is the `iss` of
 * the tokens issued there; every endpoint it advertises exists on the mock; the grants, client
 * authentication methods and scopes it advertises are the ones the mock accepts, and nothing
 * else is.
 */
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { formEncode } from './token-client.ts'

const REALM = '/realms/wogeez'
const WELL_KNOWN = `${REALM}/.well-known/openid-configuration`

let mock: RunningMock

beforeAll(async () => {
  mock = await startMock({ spec: 'wogeez', log: false })
})
afterAll(() => mock.close())

async function json(url: string, init?: RequestInit) {
  const res = await fetch(url, init)
  const text = await res.text()
  let body: Record<string, unknown> | undefined
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = undefined
  }
  return { status: res.status, headers: res.headers, text, body }
}

function tokenRequest(
  endpoint: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return json(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: Object.entries(params)
      .map(([name, value]) => `${name}=${formEncode(value)}`)
      .join('&'),
  })
}

describe.each(['127.0.0.1', 'localhost'])('the discovery document fetched by %s', (host) => {
  let base: string
  let doc: Record<string, unknown>

  beforeAll(async () => {
    base = `http://${host}:${mock.port}`
    const answer = await json(`${base}${WELL_KNOWN}`)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('application/json')
    doc = answer.body!
  })

  it('names that URL as the issuer (Discovery §4.3) and has the required members (§3)', () => {
    expect(doc['issuer']).toBe(`${base}${REALM}`)
    for (const member of [
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'response_types_supported',
      'subject_types_supported',
      'id_token_signing_alg_values_supported',
    ]) {
      expect(doc, member).toHaveProperty(member)
    }
    expect(doc['id_token_signing_alg_values_supported']).toContain('RS256')
  })

  it('advertises only URLs on this mock, each of which exists', async () => {
    const urls = Object.entries(doc).filter(
      ([, value]) => typeof value === 'string' && /^https?:/.test(value),
    ) as [string, string][]
    expect(urls.map(([name]) => name).sort()).toEqual(
      [
        'authorization_endpoint',
        'issuer',
        'jwks_uri',
        'token_endpoint',
        'userinfo_endpoint',
      ].sort(),
    )
    for (const [name, url] of urls) {
      expect(url.startsWith(`${base}${REALM}`), name).toBe(true)
      if (name === 'issuer') continue
      const method = name === 'token_endpoint' ? 'POST' : 'GET'
      const answer = await json(url, { method })
      // The token endpoint answers an empty POST with 400, the userinfo endpoint a request
      // without a token with 401: neither is 404 or 405.
      expect([200, 400, 401], `${name} ${method} ${url}: ${answer.status}`).toContain(answer.status)
    }
  })

  it('issues tokens whose iss is that issuer and that verify against its jwks_uri', async () => {
    const answer = await tokenRequest(String(doc['token_endpoint']), {
      grant_type: 'password',
      client_id: 'wogeez-api',
      username: mock.credentials.username,
      password: mock.credentials.password,
    })
    expect(answer.status, answer.text).toBe(200)
    const keys = await json(String(doc['jwks_uri']))
    const { payload } = await jwtVerify(
      String(answer.body?.['access_token']),
      createLocalJWKSet(keys.body as unknown as JSONWebKeySet),
      { issuer: String(doc['issuer']) },
    )
    expect(payload.iss).toBe(`${base}${REALM}`)
    const userinfo = await json(String(doc['userinfo_endpoint']), {
      headers: { authorization: `Bearer ${String(answer.body?.['access_token'])}` },
    })
    expect(userinfo.status, userinfo.text).toBe(200)
  })
})

describe('what the discovery document advertises agrees with what the mock accepts', () => {
  let doc: Record<string, unknown>
  let endpoint: string
  const user = () => ({
    username: mock.credentials.username,
    password: mock.credentials.password,
  })

  beforeAll(async () => {
    doc = (await json(`${mock.url}${WELL_KNOWN}`)).body!
    endpoint = String(doc['token_endpoint'])
  })

  it('advertises the password, refresh and authorization code grants; the first two work here', async () => {
    // The authorization code grant is tested end to end in authorization-code.test.ts.
    expect(doc['grant_types_supported']).toEqual([
      'password',
      'refresh_token',
      'authorization_code',
    ])
    const login = await tokenRequest(endpoint, {
      grant_type: 'password',
      client_id: 'wogeez-api',
      ...user(),
    })
    expect(login.status, login.text).toBe(200)
    const refreshed = await tokenRequest(endpoint, {
      grant_type: 'refresh_token',
      client_id: 'wogeez-api',
      refresh_token: String(login.body?.['refresh_token']),
    })
    expect(refreshed.status, refreshed.text).toBe(200)
  })

  it.each(['client_credentials', 'implicit', 'urn:ietf:params:oauth:grant-type:device_code'])(
    'refuses the grant it does not advertise, %s, with unsupported_grant_type',
    async (grant) => {
      const answer = await tokenRequest(endpoint, { grant_type: grant, client_id: 'wogeez-api' })
      expect(answer.status).toBe(400)
      expect(answer.body?.['error']).toBe('unsupported_grant_type')
    },
  )

  it('advertises only public clients (none), and refuses Basic and body secrets', async () => {
    expect(doc['token_endpoint_auth_methods_supported']).toEqual(['none'])
    const basic = await tokenRequest(
      endpoint,
      { grant_type: 'password', ...user() },
      { authorization: `Basic ${Buffer.from('wogeez-api:secret').toString('base64')}` },
    )
    expect(basic.status).toBe(401)
    expect(basic.body?.['error']).toBe('invalid_client')
    const post = await tokenRequest(endpoint, {
      grant_type: 'password',
      client_id: 'wogeez-api',
      client_secret: 'secret',
      ...user(),
    })
    expect(post.status).toBe(400)
    expect(post.body?.['error']).toBe('invalid_client')
  })

  it('grants every scope it advertises', async () => {
    const scopes = doc['scopes_supported'] as string[]
    expect(scopes).toContain('openid')
    const answer = await tokenRequest(endpoint, {
      grant_type: 'password',
      client_id: 'wogeez-api',
      scope: scopes.join(' '),
      ...user(),
    })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.body?.['scope']).toBe(scopes.join(' '))
  })
})
