/**
 * `tokencheck run` against token servers nobody on this project wrote, built on two maintained
 * libraries as their users build them (test/fixtures/real-servers/). Every
 * verdict must be right either way: the run finds exactly the library's real departures from the
 * RFCs, each checked by hand against the library's source and the clause, passes what it does
 * right, and never fails to judge.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TargetReport } from '../../src/report/model.ts'
import { startJmondiOAuth2Server } from '../fixtures/real-servers/jmondi-oauth2-server.mjs'
import {
  startNodeOAuth2Server,
  type RealServerAccount,
  type RunningRealServer,
} from '../fixtures/real-servers/node-oauth2-server.ts'
import { leaksIn } from '../support/leaks.ts'
import { readReport, runCli, type CliRun } from '../support/run-cli.ts'

const USER = { username: 'ann@example.com', password: 'c0rrect horse' }
const SPECIAL_USER = { username: 'bob+&=%@example.com', password: 'p@ss w0rd&=ü+%:' }
const CLIENT = { clientId: 'web-app', clientSecret: 'plainSecret42' }
const CLIENT2 = { clientId: 'other-app', clientSecret: 'otherSecret42' }
const SPECIAL_CLIENT = { clientId: 'special-app', clientSecret: 's3cr:t %+/=' }

interface RealServerCase {
  start: (account: RealServerAccount) => Promise<RunningRealServer>
  /** What the library gets wrong, each checked against its source and the clause: check, scenario. */
  realDefects: Record<string, string>
}

/** Departures both libraries share. */
const SHARED = {
  // The Basic credentials are base64-decoded and split at a colon, never form-decoded, so a
  // secret with `:`, space, `%`, `+`, `/` or `=` sent as RFC 6749 §2.3.1 encodes it does not match.
  'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic':
    'Basic credentials not form-decoded',
  // RFC 6749 §5.2 names a repeated parameter invalid_request.
  'rfc6749.3.2.duplicate-parameter params.duplicated': 'a repeated parameter not refused as such',
}

const SERVERS: Record<string, RealServerCase> = {
  '@node-oauth/oauth2-server 5.3': {
    start: startNodeOAuth2Server,
    realDefects: {
      ...SHARED,
      // authenticate-handler.js matches /^Bearer\s(\S+)/: `bearer` is a malformed header to it,
      // but an authentication scheme is case-insensitive (RFC 9110 §11.1, RFC 6750 §2.1).
      'rfc6750.2.1.scheme-case-insensitive resource.lowercase-bearer': 'lower-case scheme refused',
    },
  },
  '@jmondi/oauth2-server 4.3': {
    start: startJmondiOAuth2Server,
    realDefects: {
      ...SHARED,
      // A missing or empty grant_type gets unsupported_grant_type; RFC 6749 §5.2 (and §3.2 for
      // an empty one) make it invalid_request.
      'rfc6749.4.3.2.missing-parameter grant.missing':
        'unsupported_grant_type, not invalid_request',
      'rfc6749.3.2.empty-parameter-omitted grant.empty':
        'unsupported_grant_type, not invalid_request',
      // A request with neither Basic nor client_id gets invalid_request ("Check the `client_id`
      // parameter", AbstractGrant.getClientCredentials: `if (!clientId) throw
      // OAuthException.invalidParameter("client_id")`); RFC 6749 §3.2.1 and §5.2 make "no client
      // authentication included" invalid_client. Found by client.no-identification.
      'rfc6749.2.3.client-identification-required client.no-identification':
        'invalid_request, not invalid_client, without client identification',
      // invalid_client after a Basic attempt is a 401 with no WWW-Authenticate (§5.2 MUST).
      'rfc6749.5.2.basic-failure-challenge client.wrong-secret-basic': 'no Basic challenge',
      // An undecodable refresh token, another client's, or an access token in its place (no
      // `refresh_token_id`: "Token missing", RefreshTokenGrant.validateOldRefreshToken) is
      // invalid_request to it; §5.2 names them all invalid_grant.
      'rfc6749.5.2.invalid-grant refresh.garbage': 'invalid_request, not invalid_grant',
      'rfc6749.5.2.invalid-grant refresh.access-token': 'invalid_request, not invalid_grant',
      'rfc6749.6.refresh-bound-to-client refresh.other-client':
        'invalid_request, not invalid_grant',
    },
  },
}

describe.each(Object.keys(SERVERS))('tokencheck run against %s', (name) => {
  const { start, realDefects } = SERVERS[name]!
  let server: RunningRealServer
  let folder: string
  let run: CliRun
  let report: TargetReport
  let text: string

  beforeAll(async () => {
    server = await start({
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

  it('fails exactly the MUSTs the library breaks, and exits 1', () => {
    const failed = report.results
      .filter((r) => r.outcome === 'fail')
      .map((r) => `${r.checkId} ${r.scenario}`)
      .sort()
    expect(failed).toEqual(Object.keys(realDefects).sort())
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
      'rfc6749.6.refresh-issues-token refresh.valid',
    ].filter((check) => !(check in realDefects))) {
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
