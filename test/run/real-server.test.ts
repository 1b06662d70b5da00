/**
 * `tokencheck run` against a token server nobody on this project wrote: one built on
 * `@node-oauth/oauth2-server` 5.3 as its users build one (test/fixtures/real-servers/). Every
 * verdict must be right either way: the run finds exactly the library's real departures from the
 * RFCs, each checked by hand against the library's source and the clause, passes what it does
 * right, and never fails to judge.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TargetReport } from '../../src/report/model.ts'
import {
  startNodeOAuth2Server,
  type RunningRealServer,
} from '../fixtures/real-servers/node-oauth2-server.ts'
import { leaksIn } from '../support/leaks.ts'
import { readReport, runCli, type CliRun } from '../support/run-cli.ts'

const USER = { username: 'ann@example.com', password: 'c0rrect horse' }
const SPECIAL_USER = { username: 'bob+&=%@example.com', password: 'p@ss w0rd&=ü+%:' }
const CLIENT = { clientId: 'web-app', clientSecret: 'plainSecret42' }
const CLIENT2 = { clientId: 'other-app', clientSecret: 'otherSecret42' }
const SPECIAL_CLIENT = { clientId: 'special-app', clientSecret: 's3cr:t %+/=' }

/**
 * What the library gets wrong, each a real departure: the check, the scenario, and why.
 * @see node_modules/@node-oauth/oauth2-server/lib/handlers/authenticate-handler.js
 * @see node_modules/@node-oauth/oauth2-server/lib/handlers/token-handler.js
 */
const REAL_DEFECTS: Record<string, string> = {
  // getTokenFromRequestHeader matches /^Bearer\s(\S+)/: `bearer` is a malformed header to it, but
  // an authentication scheme is case-insensitive (RFC 9110 §11.1, RFC 6750 §2.1).
  'rfc6750.2.1.scheme-case-insensitive resource.lowercase-bearer': 'lower-case scheme refused',
  // A repeated `username` reaches getUser as an array and fails as bad credentials
  // (invalid_grant), where RFC 6749 §5.2 names a repeated parameter invalid_request.
  'rfc6749.3.2.duplicate-parameter params.duplicated': 'invalid_grant for a repeated parameter',
  // The Basic credentials are split at the first colon and never form-decoded (the basic-auth
  // package), so a secret with `:`, space, `%`, `+`, `/` or `=` sent as RFC 6749 §2.3.1 encodes it
  // does not match.
  'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic':
    'Basic credentials not form-decoded',
}

let server: RunningRealServer
let folder: string
let run: CliRun
let report: TargetReport
let text: string

beforeAll(async () => {
  server = await startNodeOAuth2Server({
    users: [USER, SPECIAL_USER],
    clients: [CLIENT, CLIENT2, SPECIAL_CLIENT],
  })
  folder = mkdtempSync(join(tmpdir(), 'tokencheck-real-server-'))
  run = await runCli(
    ['--spec', 'rfc6749-password', '--base-url', server.url, '--report-dir', 'out'],
    {
      TOKENCHECK_USERNAME: USER.username,
      TOKENCHECK_PASSWORD: USER.password,
      TOKENCHECK_CLIENT_ID: CLIENT.clientId,
      TOKENCHECK_CLIENT_SECRET: CLIENT.clientSecret,
      TOKENCHECK_CLIENT2_ID: CLIENT2.clientId,
      TOKENCHECK_CLIENT2_SECRET: CLIENT2.clientSecret,
      TOKENCHECK_SPECIAL_USERNAME: SPECIAL_USER.username,
      TOKENCHECK_SPECIAL_PASSWORD: SPECIAL_USER.password,
      TOKENCHECK_SPECIAL_CLIENT_ID: SPECIAL_CLIENT.clientId,
      TOKENCHECK_SPECIAL_CLIENT_SECRET: SPECIAL_CLIENT.clientSecret,
    },
    folder,
    180_000,
  )
  ;({ report, text } = readReport(join(folder, 'out'), 'rfc6749-password'))
}, 200_000)

afterAll(async () => {
  await server?.close()
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true })
})

describe('tokencheck run against @node-oauth/oauth2-server', () => {
  it('fails exactly the MUSTs the library breaks, and exits 1', () => {
    const failed = report.results
      .filter((r) => r.outcome === 'fail')
      .map((r) => `${r.checkId} ${r.scenario}`)
      .sort()
    expect(failed).toEqual(Object.keys(REAL_DEFECTS).sort())
    expect(run.code).toBe(1)
  })

  it('judges every answer: no check errs, and what it cannot judge is skipped with a reason', () => {
    expect(report.results.filter((r) => r.outcome === 'error')).toEqual([])
    for (const skipped of report.results.filter((r) => r.outcome === 'skip')) {
      expect(skipped.message, `${skipped.checkId} ${skipped.scenario}`).toMatch(/\S/)
    }
  })

  it('passes what the library does right', () => {
    const passed = new Set(
      report.results.filter((r) => r.outcome === 'pass').map((r) => `${r.checkId} ${r.scenario}`),
    )
    for (const expected of [
      'rfc6749.5.1.access-token password.valid',
      'rfc6749.5.1.cache-control-no-store password.valid',
      'rfc6749.5.1.pragma-no-cache password.valid',
      'rfc6749.5.2.invalid-grant password.wrong-password',
      'rfc6749.5.2.wrong-secret-invalid-client client.wrong-secret-basic',
      'rfc6749.5.2.basic-failure-challenge client.wrong-secret-basic',
      'rfc6749.5.2.unsupported-grant-type grant.unsupported',
      'rfc6750.3.1.tampered-token-refused resource.tampered-token',
      'rfc6750.3.1.expired-token-refused resource.expired-token',
    ]) {
      expect(passed, expected).toContain(expected)
    }
  })

  it('writes no password or secret into the report', () => {
    const secrets = {
      password: USER.password,
      'special password': SPECIAL_USER.password,
      secret: CLIENT.clientSecret,
      'special secret': SPECIAL_CLIENT.clientSecret,
    }
    expect(
      leaksIn(text, secrets, [[SPECIAL_CLIENT.clientId, SPECIAL_CLIENT.clientSecret]]),
    ).toEqual([])
  })
})
