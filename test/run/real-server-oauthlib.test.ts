/**
 * `tokencheck run --spec rfc6749-password --token-url … --protected-resource … --scope profile`
 * against a token server built on Debian's python3-oauthlib 3.2 (`LegacyApplicationServer`, the
 * password and refresh grants, a RequestValidator, `http.server`), run with Debian's own
 * `/usr/bin/python3` (test/fixtures/real-servers/oauthlib_server.py). The validator has no default
 * scope, so a grant must ask for one: without `--scope` the run can judge nothing that needs a
 * token. Each departure below was checked by hand against oauthlib's source and the clause.
 *
 * | check | scenario | clause | why (source) |
 * | --- | --- | --- | --- |
 * | rfc6749.5.2.basic-failure-challenge | client.wrong-secret-basic | RFC 6749 §5.2 | `OAuth2Error.headers` answers every 401, `invalid_client` after a Basic attempt included, with `WWW-Authenticate: Bearer error="invalid_client"`; §5.2 wants the scheme the client used (Basic) |
 * | rfc6750.3.www-authenticate-bearer | resource.no-token | RFC 6750 §3 | `verify_request` returns only `valid`; oauthlib's documentation answers an invalid request with 403 and no challenge, and so does this server |
 * | rfc6750.3.www-authenticate-bearer | resource.expired-token | RFC 6750 §3 | the same 403 without `WWW-Authenticate` |
 * | rfc6750.3.www-authenticate-bearer | resource.tampered-token | RFC 6750 §3 | the same |
 *
 * Conformant: the valid grant with its scope (200, JSON, `no-store`, `no-cache`, Bearer,
 * `expires_in`, `scope`), Basic with form-decoded credentials (the special client works), special
 * characters, unknown parameters ignored, missing, empty and repeated parameters (400
 * invalid_request; no `grant_type` goes to the default password handler, which asks for it),
 * an unknown grant (400 unsupported_grant_type), an unknown scope (400 invalid_scope), wrong
 * credentials (400 invalid_grant), parameters in the query or a GET (400 invalid_request), a JSON
 * or multipart body (not form-decoded, so 400 invalid_request), wrong client secrets (401
 * invalid_client), the refresh (rotating, keeps the scope, bound to its client: 400 invalid_grant),
 * `bearer` in lower case, expired and altered tokens refused. The 403s of the resource, where
 * RFC 6750 §3.1 says 401 `invalid_token`, are a SHOULD: warnings, not failures. A scope refused
 * when none is asked for is allowed (RFC 6749 §3.3: "fail the request indicating an invalid scope").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOAuthlibServer } from '../fixtures/real-servers/debian-servers.ts'
import type { RunningEndpointsServer } from '../fixtures/real-servers/oauth2orize-server.mjs'
import {
  departuresOf,
  envOf,
  resultsWith,
  runAgainst,
  FIXTURE_ACCOUNT,
  type FixtureRun,
  accountOf,
  endpointArgs,
  itAgreesWithTheTable,
  itLeaksNothing,
} from '../support/real-server-run.ts'

const ACCOUNT = FIXTURE_ACCOUNT

/** Departures that need no token: found with or without a scope. */
const WITHOUT_A_TOKEN: Record<string, string> = {
  'rfc6749.5.2.basic-failure-challenge client.wrong-secret-basic':
    'a Bearer challenge after a Basic attempt',
  'rfc6750.3.www-authenticate-bearer resource.no-token': '403 without a challenge',
}

/** Every departure, checked by hand: `check scenario` → why. */
const DEPARTURES: Record<string, string> = {
  ...WITHOUT_A_TOKEN,
  'rfc6750.3.www-authenticate-bearer resource.expired-token': '403 without a challenge',
  'rfc6750.3.www-authenticate-bearer resource.tampered-token': '403 without a challenge',
}

describe('tokencheck run against oauthlib 3.2 (Debian) behind http.server', () => {
  let server: RunningEndpointsServer
  const endpoints = (...extra: string[]) => endpointArgs(server, ...extra)

  beforeAll(async () => {
    server = await startOAuthlibServer(accountOf(ACCOUNT))
  }, 30_000)

  afterAll(async () => {
    await server?.close()
  })

  describe('with --scope profile', () => {
    let result: FixtureRun
    beforeAll(async () => {
      result = await runAgainst(endpoints('--scope', 'profile'), 'rfc6749-password', envOf(ACCOUNT))
    }, 200_000)

    itAgreesWithTheTable(() => result, DEPARTURES)

    it('passes what the server does right', () => {
      const passed = resultsWith(result.report, 'pass')
      for (const expected of [
        'rfc6749.5.1.status-200 password.valid',
        'rfc6749.5.1.cache-control-no-store password.valid',
        'rfc6749.2.3.1.basic-supported password.valid',
        'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic',
        'rfc6749.4.3.2.special-characters password.special-characters',
        'rfc6749.3.2.unknown-parameter-ignored params.unknown-ignored',
        'rfc6749.3.2.duplicate-parameter params.duplicated',
        'rfc6749.3.2.empty-parameter-omitted grant.empty',
        'rfc6749.4.3.2.missing-parameter grant.missing',
        'rfc6749.5.2.unsupported-grant-type grant.unsupported',
        'rfc6749.5.2.invalid-scope scope.invalid',
        'rfc6749.5.2.invalid-grant password.wrong-password',
        'rfc6749.5.2.invalid-grant refresh.garbage',
        'rfc6749.6.refresh-issues-token refresh.valid',
        'rfc6749.6.refresh-bound-to-client refresh.other-client',
        'rfc6750.2.1.valid-token-accepted resource.valid-token',
        'rfc6750.2.1.scheme-case-insensitive resource.lowercase-bearer',
        'rfc6750.3.1.expired-token-refused resource.expired-token',
        'rfc6750.3.1.tampered-token-refused resource.tampered-token',
      ]) {
        expect(passed, expected).toContain(expected)
      }
    })
  })

  describe('without --scope: the valid request is refused with invalid_scope', () => {
    let result: FixtureRun
    beforeAll(async () => {
      result = await runAgainst(endpoints(), 'rfc6749-password', envOf(ACCOUNT))
    }, 200_000)

    it('fails only what needs no token, blames no variant, and exits 1', () => {
      expect(resultsWith(result.report, 'fail')).toEqual(departuresOf(WITHOUT_A_TOKEN))
      expect(result.run.code).toBe(1)
    })

    it('says what the server refused and how to supply it', () => {
      expect(result.run.stdout).toContain('invalid_scope')
      expect(result.run.stdout).toContain('--scope')
    })

    itLeaksNothing(() => result, ACCOUNT)

    it('does not judge what needs a working baseline', () => {
      const judged = new Set([
        ...resultsWith(result.report, 'pass'),
        ...resultsWith(result.report, 'fail'),
      ])
      for (const unjudgeable of [
        'rfc6749.5.1.status-200 password.valid',
        'rfc6749.3.2.unknown-parameter-ignored params.unknown-ignored',
        'rfc6749.4.3.2.special-characters password.special-characters',
        'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic',
        'rfc6749.2.3.1.basic-supported password.valid',
        'rfc6749.6.refresh-issues-token refresh.valid',
        'rfc6750.2.1.valid-token-accepted resource.valid-token',
      ]) {
        expect(judged, unjudgeable).not.toContain(unjudgeable)
      }
    })
  })
})
