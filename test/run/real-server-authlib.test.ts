/**
 * `tokencheck run --spec rfc6749-password --token-url … --protected-resource … --scope profile`
 * against a token server built on Debian's python3-authlib 1.2 with python3-flask 2.2 as Authlib's
 * Flask documentation builds one (`AuthorizationServer`, `ResourceOwnerPasswordCredentialsGrant`
 * and `RefreshTokenGrant` allowing `client_secret_basic` and `client_secret_post`, rotating refresh
 * tokens, `ResourceProtector` with a `BearerTokenValidator`), run with Debian's own
 * `/usr/bin/python3` (test/fixtures/real-servers/authlib_server.py). A grant needs no scope, but
 * the resource needs `profile`: `--scope profile` asks for it. Each departure below was checked by
 * hand against Authlib's source (under /usr/lib/python3/dist-packages/authlib/) and the clause.
 *
 * | check | scenario | clause | why (source) |
 * | --- | --- | --- | --- |
 * | rfc6749.4.3.2.missing-parameter | grant.missing | RFC 6749 §4.3.2, §5.2 | no grant matches a request without `grant_type`, so `AuthorizationServer.get_token_grant` raises `UnsupportedGrantTypeError(request.grant_type)` (oauth2/rfc6749/authorization_server.py:221): 400 `unsupported_grant_type` for a missing required parameter, which is `invalid_request` |
 * | rfc6749.3.2.empty-parameter-omitted | grant.empty | RFC 6749 §3.2, §5.2 | the same line for `grant_type=`: 400 `unsupported_grant_type` ("grant_type= is not supported"); §3.2 treats an empty parameter as omitted, so `invalid_request` |
 * | rfc6749.3.2.duplicate-parameter | params.duplicated | RFC 6749 §3.2, §5.2 | the Flask integration reads the body with `request.form.to_dict(flat=True)` (integrations/flask_helpers.py:16), which keeps the first `username` and drops the repeat: a token is issued |
 * | rfc6749.5.2.invalid-grant | password.wrong-password | RFC 6749 §4.3.3, §5.2 | `ResourceOwnerPasswordCredentialsGrant.validate_token_request` answers credentials `authenticate_user` refuses with `InvalidRequestError('Invalid "username" or "password" in request.')` (oauth2/rfc6749/grants/resource_owner_password_credentials.py:104-105): 400 `invalid_request`, not `invalid_grant` |
 * | rfc6749.5.2.invalid-grant | password.unknown-user | RFC 6749 §4.3.3, §5.2 | the same line |
 * | rfc6749.5.2.error-characters | password.wrong-password | RFC 6749 §5.2 | that `error_description` holds `"` (%x22), outside %x20-21 / %x23-5B / %x5D-7E |
 * | rfc6749.5.2.error-characters | password.unknown-user | RFC 6749 §5.2 | the same description |
 * | rfc6749.5.2.error-characters | password.repeated-wrong-password | RFC 6749 §5.2 | the same description, ten times |
 * | rfc6749.5.2.error-characters | password.special-characters-unencoded | RFC 6749 §5.2 | the unencoded body reads as user `bob ` (`+` is a space, `&` ends the field), unknown: the same description |
 * | rfc6749.5.2.error-characters | params.missing-username | RFC 6749 §5.2 | `InvalidRequestError('Missing "username" in request.')` (resource_owner_password_credentials.py:94) |
 * | rfc6749.5.2.error-characters | params.missing-password | RFC 6749 §5.2 | `InvalidRequestError('Missing "password" in request.')` (resource_owner_password_credentials.py:96) |
 * | rfc6749.2.3.1.basic-form-urlencoded | client.secret-special-characters-basic | RFC 6749 §2.3.1 | `extract_basic_authorization` base64-decodes and splits at the first colon but does not form-decode either half (oauth2/rfc6749/util.py:38): the secret `s3cr%3At+%25%2B%2F%3D` does not match, 401 `invalid_client` |
 * | rfc6749.5.2.invalid-scope | scope.invalid | RFC 6749 §3.3, §5.2 | `BearerTokenGenerator.generate` narrows the scope with `client.get_allowed_scope` (oauth2/rfc6750/token.py:51-52; the client's, as Authlib's SQLAlchemy mixin writes it, keeps the scopes of its metadata), which leaves nothing of `tokencheck.unknown-scope`, and adds `scope` only when not empty (token.py:82): a token whose scope differs from the one requested, with no `scope` member |
 * | rfc6750.3.www-authenticate-bearer | resource.no-token | RFC 6750 §3; RFC 9110 §11.6.1 | `MissingAuthorizationError`'s description `Missing "Authorization" in headers.` (oauth2/rfc6749/errors.py:206) goes unescaped into a quoted-string (errors.py:199): `bearer error="missing_authorization", error_description="Missing "Authorization" in headers."` is no well-formed challenge, and its `error_description` holds `"`, which §3 forbids |
 *
 * Conformant: the valid grant with its scope (200, JSON, `no-store`, `no-cache`, `Bearer`,
 * `expires_in`, `scope`, 42- and 48-character random tokens), with Basic or with body credentials;
 * special characters in the user's credentials (Werkzeug form-decodes the body); an unknown
 * parameter ignored; a missing `username` or `password` (400 invalid_request); an unknown grant
 * (400 unsupported_grant_type); parameters and client credentials in the query string (the grant
 * reads `username`, `password` and `client_secret` from the body only: 401 invalid_client); a JSON
 * body (not parsed, so no `grant_type`: 400 unsupported_grant_type, which refuses it); a GET (the
 * route is POST only: 405); a client that does not authenticate, identifies itself by `client_id`
 * alone, or sends a wrong secret in Basic or the body (401 `invalid_client` with
 * `WWW-Authenticate: Basic error="invalid_client", error_description=""`, since the grant allows
 * Basic); the refresh (a new access and refresh token, the scope kept, the old refresh token
 * revoked: its reuse and an unknown one get 400 invalid_grant; another client's: 400
 * invalid_grant, `TokenMixin.check_client`); the resource: a valid token in `Bearer` or `bearer`
 * (`get_token_validator(token_type.lower())`), expired and altered tokens refused with 401 and a
 * well-formed `Bearer error="invalid_token"` challenge. In the resource's malformed challenge for
 * no token no parameter is repeated. A multipart body is accepted (an advisory note), Basic and
 * body credentials at once are accepted (Basic is tried first; a SHOULD: a warning), and a token
 * in the query is not accepted (401, which RFC 6750 §2.3 allows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAuthlibServer } from '../fixtures/real-servers/debian-servers.ts'
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
} from '../support/real-server-run.ts'

const ACCOUNT = FIXTURE_ACCOUNT

const QUOTE_IN_DESCRIPTION = '`"` in error_description'

/** Every departure, checked by hand: `check scenario` → why. */
const DEPARTURES: Record<string, string> = {
  'rfc6749.4.3.2.missing-parameter grant.missing': 'no grant_type: unsupported_grant_type',
  'rfc6749.3.2.empty-parameter-omitted grant.empty': 'grant_type=: unsupported_grant_type',
  'rfc6749.3.2.duplicate-parameter params.duplicated': 'the first username wins',
  'rfc6749.5.2.invalid-grant password.wrong-password': 'invalid_request, not invalid_grant',
  'rfc6749.5.2.invalid-grant password.unknown-user': 'invalid_request, not invalid_grant',
  'rfc6749.5.2.error-characters password.wrong-password': QUOTE_IN_DESCRIPTION,
  'rfc6749.5.2.error-characters password.unknown-user': QUOTE_IN_DESCRIPTION,
  'rfc6749.5.2.error-characters password.repeated-wrong-password': QUOTE_IN_DESCRIPTION,
  'rfc6749.5.2.error-characters password.special-characters-unencoded': QUOTE_IN_DESCRIPTION,
  'rfc6749.5.2.error-characters params.missing-username': QUOTE_IN_DESCRIPTION,
  'rfc6749.5.2.error-characters params.missing-password': QUOTE_IN_DESCRIPTION,
  'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic':
    'Basic credentials not form-decoded',
  'rfc6749.5.2.invalid-scope scope.invalid': 'the unknown scope dropped, no "scope" in the token',
  'rfc6750.3.www-authenticate-bearer resource.no-token': '`"` unescaped in the challenge',
}

describe('tokencheck run against Authlib 1.2 (Debian) with Flask 2.2', () => {
  let server: RunningEndpointsServer
  let result: FixtureRun

  beforeAll(async () => {
    server = await startAuthlibServer(accountOf(ACCOUNT))
    result = await runAgainst(
      endpointArgs(server, '--scope', 'profile'),
      'rfc6749-password',
      envOf(ACCOUNT),
    )
  }, 230_000)

  afterAll(async () => {
    await server?.close()
  })

  itAgreesWithTheTable(() => result, DEPARTURES)

  // The challenge of `resource.no-token` does not parse (departure above): the checks of what a
  // challenge holds cannot read it, and say so. `rfc6750.3.challenge-params-once` used to fail it,
  // though no parameter is repeated.
  it('cannot judge what a challenge it cannot read holds', () => {
    for (const checkId of [
      'rfc6750.3.challenge-params-once',
      'rfc6750.3.no-error-without-credentials',
    ]) {
      const judged = result.report.results.find(
        (r) => r.checkId === checkId && r.scenario === 'resource.no-token',
      )
      expect(judged?.outcome, checkId).toBe('skip')
      expect(judged?.message, checkId).toMatch(/^could not judge: no Bearer challenge to read/)
    }
  })

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
      'rfc6749.5.2.unsupported-grant-type grant.unsupported',
      'rfc6749.2.3.1.credentials-not-in-query params.in-query',
      'rfc6749.3.2.get-refused method.get',
      'rfc6749.3.2.1.client-authentication-required client.none',
      'rfc6749.2.3.client-identification-required client.no-identification',
      'rfc6749.5.2.wrong-secret-invalid-client client.wrong-secret-basic',
      'rfc6749.5.2.wrong-secret-invalid-client client.wrong-secret-body',
      'rfc6749.5.2.basic-failure-401 client.wrong-secret-basic',
      'rfc6749.5.2.basic-failure-challenge client.wrong-secret-basic',
      'rfc6749.5.2.invalid-grant refresh.garbage',
      'rfc6749.6.refresh-issues-token refresh.valid',
      'rfc6749.6.refresh-scope-unchanged refresh.valid',
      'rfc6749.6.refresh-bound-to-client refresh.other-client',
      'rfc9700.4.14.2.refresh-rotation refresh.reused',
      'rfc6750.2.1.valid-token-accepted resource.valid-token',
      'rfc6750.2.1.scheme-case-insensitive resource.lowercase-bearer',
      'rfc6750.3.1.expired-token-refused resource.expired-token',
      'rfc6750.3.1.tampered-token-refused resource.tampered-token',
      'rfc6750.3.www-authenticate-bearer resource.expired-token',
      'rfc6750.3.www-authenticate-bearer resource.tampered-token',
      'rfc6750.3.1.invalid-token-401 resource.expired-token',
      'rfc6750.3.1.invalid-token-401 resource.tampered-token',
    ]) {
      expect(passed, expected).toContain(expected)
    }
  })
})
