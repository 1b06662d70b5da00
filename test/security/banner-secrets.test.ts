/**
 * What `tokencheck mock` prints of its users and clients: the vendor pages' example credentials,
 * which are public, in its banner; never the passwords or secrets of a users file, nor a token,
 * in its banner or its log.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cliMock } from '../support/cli-mock.ts'
import { leaksIn } from '../support/leaks.ts'

const USERNAME = 'canary.user@example.com'
const PASSWORD = 'Cn4ry p@ss&=é+%:"\\'
const WRONG_PASSWORD = 'Wr0ng p@ss&=é+%'
const SECRET = 'cAnAry:s3cret+/= "é"&%25'

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
})
