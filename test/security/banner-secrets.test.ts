/**
 * What `tokencheck mock` prints of its users and clients: the vendor pages' example credentials,
 * which are public, in its banner; never the passwords or secrets of a users file, nor a token,
 * in its banner or its log.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { killLeftovers, LISTENING, MockProcess } from '../cli/mock-process.ts'
import { basicOf, formEncode } from '../mock/token-client.ts'
import { leaksIn } from '../support/leaks.ts'

const USERNAME = 'canary.user@example.com'
const PASSWORD = 'Cn4ry p@ss&=é+%:"\\'
const WRONG_PASSWORD = 'Wr0ng p@ss&=é+%'
const SECRET = 'cAnAry:s3cret+/= "é"&%25'

/** The mock started with `args`, its banner out; then `during(url)`, then Ctrl-C, which exits 0. */
async function served(
  args: readonly string[],
  during: (url: string) => Promise<void> = async () => {},
) {
  const mock = new MockProcess([...args, '--port', '0'])
  const [, , url] = await mock.line(LISTENING)
  await mock.line(/access tokens live/)
  await during(url!)
  const ended = await mock.stop()
  expect(ended.code).toBe(0)
  return ended
}

afterEach(killLeftovers)

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
    const run = await served(['rfc6749-password', '--users', users], async (url) => {
      const login = (password: string) =>
        fetch(`${url}/token`, {
          method: 'POST',
          headers: {
            authorization: basicOf('canary-client', SECRET),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: `grant_type=password&username=${formEncode(USERNAME)}&password=${formEncode(password)}`,
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
    const run = await served(['wokelo'])
    expect(run.stdout).toContain('default credentials')
    expect(run.stdout).toContain('sam@abconsulting.com')
    expect(run.stderr).toBe('')
  }, 30_000)
})
