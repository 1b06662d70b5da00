/**
 * CORS for frontends (Fetch Standard §3.2): by default any loopback origin is allowed and echoed;
 * `corsOrigins` (the CLI's `--cors-origin`) replaces that list, `*` allowing any; a preflight of
 * the token endpoint gets 204 with the methods and headers a token request needs; every answer to
 * an allowed origin, errors included, exposes `WWW-Authenticate` so a frontend can read the
 * challenge; a disallowed origin gets no CORS header at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { postToken, send, type Answer } from './token-client.ts'

const mocks: Record<'loopback' | 'listed' | 'any', RunningMock | undefined> = {
  loopback: undefined,
  listed: undefined,
  any: undefined,
}

beforeAll(async () => {
  mocks.loopback = await startMock({ spec: 'wokelo', log: false })
  mocks.listed = await startMock({
    spec: 'wokelo',
    corsOrigins: ['https://app.example.com', 'http://localhost:8080'],
    log: false,
  })
  mocks.any = await startMock({ spec: 'wokelo', corsOrigins: ['*'], log: false })
})
afterAll(() => Promise.all(Object.values(mocks).map((mock) => mock?.close())))

const mock = (name: keyof typeof mocks): RunningMock => {
  const found = mocks[name]
  if (found === undefined) throw new Error(`no ${name} mock`)
  return found
}

function expectAllowed(answer: Answer, origin: string): void {
  expect(answer.headers.get('access-control-allow-origin')).toBe(origin)
  expect(answer.headers.get('vary')).toMatch(/Origin/)
  expect(answer.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/i)
}

function expectRefused(answer: Answer): void {
  expect(answer.headers.get('access-control-allow-origin')).toBeNull()
  expect(answer.headers.get('access-control-expose-headers')).toBeNull()
}

describe.each<[keyof typeof mocks, string, boolean]>([
  ['loopback', 'http://localhost:5173', true],
  ['loopback', 'http://127.0.0.1:3000', true],
  ['loopback', 'http://[::1]:4200', true],
  ['loopback', 'http://localhost', true],
  ['loopback', 'http://app.localhost:8080', true],
  ['loopback', 'http://localhost:5173/path', false],
  ['loopback', 'https://app.example.com', false],
  ['loopback', 'http://localhost.example.com', false],
  ['loopback', 'null', false],
  ['listed', 'https://app.example.com', true],
  ['listed', 'http://localhost:8080', true],
  ['listed', 'http://localhost:5173', false],
  ['listed', 'https://app.example.com.evil.test', false],
  ['any', 'https://anything.example', true],
  ['any', 'http://localhost:5173', true],
])('the %s mock and the origin %s', (name, origin, allowed) => {
  it(`${allowed ? 'allows' : 'does not allow'} a token request`, async () => {
    const { username, password } = mock(name).credentials
    const answer = await postToken(mock(name), {
      params: [
        ['grant_type', 'password'],
        ['username', username],
        ['password', password],
      ],
      headers: { origin },
    })
    expect(answer.status).toBe(200)
    if (allowed) expectAllowed(answer, origin)
    else expectRefused(answer)
  })

  it(`${allowed ? 'answers' : 'gives no CORS headers to'} a preflight of the token endpoint`, async () => {
    const answer = await send(mock(name), mock(name).profile.token.path, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, prefer',
      },
    })
    expect(answer.status).toBe(204)
    if (!allowed) return expectRefused(answer)
    expectAllowed(answer, origin)
    expect(answer.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/)
    const headers = (answer.headers.get('access-control-allow-headers') ?? '').toLowerCase()
    for (const header of ['authorization', 'content-type', 'prefer']) {
      expect(headers).toContain(header)
    }
  })
})

describe('CORS on errors, the resource and other operations', () => {
  const origin = 'http://localhost:5173'

  it.each([
    ['a 401 at the protected resource', '/api/me', {}],
    ['a 400 at the token endpoint', '/auth/token/', { method: 'POST' }],
    ['a 405 at the token endpoint', '/auth/token/', {}],
    ['a 404 for an unknown path', '/no/such/path', {}],
    ['a 413 at the token endpoint', '/auth/token/', { method: 'POST', body: 'a'.repeat(70_000) }],
    ['the key set', '/.well-known/jwks.json', {}],
    ['a Prefer-forced 401', '/auth/token/', { method: 'POST', headers: { prefer: 'code=401' } }],
  ] as const)('sends and exposes them on %s', async (_, path, init) => {
    const headers = { origin, ...('headers' in init ? init.headers : {}) }
    const answer = await send(mock('loopback'), path, { ...init, headers })
    expectAllowed(answer, origin)
  })

  it('lets a frontend read the WWW-Authenticate challenge of a 401', async () => {
    const answer = await send(mock('loopback'), '/api/me', { headers: { origin } })
    expect(answer.status).toBe(401)
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/i)
  })

  it('answers a preflight of the protected resource with GET and Authorization', async () => {
    const answer = await send(mock('loopback'), '/api/me', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(answer.status).toBe(204)
    expect(answer.headers.get('access-control-allow-methods')).toMatch(/\bGET\b/)
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/authorization/i)
  })
})
