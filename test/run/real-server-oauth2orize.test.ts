/**
 * `tokencheck run --spec rfc6749-password --token-url … --protected-resource …` against a token
 * server built on oauth2orize 1.12, Passport and Express as their users build one
 * (test/fixtures/real-servers/oauth2orize-server.mjs). The run must fail exactly the departures
 * below, each checked by hand against the libraries' source and the clause, pass the rest, err on
 * nothing and leak no secret.
 *
 * | check | scenario | clause | why (source) |
 * | --- | --- | --- | --- |
 * | rfc6749.2.3.1.basic-form-urlencoded | client.secret-special-characters-basic | RFC 6749 §2.3.1 | passport-http's BasicStrategy base64-decodes and splits at `:`, never form-decodes: the encoded secret never matches |
 * | rfc6749.3.2.duplicate-parameter | params.duplicated | RFC 6749 §3.2, §5.2 | body-parser (qs) makes a repeated `username` an array; the exchange passes it on and the grant fails as 403 invalid_grant, not 400 invalid_request |
 * | rfc6749.4.3.2.missing-parameter | grant.missing | RFC 6749 §4.3.2, §5.2 | token.js dispatches on `grant_type`; none matches `undefined`, so 501 unsupported_grant_type (TokenError's default status), not 400 invalid_request |
 * | rfc6749.5.2.no-server-error | grant.missing | RFC 6749 §5.2 | the same 501: a 5xx for a client's error |
 * | rfc6749.3.2.empty-parameter-omitted | grant.empty | RFC 6749 §3.2, §5.2 | `grant_type=` is dispatched like an unknown grant: 501 unsupported_grant_type, not 400 invalid_request |
 * | rfc6749.5.2.no-server-error | grant.empty | RFC 6749 §5.2 | the same 501 |
 * | rfc6749.5.2.unsupported-grant-type | grant.unsupported | RFC 6749 §5.2 | the right code with 501, where §5.2 says 400 |
 * | rfc6749.5.2.no-server-error | grant.unsupported | RFC 6749 §5.2 | the same 501 |
 * | rfc6749.5.2.invalid-grant | password.wrong-password | RFC 6749 §5.2 | TokenError gives invalid_grant 403; §5.2 says 400 |
 * | rfc6749.5.2.invalid-grant | password.unknown-user | RFC 6749 §5.2 | the same 403 |
 * | rfc6749.5.2.invalid-grant | refresh.garbage | RFC 6749 §5.2 | the same 403 for an unknown refresh token |
 * | rfc6749.5.2.invalid-grant | refresh.access-token | RFC 6749 §5.2 | the same 403 for an access token presented as a refresh token (the exchange finds it in no refresh token) |
 * | rfc6749.6.refresh-bound-to-client | refresh.other-client | RFC 6749 §6, §10.4, §5.2 | refused, as invalid_grant, but with 403, not 400 |
 * | rfc6749.5.2.no-server-error | body.json | RFC 6749 §5.2 | `express.urlencoded` leaves a JSON body unparsed (`req.body` undefined in Express 5); the client still authenticates with Basic and token.js reads `req.body.grant_type`: 500 server_error |
 * | rfc6749.5.2.no-server-error | body.other-media-type | RFC 6749 §5.2 | the same 500 for a multipart body |
 * | rfc6749.5.2.invalid-scope | scope.invalid | RFC 6749 §3.3 | the exchange ignores the scope asked for (as the library's examples do) and issues a token with no "scope": the granted scope differs from the requested one and is not named |
 * | rfc6749.5.2.error-media-type | params.in-query, client.none, client.no-identification, client.wrong-secret-basic, client.wrong-secret-body, refresh.no-client-auth | RFC 6749 §5.2 | a client Passport cannot authenticate gets Passport's own 401: body `Unauthorized`, no Content-Type, never the library's JSON error |
 * | rfc6749.5.2.error-code | the same six | RFC 6749 §5.2 | the same body carries no "error" (`invalid_client`) |
 *
 * Conformant, so passed or, where the run cannot judge, skipped: the valid grant (200, JSON,
 * `no-store`, `no-cache`, Bearer, `expires_in`), the refresh (rotating), missing username or
 * password (400 invalid_request), credentials sent unencoded (refused), a GET (Express's 404),
 * Basic failures (401 with `WWW-Authenticate: Basic realm="Users"`), `bearer` in lower case,
 * expired and altered tokens (401 `Bearer … error="invalid_token"`), no token (401 `Bearer
 * realm="Users"`). SHOULDs (a token in the query without `Cache-Control: private`, a token sent two
 * ways answered 400 without a code, Basic and body credentials at once accepted) are warnings, not
 * failures. The protected resource's body is the user's own: judged by RFC 6750 only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startOAuth2orizeServer,
  type RunningEndpointsServer,
} from '../fixtures/real-servers/oauth2orize-server.mjs'
import {
  envOf,
  resultsWith,
  runAgainst,
  FIXTURE_ACCOUNT,
  type FixtureRun,
  accountOf,
  endpointArgs,
  itAgreesWithTheTable,
} from '../support/real-server-run.ts'

const ACCOUNT = FIXTURE_ACCOUNT

const PASSPORT_401 = [
  'params.in-query',
  'client.none',
  'client.no-identification',
  'client.wrong-secret-basic',
  'client.wrong-secret-body',
  'refresh.no-client-auth',
]

/** Every departure, checked by hand: `check scenario` → why. */
const DEPARTURES: Record<string, string> = {
  'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic':
    'Basic credentials not form-decoded',
  'rfc6749.3.2.duplicate-parameter params.duplicated': '403 invalid_grant, not invalid_request',
  'rfc6749.4.3.2.missing-parameter grant.missing': '501 unsupported_grant_type',
  'rfc6749.5.2.no-server-error grant.missing': '501',
  'rfc6749.3.2.empty-parameter-omitted grant.empty': '501 unsupported_grant_type',
  'rfc6749.5.2.no-server-error grant.empty': '501',
  'rfc6749.5.2.unsupported-grant-type grant.unsupported': '501, not 400',
  'rfc6749.5.2.no-server-error grant.unsupported': '501',
  'rfc6749.5.2.invalid-grant password.wrong-password': '403, not 400',
  'rfc6749.5.2.invalid-grant password.unknown-user': '403, not 400',
  'rfc6749.5.2.invalid-grant refresh.garbage': '403, not 400',
  'rfc6749.5.2.invalid-grant refresh.access-token': '403, not 400',
  'rfc6749.6.refresh-bound-to-client refresh.other-client': '403, not 400',
  'rfc6749.5.2.no-server-error body.json': '500: req.body undefined',
  'rfc6749.5.2.no-server-error body.other-media-type': '500: req.body undefined',
  'rfc6749.5.2.invalid-scope scope.invalid': 'unknown scope ignored, no "scope" in the response',
  ...Object.fromEntries(
    PASSPORT_401.flatMap((scenario) => [
      [`rfc6749.5.2.error-media-type ${scenario}`, "Passport's text 401"],
      [`rfc6749.5.2.error-code ${scenario}`, "Passport's text 401"],
    ]),
  ),
}

describe('tokencheck run against oauth2orize 1.12 with Passport and Express', () => {
  let server: RunningEndpointsServer
  let result: FixtureRun

  beforeAll(async () => {
    server = await startOAuth2orizeServer(accountOf(ACCOUNT))
    result = await runAgainst(endpointArgs(server), 'rfc6749-password', envOf(ACCOUNT))
  }, 200_000)

  afterAll(async () => {
    await server?.close()
  })

  itAgreesWithTheTable(() => result, DEPARTURES)

  it('passes what the server does right', () => {
    const passed = resultsWith(result.report, 'pass')
    for (const expected of [
      'rfc6749.5.1.status-200 password.valid',
      'rfc6749.5.1.cache-control-no-store password.valid',
      'rfc6749.5.1.pragma-no-cache password.valid',
      'rfc6749.2.3.1.basic-supported password.valid',
      'rfc6749.4.3.2.special-characters password.special-characters',
      'rfc6749.4.3.2.unencoded-refused password.special-characters-unencoded',
      'rfc6749.3.2.unknown-parameter-ignored params.unknown-ignored',
      'rfc6749.4.3.2.missing-parameter params.missing-username',
      'rfc6749.4.3.2.missing-parameter params.missing-password',
      'rfc6749.3.2.get-refused method.get',
      'rfc6749.5.2.basic-failure-401 client.wrong-secret-basic',
      'rfc6749.5.2.basic-failure-challenge client.wrong-secret-basic',
      'rfc6749.6.refresh-issues-token refresh.valid',
      'rfc6750.2.1.valid-token-accepted resource.valid-token',
      'rfc6750.2.1.scheme-case-insensitive resource.lowercase-bearer',
      'rfc6750.3.www-authenticate-bearer resource.no-token',
      'rfc6750.3.1.expired-token-refused resource.expired-token',
      'rfc6750.3.1.tampered-token-refused resource.tampered-token',
    ]) {
      expect(passed, expected).toContain(expected)
    }
  })

  it('judges the RFC 6749 §5.2 form of every 4xx answer, 403 included', () => {
    const passed = resultsWith(result.report, 'pass')
    for (const scenario of [
      'password.wrong-password',
      'params.duplicated',
      'refresh.garbage',
      'refresh.other-client',
    ]) {
      for (const check of ['rfc6749.5.2.error-media-type', 'rfc6749.5.2.error-code']) {
        expect(passed, `${check} ${scenario}`).toContain(`${check} ${scenario}`)
      }
    }
  })
})
