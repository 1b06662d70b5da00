/**
 * `tokencheck mock` on the command line: its banner (the first line exactly, then the endpoints
 * and credentials), one log line per request with its outcome, `--all`, the lifetime and CORS
 * options, and a clear usage error for every bad argument, including a users file's line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundledSpecNames } from '../../src/spec/load.ts'
import { cliMock, mockCliExit } from '../support/cli-mock.ts'

const form = (v: string) => new URLSearchParams({ v }).toString().slice(2)
/** The RFC 6749 mock's example client and user (specs/rfc6749-password.yaml). */
const BASIC = `Basic ${Buffer.from('s6BhdRkqt3:gX1fBat3bV').toString('base64')}`
const login = (url: string, password: string, extra = '') =>
  fetch(`${url}/token`, {
    method: 'POST',
    headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=password&username=johndoe&password=${form(password)}${extra}`,
  })

describe('tokencheck mock <spec>', () => {
  it('prints its URL first, then its endpoints and credentials, then a line per request', async () => {
    let status = 0
    const run = await cliMock(['rfc6749-password'], async (url) => {
      status = (await login(url, 'A3ddj3w')).status
      await login(url, 'wrong')
      await fetch(`${url}/nowhere`)
    })
    expect(status).toBe(200)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(
      /^tokencheck mock rfc6749-password listening on http:\/\/127\.0\.0\.1:\d+$/,
    )
    expect(run.stdout).toMatch(/POST +http:\/\/127\.0\.0\.1:\d+\/token +token endpoint/)
    expect(run.stdout).toMatch(/default credentials/)
    expect(run.stdout).toMatch(/access tokens live \d+ s/)
    const requests = lines.filter((line) => /^(GET|POST) \//.test(line))
    expect(requests).toHaveLength(3)
    expect(requests[0]).toMatch(/^POST \/token 200 \S+ [\d.]+ms$/)
    expect(requests[1]).toMatch(/^POST \/token 400 invalid_grant [\d.]+ms$/)
    expect(requests[2]).toMatch(/^GET \/nowhere 404 /)
    expect(run.stderr).toBe('')
  }, 30_000)

  it('issues tokens for --access-token-lifetime seconds', async () => {
    let expiresIn: unknown
    await cliMock(['rfc6749-password', '--access-token-lifetime', '7'], async (url) => {
      expiresIn = ((await (await login(url, 'A3ddj3w')).json()) as { expires_in: unknown })
        .expires_in
    })
    expect(expiresIn).toBe(7)
  }, 30_000)

  it('answers a browser from a --cors-origin origin, and not from another', async () => {
    const allowed: (string | null)[] = []
    await cliMock(
      ['rfc6749-password', '--cors-origin', 'https://app.example.test'],
      async (url) => {
        for (const origin of ['https://app.example.test', 'http://localhost:5173']) {
          const answer = await fetch(`${url}/token`, {
            method: 'OPTIONS',
            headers: { origin, 'access-control-request-method': 'POST' },
          })
          allowed.push(answer.headers.get('access-control-allow-origin'))
        }
      },
    )
    expect(allowed).toEqual(['https://app.example.test', null])
  }, 30_000)

  it('serves every bundled spec with --all, one port each', async () => {
    const run = await cliMock(['--all'], async () => undefined, bundledSpecNames().length)
    const urls = [...run.stdout.matchAll(/^tokencheck mock (\S+) listening on (\S+)$/gm)]
    expect(urls.map((m) => m[1]).sort()).toEqual(bundledSpecNames())
    expect(new Set(urls.map((m) => m[2])).size).toBe(urls.length)
  }, 60_000)
})

describe('tokencheck mock, bad arguments', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tokencheck-mock-cli-'))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('names the file, the line and what is wrong in a users file', async () => {
    const users = join(folder, 'users.yaml')
    writeFileSync(users, 'users:\n  - username: ann\n    pasword: secret\n')
    const run = await mockCliExit(['rfc6749-password', '--users', users, '--port', '0'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(users)
    expect(run.stderr).toMatch(/:2\b|line 2|:3\b|line 3/)
    expect(run.stderr).toMatch(/password|pasword/)
    expect(run.stderr).not.toContain('secret')
  })

  it.each<[string, string[], RegExp]>([
    ['no spec', [], /name a spec/],
    ['a spec and --all', ['wokelo', '--all'], /not both/],
    ['an unknown spec', ['no-such-api'], /no spec `no-such-api`/],
    ['a port that is no number', ['wokelo', '--port', 'abc'], /--port.*`abc`/],
    ['a negative lifetime', ['wokelo', '--access-token-lifetime', '-5'], /--access-token-lifetime/],
    ['a missing users file', ['wokelo', '--users', '/nonexistent/users.yaml'], /users\.yaml/],
  ])('refuses %s with exit code 2 and what to fix', async (_, args, message) => {
    const run = await mockCliExit(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
  })

  it('--help lists every option', async () => {
    const run = await mockCliExit(['--help'])
    expect(run.code).toBe(0)
    for (const option of [
      '--all',
      '--port',
      '--host',
      '--users',
      '--access-token-lifetime',
      '--refresh-token-lifetime',
      '--cors-origin',
    ]) {
      expect(run.stdout).toContain(option)
    }
  })
})
