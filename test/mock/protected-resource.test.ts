/**
 * The protected resource (RFC 6750) and the key set of every bundled mock: a valid token gets
 * 200 with the members the spec lists; no token gets 401 with a bare `Bearer realm=…` challenge;
 * the scheme is case-insensitive; WSO2's resource refuses a token for `read` only with 403
 * `insufficient_scope`; the JWKS holds the public signing key and nothing private.
 */
import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames } from '../../src/openapi/load.ts'
import { accessTokenOf, passwordGrant, send, type Answer } from './token-client.ts'
import { expectVendorError } from './vendor-error.ts'

/** The scope a token needs for each spec's resource (WSO2's needs `update`). */
const RESOURCE_SCOPE: Record<string, string | undefined> = { 'wso2-api-cloud': 'update' }

describe.each(bundledSpecNames())('the %s mock, its protected resource', (name) => {
  let mock: RunningMock
  let token: string
  let path: string

  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
    const scope = RESOURCE_SCOPE[name]
    token = accessTokenOf(await passwordGrant(mock, scope === undefined ? [] : [['scope', scope]]))
    const resource = mock.profile.protectedResource
    if (resource === undefined) throw new Error(`the ${name} spec has no protected resource`)
    path = resource.path
  })
  afterAll(() => mock.close())

  const get = (authorization?: string, query = ''): Promise<Answer> =>
    send(mock, `${path}${query}`, {
      headers: authorization === undefined ? {} : { authorization },
    })

  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])(
    'answers a valid token sent as `%s <token>` with 200 (RFC 9110 §11.1: the scheme is case-insensitive)',
    async (scheme) => {
      const answer = await get(`${scheme} ${token}`)
      expect(answer.status, answer.text).toBe(200)
      expect(answer.headers.get('content-type')).toBe('application/json')
      const subject = answer.json?.['sub'] ?? answer.json?.['preferred_username']
      expect(subject).toBe(mock.credentials.username)
    },
  )

  it('answers no token with 401 and a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const answer = await get()
    expect(answer.status).toBe(401)
    expect(answer.headers.get('www-authenticate')).toBe(`Bearer realm="${mock.profile.name}"`)
  })

  it('answers a Basic Authorization header with 401 and a Bearer challenge', async () => {
    const answer = await get('Basic dXNlcjpwYXNz')
    expect(answer.status).toBe(401)
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+"/)
  })

  it('answers a token in the access_token query parameter with 200 and Cache-Control: private (RFC 6750 §2.3)', async () => {
    const answer = await get(undefined, `?access_token=${encodeURIComponent(token)}`)
    expect(answer.status, answer.text).toBe(200)
    expect(answer.headers.get('cache-control')).toMatch(/private/)
  })

  it('refuses a token sent in the header and the query at once with 400 invalid_request (RFC 6750 §2)', async () => {
    const answer = await get(`Bearer ${token}`, `?access_token=${encodeURIComponent(token)}`)
    expectVendorError(mock, answer, 400, 'invalid_request')
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_request"/)
  })

  it('serves the key set: the public RSA key tokens name by kid, and nothing private', async () => {
    const jwksPath = mock.profile.jwks?.path
    if (jwksPath === undefined) throw new Error(`the ${name} spec names no key set`)
    const answer = await send(mock, jwksPath)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('application/json')
    const keys = answer.json?.['keys'] as Record<string, unknown>[]
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({
      kty: 'RSA',
      kid: decodeProtectedHeader(token).kid,
      use: 'sig',
      alg: 'RS256',
      n: expect.any(String),
      e: 'AQAB',
    })
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) {
      expect(keys[0], member).not.toHaveProperty(member)
    }
  })
})

describe('the wso2-api-cloud mock, scopes on its resource', () => {
  let mock: RunningMock

  beforeAll(async () => {
    mock = await startMock({ spec: 'wso2-api-cloud', log: false })
  })
  afterAll(() => mock.close())

  it.each([
    ['read', 403],
    ['update', 200],
    ['read update', 200],
    [undefined, 403],
  ] as const)('a token for scope %s gets %i', async (scope, status) => {
    const token = accessTokenOf(
      await passwordGrant(mock, scope === undefined ? [] : [['scope', scope]]),
    )
    const answer = await send(mock, '/resource', { headers: { authorization: `Bearer ${token}` } })
    if (status === 200) {
      expect(answer.status, answer.text).toBe(200)
      return
    }
    // RFC 6750 §3.1: insufficient_scope is 403 and the challenge names the scope needed.
    expectVendorError(mock, answer, 403, 'insufficient_scope')
    expect(answer.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="wso2-api-cloud", error="insufficient_scope", .*scope="update"/,
    )
  })
})
