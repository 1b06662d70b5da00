/**
 * `tokencheck run --spec rfc6749-password --token-url … --protected-resource … --scope profile`
 * against a token server built on Debian's libnet-oauth2-authorizationserver-perl 0.28 (the
 * password grant of `Net::OAuth2::AuthorizationServer`, its in-memory clients, users and token
 * store) behind Mojolicious 9 routes, run with Debian's own `/usr/bin/perl`
 * (test/fixtures/real-servers/net_oauth2_server.pl). The library has no HTTP layer: the routes
 * call `verify_user_password`, `verify_token_and_scope`, `token` and `store_access_token` as its
 * PasswordGrant synopsis shows, read Basic as Mojolicious's cookbook does
 * (`$c->req->url->to_abs->userinfo`), else `client_id` and `client_secret` parameters, and refuse
 * at the resource as the library's examples do (401 "Unauthorized"). A grant needs no scope, but
 * the resource needs `profile`: `--scope profile` asks for it. Each departure below was checked by
 * hand against the library's source (under /usr/share/perl5/Net/OAuth2/AuthorizationServer/), the
 * Mojolicious source it runs on (under /usr/share/perl5/Mojo*) and the clause.
 *
 * | check | scenario | clause | why (source) |
 * | --- | --- | --- | --- |
 * | rfc6749.4.3.2.missing-parameter | grant.missing | RFC 6749 §4.3.2, §5.2 | the library has no token endpoint; the route dispatches on `grant_type` and answers anything but `password` and `refresh_token` with 400 `unsupported_grant_type` (net_oauth2_server.pl, the token route's last line): a missing required parameter is `invalid_request` |
 * | rfc6749.3.2.empty-parameter-omitted | grant.empty | RFC 6749 §3.2, §5.2 | the same line for `grant_type=`: §3.2 treats an empty parameter as omitted, so `invalid_request` |
 * | rfc6749.4.3.2.missing-parameter | params.missing-username | RFC 6749 §4.3.2, §5.2 | `_verify_user_password` does not ask whether `username` came: `!exists( $self->users->{ $username } )` on `undef` (PasswordGrant.pm:174) gives 400 `invalid_grant` (PasswordGrant.pm:178), not `invalid_request` |
 * | rfc6749.4.3.2.missing-parameter | params.missing-password | RFC 6749 §4.3.2, §5.2 | `$password ne $self->users->{ $username }` on `undef` (PasswordGrant.pm:176): 400 `invalid_grant` |
 * | rfc6749.3.2.duplicate-parameter | params.duplicated | RFC 6749 §3.2, §5.2 | Mojolicious's `$c->param` returns the last of repeated values (`every_param($name)->[-1]`, Mojolicious/Controller.pm:120); nothing refuses the repeat and a token is issued |
 * | rfc6749.2.3.1.credentials-not-in-query | params.in-query | RFC 6749 §2.3.1 | `$c->param` reads `Mojo::Message::Request::params`, the body's parameters with the query string's appended (Mojo/Message/Request.pm:107): `client_id`, `client_secret` and the password in the URI are taken and a token is issued |
 * | rfc6749.3.2.1.client-authentication-required | client.none | RFC 6749 §3.2.1, §5.2 | a known `client_id` without a secret reaches `$client_secret ne …` on `undef` (PasswordGrant.pm:175): 400 `invalid_grant`; the library has no `invalid_client` at all |
 * | rfc6749.2.3.client-identification-required | client.no-identification | RFC 6749 §2.3, §3.2.1, §5.2 | no client: `$self->clients->{ $client_id } \|\| return ( 0, 'unauthorized_client' )` (PasswordGrant.pm:170-171): 400 `unauthorized_client`, not `invalid_client` |
 * | rfc6749.5.2.wrong-secret-invalid-client | client.wrong-secret-basic | RFC 6749 §5.2 | a wrong client secret is one of the four conditions answered `invalid_grant` (PasswordGrant.pm:175, 178) |
 * | rfc6749.5.2.wrong-secret-invalid-client | client.wrong-secret-body | RFC 6749 §5.2 | the same line |
 * | rfc6749.5.2.basic-failure-401 | client.wrong-secret-basic | RFC 6749 §5.2 | that `invalid_grant` goes out as the route renders every error the library returns: 400, where a failed Basic attempt gets 401 |
 * | rfc6749.5.2.basic-failure-challenge | client.wrong-secret-basic | RFC 6749 §5.2 | and without `WWW-Authenticate: Basic` |
 * | rfc6749.2.3.1.basic-form-urlencoded | client.secret-special-characters-basic | RFC 6749 §2.3.1, Appendix B | Mojolicious's `userinfo` is the base64-decoded pair (`_basic`, Mojo/Message/Request.pm:147), not form-decoded: the secret `s3cr%3At+%25%2B%2F%3D` does not match, 400 `invalid_grant` |
 * | rfc6749.3.2.1.client-authentication-required | refresh.no-client-auth | RFC 6749 §6, §3.2.1 | the refresh route takes the client's credentials only to pass them on, and `verify_token_and_scope( refresh_token => … )` checks none (`_verify_access_token`, Defaults.pm:250-251): a confidential client that sends no secret gets a token |
 * | rfc6749.5.2.invalid-grant | refresh.access-token | RFC 6749 §6, §5.2 | `_verify_access_token` looks a refresh token up among the refresh tokens, then falls back to the access tokens (Defaults.pm:268): an access token presented as a refresh token gets new tokens |
 * | rfc6749.6.refresh-bound-to-client | refresh.other-client | RFC 6749 §6, §10.4 | `verify_token_and_scope( refresh_token => … )` finds the refresh token in the store whatever client presents it (`_verify_access_token`, Defaults.pm:250-251; the record's `client_id` is never compared): another client's refresh gets a token |
 * | rfc6750.2.1.scheme-case-insensitive | resource.lowercase-bearer | RFC 6750 §2.1; RFC 9110 §11.1 | `verify_token_and_scope` splits the header at a space and refuses any scheme but `Bearer`, case-sensitively: `if ( $auth_type ne 'Bearer' ) { return ( 0, 'invalid_request' ) }` (Defaults.pm:105-106): 401 |
 * | rfc6750.3.www-authenticate-bearer | resource.no-token | RFC 6750 §3 | `verify_token_and_scope` returns only `( 0, 'invalid_request' )` (Defaults.pm:113) and the route renders 401 "Unauthorized" as the library's examples do (examples/oauth2_server_simple.pl): no `WWW-Authenticate` |
 * | rfc6750.3.www-authenticate-bearer | resource.expired-token | RFC 6750 §3 | an expired token: `( 0, 'invalid_grant' )` (Defaults.pm:270-272), the same 401 without a challenge |
 * | rfc6750.3.www-authenticate-bearer | resource.tampered-token | RFC 6750 §3 | an unknown token: `( 0, 'invalid_grant' )` (Defaults.pm:291), the same |
 *
 * Conformant: the valid grant with its scope (200, JSON, `no-store`, `no-cache`, `Bearer`,
 * `expires_in`, `scope`; tokens of base64 over the time, `rand()` and 30 characters of
 * Crypt::PRNG's `random_string`), with Basic or with body credentials; special characters in the
 * user's credentials (Mojolicious form-decodes the body in UTF-8); the unencoded ones read as user
 * `bob ` (unknown: 400 invalid_grant); an unknown parameter ignored; an unknown grant (400
 * unsupported_grant_type); wrong credentials (400 invalid_grant); a JSON body (not parsed, so no
 * `grant_type`: 400 unsupported_grant_type); a GET (the route is POST only: 404); the refresh (a
 * new access and refresh token with the scope kept; `store_access_token` with the old refresh
 * token deletes it and revokes its access token, Defaults.pm:213-216, so its reuse and an unknown
 * one get 400 invalid_grant); the resource: a valid token accepted, expired and altered tokens
 * refused with 401. An unknown scope is granted as asked, and the response's `scope` says so: the
 * password grant never looks at the client's `scopes` (only `_verify_client`, which it does not
 * call, does), and RFC 6749 §3.3 lets a server grant other than the scope requested, provided
 * `scope` says what was granted. A multipart body is accepted (an advisory note), Basic and body
 * credentials at once are accepted (Basic is read first; a SHOULD: a warning), the resource's 401s
 * carry no `error="invalid_token"` (a SHOULD: a warning), and a token in the query is not accepted
 * (401, which RFC 6750 §2.3 allows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNetOAuth2Server } from '../fixtures/real-servers/debian-servers.ts'
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

const NO_CHALLENGE = '401 "Unauthorized" without WWW-Authenticate'

/** Every departure, checked by hand: `check scenario` → why. */
const DEPARTURES: Record<string, string> = {
  'rfc6749.4.3.2.missing-parameter grant.missing': 'no grant_type: unsupported_grant_type',
  'rfc6749.3.2.empty-parameter-omitted grant.empty': 'grant_type=: unsupported_grant_type',
  'rfc6749.4.3.2.missing-parameter params.missing-username': 'invalid_grant, not invalid_request',
  'rfc6749.4.3.2.missing-parameter params.missing-password': 'invalid_grant, not invalid_request',
  'rfc6749.3.2.duplicate-parameter params.duplicated': 'the last username wins',
  'rfc6749.2.3.1.credentials-not-in-query params.in-query': 'query merged into the parameters',
  'rfc6749.3.2.1.client-authentication-required client.none': 'invalid_grant, not invalid_client',
  'rfc6749.2.3.client-identification-required client.no-identification':
    'unauthorized_client, not invalid_client',
  'rfc6749.5.2.wrong-secret-invalid-client client.wrong-secret-basic': 'invalid_grant',
  'rfc6749.5.2.wrong-secret-invalid-client client.wrong-secret-body': 'invalid_grant',
  'rfc6749.5.2.basic-failure-401 client.wrong-secret-basic': '400 after a Basic attempt',
  'rfc6749.5.2.basic-failure-challenge client.wrong-secret-basic': 'no WWW-Authenticate: Basic',
  'rfc6749.2.3.1.basic-form-urlencoded client.secret-special-characters-basic':
    'Basic credentials not form-decoded',
  'rfc6749.6.refresh-bound-to-client refresh.other-client': "another client's refresh works",
  'rfc6749.3.2.1.client-authentication-required refresh.no-client-auth':
    'a refresh without client authentication works',
  'rfc6749.5.2.invalid-grant refresh.access-token': 'an access token works as a refresh token',
  'rfc6750.2.1.scheme-case-insensitive resource.lowercase-bearer': 'only `Bearer` is taken',
  'rfc6750.3.www-authenticate-bearer resource.no-token': NO_CHALLENGE,
  'rfc6750.3.www-authenticate-bearer resource.expired-token': NO_CHALLENGE,
  'rfc6750.3.www-authenticate-bearer resource.tampered-token': NO_CHALLENGE,
}

describe('tokencheck run against Net::OAuth2::AuthorizationServer 0.28 (Debian) with Mojolicious 9', () => {
  let server: RunningEndpointsServer
  let result: FixtureRun

  beforeAll(async () => {
    server = await startNetOAuth2Server(accountOf(ACCOUNT))
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
      'rfc6749.5.2.unsupported-grant-type grant.unsupported',
      'rfc6749.5.2.invalid-scope scope.invalid',
      'rfc6749.5.2.invalid-grant password.wrong-password',
      'rfc6749.5.2.invalid-grant password.unknown-user',
      'rfc6749.5.2.invalid-grant refresh.garbage',
      'rfc6749.3.2.get-refused method.get',
      'rfc6749.6.refresh-issues-token refresh.valid',
      'rfc6749.6.refresh-scope-unchanged refresh.valid',
      'rfc9700.4.14.2.refresh-rotation refresh.reused',
      'rfc6750.2.1.valid-token-accepted resource.valid-token',
      'rfc6750.3.1.expired-token-refused resource.expired-token',
      'rfc6750.3.1.tampered-token-refused resource.tampered-token',
    ]) {
      expect(passed, expected).toContain(expected)
    }
  })
})
