/**
 * The library API, `startMock({ spec, port?, host?, users?, lifetimes?, log? }) → { url, close() }`,
 * and the default users and clients: those of each vendor page, which sign in as they are.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { isTokencheckError } from '../../src/errors.ts'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { passwordGrant } from './token-client.ts'

const running: RunningMock[] = []
async function start(options: Parameters<typeof startMock>[0]): Promise<RunningMock> {
  const mock = await startMock({ log: false, ...options })
  running.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.close()))
})

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * The vendor page's example user and client, as the page prints them (each value is checked to
 * be on the page), and the access token lifetime of the page's example.
 */
const VENDOR_DEFAULTS: Record<
  string,
  {
    page?: string
    username: string
    password: string
    clientId: string
    clientSecret?: string
    lifetime: number
  }
> = {
  wokelo: {
    page: 'wokelo-auth-token.txt',
    username: 'sam@abconsulting.com',
    password: 'password',
    clientId: 'R9L25HMhvxp33N4ws2PYBqVTMclSnXKjdf8E4Mf',
    clientSecret: 'NmwXR8KYjUnpqs2hwmHJHBLTNPV4x7DtZA5ScK',
    lifetime: 2628288,
  },
  wogeez: {
    page: 'wogeez-openid-connect.txt',
    username: 'your-username',
    password: 'your-password',
    clientId: 'wogeez-api',
    lifetime: 3600,
  },
  'wso2-api-cloud': {
    page: 'wso2-api-cloud-token.txt',
    // The page shows the username's form, `john@johns.org@johnsorg`, and no password.
    username: 'john@johns.org@johnsorg',
    password: 'password',
    clientId: 'wU62DjlyDBnq87GlBwplfqvmAbAa',
    clientSecret: 'ksdSdoefDDP7wpaElfqvmjDue',
    lifetime: 3600,
  },
  'auth-login': {
    page: 'auth-login-problem-details.txt',
    username: 'example',
    password: 'example',
    clientId: 'example',
    clientSecret: 'example',
    lifetime: 3600,
  },
  // RFC 6749 §4.3.2 and §2.3.1's examples.
  'rfc6749-password': {
    username: 'johndoe',
    password: 'A3ddj3w',
    clientId: 's6BhdRkqt3',
    clientSecret: 'gX1fBat3bV',
    lifetime: 3600,
  },
}

describe.each(bundledSpecNames())('the %s mock, its defaults', (name) => {
  const expected = VENDOR_DEFAULTS[name]!

  it('are the vendor page’s example user and client', async () => {
    const mock = await start({ spec: name })
    expect(mock.credentials).toMatchObject({
      username: expected.username,
      password: expected.password,
      clientId: expected.clientId,
    })
    expect(mock.credentials.clientSecret).toBe(expected.clientSecret)
    if (expected.page !== undefined) {
      const page = readFileSync(
        new URL(`../../specs/vendor-docs/${expected.page}`, import.meta.url),
        'utf8',
      )
      const shown = [expected.username, expected.clientId, expected.clientSecret]
      if (name !== 'wso2-api-cloud') shown.push(expected.password)
      for (const value of shown) if (value !== undefined) expect(page).toContain(value)
    }
    expect((await passwordGrant(mock)).status).toBe(200)
  })

  it('issue access tokens for the lifetime of the vendor example', async () => {
    const mock = await start({ spec: name })
    expect(mock.accessTokenLifetime).toBe(expected.lifetime)
    expect((await passwordGrant(mock)).json?.['expires_in']).toBe(expected.lifetime)
  })
})

describe('the wso2-api-cloud defaults', () => {
  it('have usernames of the form email@organization-key, as the page asks', async () => {
    const mock = await start({ spec: 'wso2-api-cloud' })
    const pattern = new RegExp(loadSpec('wso2-api-cloud').profile.usernamePattern!.value)
    for (const user of mock.directory.users) expect(user.username).toMatch(pattern)
  })
})

describe('startMock', () => {
  it('loads Prism in the background with preloadPrism, and only then', async () => {
    const lazy = await startMock({ spec: 'wokelo', log: false })
    const eager = await startMock({ spec: 'wokelo', log: false, preloadPrism: true })
    try {
      // Not before the caller has the mock (and has printed its banner), but a moment after.
      expect(eager.prismState()).toBe('idle')
      await new Promise((resolve) => setImmediate(resolve))
      expect(eager.prismState()).toBe('loading')
      expect(lazy.prismState()).toBe('idle')
      expect((await passwordGrant(lazy)).status).toBe(200)
      expect(lazy.prismState()).toBe('idle')
      // Generous: on a busy machine, loading Prism takes seconds of a thread's time.
      await expect.poll(() => eager.prismState(), { timeout: 60_000, interval: 50 }).toBe('ready')
      const forced = await fetch(`${eager.url}/auth/token/`, {
        method: 'POST',
        headers: { prefer: 'code=401' },
      })
      expect(forced.status).toBe(401)
    } finally {
      await Promise.all([lazy.close(), eager.close()])
    }
  }, 90_000)

  it('listens on 127.0.0.1 and a free port by default, and close() stops it', async () => {
    const mock = await startMock({ spec: 'wokelo', log: false })
    expect(mock.host).toBe('127.0.0.1')
    expect(mock.port).toBeGreaterThan(0)
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`)
    expect((await passwordGrant(mock)).status).toBe(200)
    await mock.close()
    await expect(fetch(`${mock.url}/.well-known/jwks.json`)).rejects.toThrow()
  })

  it('listens on the port asked for', async () => {
    const port = await freePort()
    const mock = await start({ spec: 'wokelo', port })
    expect(mock.port).toBe(port)
    expect(mock.url).toBe(`http://127.0.0.1:${port}`)
  })

  it('refuses a port in use with ERR_USAGE naming the port and what to do', async () => {
    const first = await start({ spec: 'wokelo' })
    const error = await startMock({ spec: 'wokelo', port: first.port, log: false }).catch(
      (e: unknown) => e,
    )
    expect(isTokencheckError(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'ERR_USAGE',
      message: expect.stringContaining(`port ${first.port} on 127.0.0.1 is in use`),
    })
    expect((error as Error).message).toMatch(/--port 0/)
  })

  it.each([
    ['a bundled name', 'wogeez'],
    ['a file path', new URL('../../specs/wogeez.yaml', import.meta.url).pathname],
    ['a spec already loaded', loadSpec('wogeez')],
  ] as const)('takes the spec as %s', async (_, spec) => {
    const mock = await start({ spec })
    expect(mock.profile.name).toBe('wogeez')
    expect((await passwordGrant(mock)).status).toBe(200)
  })

  it('refuses an unknown spec with a message naming it', async () => {
    const error = await startMock({ spec: 'no-such-spec', log: false }).catch((e: unknown) => e)
    expect(isTokencheckError(error)).toBe(true)
    expect((error as Error).message).toContain('no-such-spec')
  })

  it('takes token lifetimes in seconds', async () => {
    const mock = await start({
      spec: 'rfc6749-password',
      lifetimes: { accessToken: 7, refreshToken: 9 },
    })
    const answer = await passwordGrant(mock)
    expect(answer.json?.['expires_in']).toBe(7)
    expect(mock.accessTokenLifetime).toBe(7)
  })

  it('takes users and clients as a directory, replacing the defaults', async () => {
    const mock = await start({
      spec: 'rfc6749-password',
      users: {
        users: [{ username: 'ada', password: 'analytical engine' }],
        clients: [{ clientId: 'loom', clientSecret: 'jacquard' }],
      },
    })
    expect(mock.credentials).toMatchObject({ username: 'ada', clientId: 'loom' })
    expect((await passwordGrant(mock)).status).toBe(200)
    const old = await passwordGrant(mock, [], { username: 'johndoe', password: 'A3ddj3w' })
    expect(old.json?.['error']).toBe('invalid_grant')
  })

  it('sends one log line per request to a log function', async () => {
    const lines: string[] = []
    const mock = await start({ spec: 'wokelo', log: (line) => lines.push(line) })
    await passwordGrant(mock)
    await fetch(`${mock.url}/api/me`)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^POST \/auth\/token\/ 200 issued \d+\.\dms$/)
    expect(lines[1]).toMatch(/^GET \/api\/me 401 challenge \d+\.\dms$/)
  })

  it('serves two specs side by side on their own ports', async () => {
    const [a, b] = await Promise.all([start({ spec: 'wokelo' }), start({ spec: 'wso2-api-cloud' })])
    expect(a!.port).not.toBe(b!.port)
    expect((await passwordGrant(a!)).status).toBe(200)
    expect((await passwordGrant(b!)).status).toBe(200)
  })
})
