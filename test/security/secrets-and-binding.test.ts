/**
 * What the mock keeps to itself: no log line, error body or header of any bundled mock holds a
 * password, a client secret or a whole token, in any encoding; the CLI prints the vendor pages'
 * public example credentials but never those of a users file; secrets are compared in constant
 * time; the mock listens on 127.0.0.1 unless told otherwise, and warns when told otherwise.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sameSecret } from '../../src/mock/authority.ts'
import { startMock, type Directory } from '../../src/mock/index.ts'
import { bundledSpecNames } from '../../src/spec/load.ts'
import {
  accessTokenOf,
  passwordGrant,
  postToken,
  refreshTokenOf,
  send,
  type Answer,
} from '../mock/token-client.ts'
import { cliMock } from '../support/cli-mock.ts'
import { leaksIn } from '../support/leaks.ts'

const USERNAME = 'canary.user@example.com'
const PASSWORD = 'Cn4ry p@ss&=é+%:"\\'
const WRONG_PASSWORD = 'Wr0ng p@ss&=é+%'
const SECRET = 'cAnAry:s3cret+/= "é"&%25'
const WRONG_SECRET = 'wR0ng:s3cret+/='

/** The error answers and log lines a session of right and wrong requests leaves. */
async function session(name: string) {
  const probe = await startMock({ spec: name, log: false })
  const clientId = probe.credentials.clientId!
  const confidential = probe.credentials.clientSecret !== undefined
  await probe.close()
  const directory: Directory = {
    users: [{ username: USERNAME, password: PASSWORD }],
    clients: [{ clientId, ...(confidential ? { clientSecret: SECRET } : {}) }],
  }
  const lines: string[] = []
  const mock = await startMock({ spec: name, users: directory, log: (line) => lines.push(line) })
  const answers: Answer[] = []
  const tokens: string[] = []
  const keep = (answer: Answer) => (answers.push(answer), answer)
  try {
    const scope = mock.profile.protectedResource?.scopes.join(' ') ?? ''
    const extra: [string, string][] = scope === '' ? [] : [['scope', scope]]
    const first = keep(await passwordGrant(mock, extra))
    const access = accessTokenOf(first)
    tokens.push(access)
    keep(await passwordGrant(mock, extra, { username: USERNAME, password: WRONG_PASSWORD }))
    keep(await passwordGrant(mock, extra, { username: 'nobody', password: PASSWORD }))
    if (confidential) {
      for (const placement of ['basic', 'body'] as const) {
        keep(
          await postToken(mock, {
            params: [
              ['grant_type', 'password'],
              ['username', USERNAME],
              ['password', PASSWORD],
            ],
            client: { clientId, clientSecret: WRONG_SECRET },
            placement,
          }),
        )
      }
    }
    // The password repeated, and in the query string: refused, and not echoed.
    keep(
      await postToken(mock, {
        params: [
          ['grant_type', 'password'],
          ['username', USERNAME],
          ['password', PASSWORD],
          ['password', PASSWORD],
        ],
      }),
    )
    keep(
      await postToken(mock, {
        params: [['grant_type', 'password']],
        query: `?username=${encodeURIComponent(USERNAME)}&password=${encodeURIComponent(PASSWORD)}`,
      }),
    )
    if (first.json?.['refresh_token'] !== undefined) {
      const refresh = refreshTokenOf(first)
      tokens.push(refresh)
      const refreshed = keep(
        await postToken(mock, {
          params: [
            ['grant_type', 'refresh_token'],
            ['refresh_token', refresh],
          ],
        }),
      )
      tokens.push(accessTokenOf(refreshed), refreshTokenOf(refreshed))
      keep(
        await postToken(mock, {
          params: [
            ['grant_type', 'refresh_token'],
            ['refresh_token', refresh],
          ],
        }),
      )
    }
    const resource = mock.profile.protectedResource
    if (resource !== undefined) {
      const tampered = `${access.slice(0, -4)}${access.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`
      tokens.push(tampered)
      for (const token of [access, tampered]) {
        keep(await send(mock, resource.path, { headers: { authorization: `Bearer ${token}` } }))
        keep(
          await send(mock, `${resource.path}?access_token=${token}`, {
            headers: { authorization: `Bearer ${token}` },
          }),
        )
      }
    }
  } finally {
    await mock.close()
  }
  return { lines, answers, tokens, clientId, confidential }
}

function text(answer: Answer): string {
  const headers: string[] = []
  answer.headers.forEach((value, key) => headers.push(`${key}: ${value}`))
  return [String(answer.status), ...headers, answer.text].join('\n')
}

describe.each(bundledSpecNames())('the %s mock keeps secrets', (name) => {
  it('out of every log line, error body and header', async () => {
    const { lines, answers, tokens, clientId, confidential } = await session(name)
    const secrets: Record<string, string> = {
      password: PASSWORD,
      'wrong password': WRONG_PASSWORD,
      ...(confidential ? { secret: SECRET, 'wrong secret': WRONG_SECRET } : {}),
      ...Object.fromEntries(tokens.map((token, i) => [`token ${i}`, token])),
    }
    const pairs: [string, string][] = confidential
      ? [
          [clientId, SECRET],
          [clientId, WRONG_SECRET],
        ]
      : []
    expect(lines.length).toBeGreaterThanOrEqual(answers.length)
    expect(leaksIn(lines.join('\n'), secrets, pairs), lines.join('\n')).toEqual([])
    // A token response holds its tokens; every other answer holds none of them, nor a secret.
    const others = answers.filter((a) => a.json?.['access_token'] === undefined)
    expect(others.some((a) => a.status >= 400)).toBe(true)
    for (const answer of others) {
      expect(leaksIn(text(answer), secrets, pairs), text(answer)).toEqual([])
    }
  })
})

describe('secrets are compared in constant time', () => {
  it('by comparing equal-length digests: right for equal, unequal, prefixes and other lengths', () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true)
    expect(sameSecret(SECRET, `${SECRET}x`)).toBe(false)
    expect(sameSecret(SECRET.slice(0, 3), SECRET)).toBe(false)
    expect(sameSecret('', SECRET)).toBe(false)
    expect(sameSecret('é', 'e\u0301')).toBe(false)
  })

  it('everywhere the mock compares a password or a client secret', () => {
    for (const file of ['authority.ts', 'client-auth.ts', 'token-endpoint.ts', 'users.ts']) {
      const source = readFileSync(new URL(`../../src/mock/${file}`, import.meta.url), 'utf8')
      const direct = source
        .split('\n')
        .filter((line) =>
          /(password|secret)\w*\s*[!=]==|[!=]==\s*[\w.?]*(password|secret)/i.test(line),
        )
        .filter((line) => !/=== undefined|!== undefined/.test(line))
      expect(direct, `${file} compares a secret with === or !==`).toEqual([])
    }
    const auth = readFileSync(new URL('../../src/mock/client-auth.ts', import.meta.url), 'utf8')
    const authority = readFileSync(new URL('../../src/mock/authority.ts', import.meta.url), 'utf8')
    expect(auth).toMatch(/sameSecret\(secret, /)
    expect(authority).toMatch(/sameSecret\(password, user\.password\)/)
    expect(authority).toMatch(/timingSafeEqual\(/)
  })
})

describe('where the mock listens', () => {
  it('is 127.0.0.1 unless told otherwise', async () => {
    const mock = await startMock({ spec: 'rfc6749-password', log: false })
    try {
      expect(mock.host).toBe('127.0.0.1')
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    } finally {
      await mock.close()
    }
  })
})

describe('tokencheck mock on the command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tokencheck-security-'))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('prints no password or secret of a users file, and no token, in its banner or log', async () => {
    const users = join(folder, 'users.yaml')
    writeFileSync(
      users,
      `users:\n  - username: ${JSON.stringify(USERNAME)}\n    password: ${JSON.stringify(PASSWORD)}\n` +
        `clients:\n  - clientId: canary-client\n    clientSecret: ${JSON.stringify(SECRET)}\n`,
    )
    let token = ''
    const form = (v: string) => new URLSearchParams({ v }).toString().slice(2)
    const run = await cliMock(['rfc6749-password', '--users', users], async (url) => {
      const basic = Buffer.from(`canary-client:${form(SECRET)}`).toString('base64')
      const login = (password: string) =>
        fetch(`${url}/token`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: `grant_type=password&username=${form(USERNAME)}&password=${form(password)}`,
        })
      const ok = await login(PASSWORD)
      expect(ok.status).toBe(200)
      token = ((await ok.json()) as { access_token: string }).access_token
      expect((await login(WRONG_PASSWORD)).status).toBe(400)
      await fetch(`${url}/resource`, { headers: { authorization: `Bearer ${token}` } })
    })
    expect(run.stdout).toContain(USERNAME)
    expect(run.stdout).toContain('(in the users file)')
    expect(run.stdout).toMatch(/ 200 /)
    expect(run.stdout).toMatch(/ 400 invalid_grant /)
    const secrets = { password: PASSWORD, 'wrong password': WRONG_PASSWORD, secret: SECRET, token }
    expect(leaksIn(run.stdout + run.stderr, secrets, [['canary-client', SECRET]])).toEqual([])
  }, 30_000)

  it('prints the vendor page example credentials, which are public, when it has no users file', async () => {
    const run = await cliMock(['wokelo'], async () => undefined)
    expect(run.stdout).toContain('default credentials')
    expect(run.stdout).toContain('sam@abconsulting.com')
    expect(run.stderr).toBe('')
  }, 30_000)

  it('warns when it listens on an address other machines can reach', async () => {
    const run = await cliMock(['rfc6749-password', '--host', '0.0.0.0'], async () => undefined)
    expect(run.stderr).toMatch(
      /warning: listening on 0\.0\.0\.0 lets other machines reach the mock/,
    )
  }, 30_000)

  it('does not warn on a loopback address', async () => {
    const run = await cliMock(['rfc6749-password', '--host', '127.0.0.1'], async () => undefined)
    expect(run.stderr).toBe('')
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:/)
  }, 30_000)
})
