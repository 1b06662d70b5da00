/**
 * `tokencheck run --spec rfc6749-password --token-url … --protected-resource …
 * --param audience=https://api.example.com` against a token server built on Debian's
 * ruby-rack-oauth2 1.21 as the library's sample server builds one, served by WEBrick and run with
 * Debian's own `/usr/bin/ruby` (test/fixtures/real-servers/rack_oauth2_server.rb). The password
 * grant requires an `audience` parameter: without `--param` no grant succeeds. Each departure
 * below was checked by hand against the library's (and Rack's) source and the clause.
 *
 * | check | scenario | clause | why (source) |
 * | --- | --- | --- | --- |
 * | rfc6749.3.2.duplicate-parameter | params.duplicated | RFC 6749 §3.2, §5.2 | Rack's query parser keeps the last of a repeated `username`; nothing refuses the repeat and a token is issued |
 * | rfc6749.2.3.1.credentials-not-in-query | params.in-query | RFC 6749 §2.3.1 | `Rack::Request#params`, which Token::Request reads, merges the query string into the body's parameters: `client_secret` and the password in the URI are taken and a token is issued |
 * | rfc6749.2.3.client-identification-required | client.no-identification | RFC 6749 §3.2.1, §5.2 | a grant with neither Basic nor `client_id` is refused with 400 invalid_request; §5.2 names "no client authentication included" invalid_client |
 * | rfc6749.5.2.no-server-error | password.special-characters-unencoded | RFC 6749 §5.2 | the raw `%@` in the body makes Rack's parser raise InvalidParameterError, which neither the library nor the handler rescues: WEBrick's 500 |
 *
 * Conformant: the valid grant (200, JSON, `no-store`, `no-cache`, `token_type` `bearer` — compared
 * case-insensitively, `expires_in`), Basic credentials form-decoded (`Util.www_form_url_decode`),
 * special characters, unknown parameters ignored, missing or empty parameters (400
 * invalid_request), an unknown grant (400 unsupported_grant_type), an unknown scope (400
 * invalid_scope), wrong credentials (400 invalid_grant), a JSON body (not parsed: 400
 * invalid_request), a GET (routed to POST only: 404), a client that does not or cannot
 * authenticate (401 invalid_client with `WWW-Authenticate: Basic`), the refresh (bound to its
 * client: 400 invalid_grant otherwise), and the resource: `bearer` in lower case, no token (401
 * `Bearer realm="API"`), expired and altered tokens (401 `error="invalid_token"`), a token sent two
 * ways (400 invalid_request). A multipart body is accepted (an advisory note), Basic and body
 * credentials at once are accepted and a token in the query is served without
 * `Cache-Control: private` (SHOULDs: warnings), refresh tokens do not rotate (advisory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRackOAuth2Server } from '../fixtures/real-servers/debian-servers.ts'
import type { RunningEndpointsServer } from '../fixtures/real-servers/oauth2orize-server.mjs'
import {
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
const AUDIENCE = 'https://api.example.com'

/** Every departure, checked by hand: `check scenario` → why. */
const DEPARTURES: Record<string, string> = {
  'rfc6749.3.2.duplicate-parameter params.duplicated': 'the last username wins',
  'rfc6749.2.3.1.credentials-not-in-query params.in-query': 'query merged into the parameters',
  'rfc6749.5.2.no-server-error password.special-characters-unencoded': "Rack's parser raises: 500",
  // RFC 6749 §5.2 names "no client authentication included" invalid_client; the password grant
  // without Basic and without client_id is answered 400 invalid_request.
  'rfc6749.2.3.client-identification-required client.no-identification':
    'no client identification: invalid_request, not invalid_client',
}

describe('tokencheck run against rack-oauth2 1.21 (Debian) behind WEBrick', () => {
  let server: RunningEndpointsServer
  const endpoints = (...extra: string[]) => endpointArgs(server, ...extra)

  beforeAll(async () => {
    server = await startRackOAuth2Server({ ...accountOf(ACCOUNT), audience: AUDIENCE })
  }, 30_000)

  afterAll(async () => {
    await server?.close()
  })

  describe('with --param audience=…', () => {
    let result: FixtureRun
    beforeAll(async () => {
      result = await runAgainst(
        endpoints('--param', `audience=${AUDIENCE}`),
        'rfc6749-password',
        envOf(ACCOUNT),
      )
    }, 200_000)

    itAgreesWithTheTable(() => result, DEPARTURES)

    it('passes what the server does right', () => {
      const passed = resultsWith(result.report, 'pass')
      for (const expected of [
        'rfc6749.5.1.status-200 password.valid',
        'rfc6750.6.1.1.token-type-bearer password.valid',
        'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic',
        'rfc6749.4.3.2.special-characters password.special-characters',
        'rfc6749.4.3.2.unencoded-refused password.special-characters-unencoded',
        'rfc6749.3.2.unknown-parameter-ignored params.unknown-ignored',
        'rfc6749.3.2.empty-parameter-omitted grant.empty',
        'rfc6749.4.3.2.missing-parameter grant.missing',
        'rfc6749.5.2.unsupported-grant-type grant.unsupported',
        'rfc6749.5.2.invalid-scope scope.invalid',
        'rfc6749.3.2.get-refused method.get',
        'rfc6749.5.2.basic-failure-challenge client.wrong-secret-basic',
        'rfc6749.3.2.1.client-authentication-required client.none',
        'rfc6749.6.refresh-issues-token refresh.valid',
        'rfc6749.6.refresh-bound-to-client refresh.other-client',
        'rfc6750.2.1.valid-token-accepted resource.valid-token',
        'rfc6750.2.1.scheme-case-insensitive resource.lowercase-bearer',
        'rfc6750.3.www-authenticate-bearer resource.no-token',
        'rfc6750.3.1.expired-token-refused resource.expired-token',
        'rfc6750.3.1.tampered-token-refused resource.tampered-token',
      ]) {
        expect(passed, expected).toContain(expected)
      }
    })
  })

  describe('without --param: the valid request is refused with invalid_request', () => {
    let result: FixtureRun
    beforeAll(async () => {
      result = await runAgainst(endpoints(), 'rfc6749-password', envOf(ACCOUNT))
    }, 200_000)

    it('fails only the departure that needs no working request, and exits 1', () => {
      expect(resultsWith(result.report, 'fail')).toEqual([
        'rfc6749.5.2.no-server-error password.special-characters-unencoded',
      ])
      expect(result.run.code).toBe(1)
    })

    it('says what the server refused and how to supply it', () => {
      expect(result.run.stdout).toContain('audience')
      expect(result.run.stdout).toContain('--param')
    })

    itLeaksNothing(() => result, ACCOUNT)

    it('neither passes nor fails what only a working request can show', () => {
      const judged = new Set([
        ...resultsWith(result.report, 'pass'),
        ...resultsWith(result.report, 'fail'),
      ])
      for (const unjudgeable of [
        // Refused for the missing audience, not for the repeat: with it, a token is issued.
        'rfc6749.3.2.duplicate-parameter params.duplicated',
        'rfc6749.2.3.1.credentials-not-in-query params.in-query',
        'rfc6749.5.2.invalid-scope scope.invalid',
        'rfc6749.5.1.status-200 password.valid',
        'rfc6749.3.2.unknown-parameter-ignored params.unknown-ignored',
        'rfc6749.4.3.2.special-characters password.special-characters',
        'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic',
      ]) {
        expect(judged, unjudgeable).not.toContain(unjudgeable)
      }
    })
  })
})
