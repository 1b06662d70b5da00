/**
 * `tokencheck mock` as a user runs it: the real binary as a child process. The banner's first
 * line and table, one log line per request that never holds a secret in any encoding, `--all`,
 * `--users`, the lifetime and CORS flags, a warning for a non-loopback host, usage errors with
 * exit code 2, `--help`, and a clean exit 0 on Ctrl-C.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { bundledSpecNames } from '../../src/openapi/load.ts'
import type { Directory } from '../../src/mock/users.ts'
import { leaksIn } from '../support/leaks.ts'
import {
  accessTokenOf,
  passwordGrant,
  postToken,
  refreshTokenOf,
  send,
  type ClientCredentials,
} from '../mock/token-client.ts'
import {
  killLeftovers,
  LISTENING,
  MockProcess,
  scratchDirectory,
  targetOf,
} from './mock-process.ts'

function mock(args: readonly string[], cwd?: string): MockProcess {
  return new MockProcess(args, cwd)
}
afterEach(killLeftovers)

/** One request's log line: method, path, status, outcome, milliseconds. */
const LOG_LINE = /^(?:\[(\S+)\] )?(GET|POST|OPTIONS) (\/\S*) (\d{3}) (\S+(?: \S+)*) (\d+\.\d)ms$/

async function listening(child: MockProcess) {
  const [, name, url] = await child.line(LISTENING)
  // The banner is written whole: its last line says how clients authenticate.
  await child.line(/^client authentication: /)
  return { name: name!, url: url! }
}

describe('tokencheck mock <spec> --port 0', () => {
  it('prints the listening line first, then its endpoints and default credentials', async () => {
    const child = mock(['rfc6749-password', '--port', '0'])
    const { url } = await listening(child)
    const [first, second] = child.lines
    expect(first).toMatch(
      /^tokencheck mock rfc6749-password listening on http:\/\/127\.0\.0\.1:\d+$/,
    )
    expect(url).not.toBe('http://127.0.0.1:0')
    expect(second).toBe('')
    expect(child.stdout).toMatch(new RegExp(`POST +${url}/token +token endpoint`))
    expect(child.stdout).toMatch(new RegExp(`GET +${url}/\\.well-known/jwks\\.json +key set`))
    expect(child.stdout).toMatch(new RegExp(`GET +${url}/resource +protected resource`))
    // RFC 6749 §4.3.2's and §2.3.1's example user and client, the spec's defaults.
    expect(child.stdout).toMatch(/user +johndoe +A3ddj3w/)
    expect(child.stdout).toMatch(/client +s6BhdRkqt3 +gX1fBat3bV/)
    expect(child.stdout).toMatch(
      /client authentication: client_secret_basic, client_secret_post; access tokens live 3600 s/,
    )
    expect(child.stderr).toBe('')
    const answer = await passwordGrant(targetOf('rfc6749-password', url))
    expect(answer.status, answer.text).toBe(200)
    expect(await child.line(LOG_LINE)).toBeTruthy()
    const ended = await child.stop('SIGINT')
    expect(ended).toMatchObject({ code: 0, signal: null })
  })
})

// Canary credentials: characters that change under URL, form, Basic and JSON encoding.
const PASSWORD = 'P@ss w0rd+&=%"\\é/'
const WRONG_PASSWORD = 'Wr0ng: p@ss&=ü+'
const CLIENT_ID = 'canary:client'
const CLIENT_SECRET = 's3cr3t+/= "é"&%25'
const WRONG_SECRET = 'n0t-th3 s3cr3t:ü'

/**
 * The banner shows the first user and client, one other plain client and the first user and
 * client with special characters: decoys take those places, so the canaries are never shown and
 * any of them in the output is a leak from a request.
 */
const CANARY_DIRECTORY: Directory = {
  users: [
    { username: 'shown-user', password: 'shown-password' },
    { username: 'decoy user', password: 'decoy p@ss' },
    { username: 'c@nary user', password: PASSWORD },
  ],
  clients: [
    { clientId: 'shown-client', clientSecret: 'shown-secret' },
    { clientId: 'decoy-plain', clientSecret: 'decoy-plain-secret' },
    { clientId: 'decoy:special', clientSecret: 'decoy s:cret' },
    { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
  ],
}

describe('the request log', () => {
  it('has one line per request with method, path, status, outcome and ms, and never a secret', async () => {
    const dir = scratchDirectory()
    writeFileSync(join(dir, 'users.yaml'), JSON.stringify(CANARY_DIRECTORY))
    const child = mock(['rfc6749-password', '--port', '0', '--users', 'users.yaml'], dir)
    const { url } = await listening(child)
    expect(child.stdout).toContain('shown-user')
    const target = targetOf('rfc6749-password', url, CANARY_DIRECTORY)
    const canary: ClientCredentials = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }
    const login = (password: string, client: ClientCredentials, placement: 'basic' | 'body') =>
      postToken(target, {
        params: [
          ['grant_type', 'password'],
          ['username', 'c@nary user'],
          ['password', password],
        ],
        client,
        placement,
      })
    const refresh = (token: string) =>
      postToken(target, {
        params: [
          ['grant_type', 'refresh_token'],
          ['refresh_token', token],
        ],
        client: canary,
        placement: 'basic',
      })

    const basic = await login(PASSWORD, canary, 'basic')
    const body = await login(PASSWORD, canary, 'body')
    const tokens = [basic, body].flatMap((answer) => [
      accessTokenOf(answer),
      refreshTokenOf(answer),
    ])
    const refreshed = await refresh(refreshTokenOf(basic))
    tokens.push(accessTokenOf(refreshed), refreshTokenOf(refreshed))
    const access = accessTokenOf(refreshed)
    const [head, payload, signature] = access.split('.')
    const sent: [string, Promise<{ status: number }>][] = [
      ['wrong password', login(WRONG_PASSWORD, canary, 'basic')],
      ['wrong secret, Basic', login(PASSWORD, { ...canary, clientSecret: WRONG_SECRET }, 'basic')],
      ['wrong secret, body', login(PASSWORD, { ...canary, clientSecret: WRONG_SECRET }, 'body')],
      ['rotated refresh token', refresh(refreshTokenOf(basic))],
      [
        'secrets in the query',
        postToken(target, {
          params: [['grant_type', 'password']],
          query: `?password=${encodeURIComponent(PASSWORD)}&client_secret=${encodeURIComponent(CLIENT_SECRET)}`,
          client: canary,
        }),
      ],
      ['resource', send(target, '/resource', { headers: { authorization: `Bearer ${access}` } })],
      ['token in the query', send(target, `/resource?access_token=${access}`)],
      [
        'tampered token',
        send(target, '/resource', {
          headers: { authorization: `Bearer ${head}.${payload}x.${signature}` },
        }),
      ],
    ]
    const statuses = Object.fromEntries(
      await Promise.all(sent.map(async ([what, answer]) => [what, (await answer).status])),
    )
    expect(statuses).toEqual({
      'wrong password': 400,
      'wrong secret, Basic': 401,
      'wrong secret, body': 401,
      'rotated refresh token': 400,
      'secrets in the query': 400,
      resource: 200,
      'token in the query': 200,
      'tampered token': 401,
    })

    const log = await child.linesMatching(LOG_LINE, 3 + sent.length)
    expect(log).toHaveLength(3 + sent.length)
    const outcomes = log.map((line) => {
      const [, , method, path, status, outcome] = line.match(LOG_LINE)!
      return `${method} ${path} ${status} ${outcome}`
    })
    expect(outcomes.slice(0, 3)).toEqual([
      'POST /token 200 issued',
      'POST /token 200 issued',
      'POST /token 200 issued',
    ])
    expect(outcomes.slice(3).sort()).toEqual(
      [
        'POST /token 400 invalid_grant',
        'POST /token 401 invalid_client',
        'POST /token 401 invalid_client',
        'POST /token 400 invalid_grant',
        'POST /token 400 invalid_request',
        'GET /resource 200 ok',
        // RFC 6750 §2.3: the query method is allowed, so it works; only its log line matters here.
        'GET /resource 200 ok',
        'GET /resource 401 invalid_token',
      ].sort(),
    )

    const ended = await child.stop('SIGINT')
    expect(ended.code).toBe(0)
    const secrets: Record<string, string> = {
      password: PASSWORD,
      'wrong password': WRONG_PASSWORD,
      'client secret': CLIENT_SECRET,
      'wrong client secret': WRONG_SECRET,
    }
    for (const [index, token] of tokens.entries()) secrets[`token ${index}`] = token
    secrets['signature'] = signature!
    expect(
      leaksIn(child.output, secrets, [
        [CLIENT_ID, CLIENT_SECRET],
        [CLIENT_ID, WRONG_SECRET],
      ]),
    ).toEqual([])
  })
})

describe('tokencheck mock --all --port 0', () => {
  it('serves every bundled spec on a port of its own, each logging under its name', async () => {
    const child = mock(['--all', '--port', '0'])
    const names = bundledSpecNames()
    const banners = await child.linesMatching(LISTENING, names.length)
    await child.linesMatching(/^client authentication: /, names.length)
    const served = new Map(
      banners.map((line) => {
        const [, name, url] = line.match(LISTENING)!
        return [name!, url!] as const
      }),
    )
    expect([...served.keys()].sort()).toEqual([...names].sort())
    expect(new Set(served.values()).size).toBe(names.length)
    for (const [name, url] of served) {
      const answer = await passwordGrant(targetOf(name, url))
      expect(answer.status, `${name}: ${answer.text}`).toBe(200)
    }
    const log = await child.linesMatching(LOG_LINE, names.length)
    expect(log.map((line) => line.match(LOG_LINE)![1]).sort()).toEqual([...names].sort())
    expect(await child.stop('SIGINT')).toMatchObject({ code: 0, signal: null })
  })
})

describe('tokencheck mock --access-token-lifetime and --cors-origin', () => {
  it('issues tokens for that many seconds and allows exactly the origins given', async () => {
    const child = mock([
      'wogeez',
      '--port',
      '0',
      '--access-token-lifetime',
      '7',
      '--cors-origin',
      'http://localhost:5173',
      'https://app.example.com',
    ])
    const { url } = await listening(child)
    expect(child.stdout).toContain('access tokens live 7 s')
    const target = targetOf('wogeez', url)
    const answer = await passwordGrant(target)
    expect(answer.json?.['expires_in']).toBe(7)
    const claims = decodeJwt(accessTokenOf(answer))
    expect(claims.exp! - claims.iat!).toBe(7)

    const token = target.profile.token.path
    const preflight = (origin: string) =>
      send(target, token, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
    for (const origin of ['http://localhost:5173', 'https://app.example.com']) {
      const allowed = await preflight(origin)
      expect(allowed.headers.get('access-control-allow-origin'), origin).toBe(origin)
      const fromOrigin = await send(target, token, { method: 'POST', headers: { origin } })
      expect(fromOrigin.headers.get('access-control-allow-origin'), origin).toBe(origin)
    }
    // The list replaces the default (any loopback origin): another localhost port is refused.
    const other = await preflight('http://localhost:3000')
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('tokencheck mock --host 0.0.0.0', () => {
  it('warns that other machines can reach it, and still answers on loopback', async () => {
    const child = mock(['wokelo', '--host', '0.0.0.0', '--port', '0'])
    const [, , , port] = await child.line(LISTENING)
    expect(child.lines[0]).toBe(`tokencheck mock wokelo listening on http://0.0.0.0:${port}`)
    expect(child.stderr).toMatch(
      /^warning: listening on 0\.0\.0\.0 lets other machines reach the mock and its example credentials\n$/,
    )
    const answer = await passwordGrant(targetOf('wokelo', `http://127.0.0.1:${port}`))
    expect(answer.status, answer.text).toBe(200)
  })

  it.each(['127.0.0.1', 'localhost'])('does not warn for %s', async (host) => {
    const child = mock(['wokelo', '--host', host, '--port', '0'])
    await listening(child)
    expect(await child.stop('SIGTERM')).toMatchObject({ code: 0 })
    expect(child.stderr).toBe('')
  })
})

describe('stopping tokencheck mock', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s the moment the banner is out ends it cleanly with exit 0',
    async (signal) => {
      const child = mock(['wogeez', '--port', '0'])
      const { url } = await listening(child)
      expect(await child.stop(signal)).toMatchObject({ code: 0, signal: null })
      await expect(fetch(url)).rejects.toThrow()
    },
  )
})
