import type { IncomingMessage, ServerResponse } from 'node:http'
import { baseUrlOf, findClient, findUser, issuerOf, type Authority } from './authority.ts'
import { RefreshStore } from './refresh-store.ts'
import { parseUrlencoded, repeated, single, type FormParams } from './form.ts'
import { grantedScope } from './issue.ts'
import { errorPage, loginPage, PAGE_HEADERS } from './login-page.ts'
import type { Answer } from './respond.ts'
import type { MockClient } from './users.ts'

/** The authorization request's parameters, carried through the sign-in form. */
const REQUEST_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
] as const

/** RFC 7636 §4.2: an S256 challenge is the base64url of 32 bytes: 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/

/**
 * The authorization endpoint of the code flow (RFC 6749 §4.1, OpenID Connect Core 1.0 §3.1.2),
 * by GET or POST: it checks the client and its redirect URI first (an error there is a page, never
 * a redirect: RFC 6749 §4.1.2.1), then the rest (an error there goes back to the client with
 * `state`); a sign-in form with the users file's users; on success a single-use code bound to the
 * client, the redirect URI and the S256 PKCE challenge, which public clients must send (RFC 9700
 * §2.1.1).
 * @see [RFC 6749 §4.1.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1.1)
 */
export function authorizationEndpoint(
  authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Answer {
  const realm = authority.profile.name
  const page = (status: number, html: string, outcome: string): Answer => {
    res.writeHead(status, { ...PAGE_HEADERS, 'content-length': String(Buffer.byteLength(html)) })
    res.end(html)
    return { status, outcome }
  }
  const refusePage = (error: string, description: string) =>
    page(400, errorPage(realm, error, description), error)
  const params = paramsOf(req, url, body)
  if (!params.ok) return refusePage('invalid_request', params.problem)
  const twice = repeated(params.params)
  if (twice !== undefined)
    return refusePage('invalid_request', `the parameter "${twice}" is repeated`)
  const get = (name: string) => single(params.params, name)
  const clientId = get('client_id')
  if (clientId === undefined) return refusePage('invalid_request', 'missing "client_id"')
  const client = findClient(authority, clientId)
  if (client === undefined) return refusePage('invalid_client', 'the client is not known')
  const redirectUri = get('redirect_uri')
  if (redirectUri === undefined) return refusePage('invalid_request', 'missing "redirect_uri"')
  if (!redirectAllowed(client, redirectUri)) {
    return refusePage('invalid_request', 'the redirect_uri is not registered for this client')
  }
  const issuer = issuerOf(baseUrlOf(req, authority), authority.profile)
  const state = get('state')
  const back = (query: Record<string, string>, outcome: string): Answer => {
    // RFC 6749 §4.1.2: the redirect URI's own query is kept; RFC 9207: `iss` names this server.
    const target = new URL(redirectUri)
    for (const [name, value] of Object.entries(query)) target.searchParams.append(name, value)
    if (state !== undefined) target.searchParams.append('state', state)
    target.searchParams.append('iss', issuer)
    res.writeHead(302, {
      location: target.href,
      'cache-control': 'no-store',
      'content-length': '0',
    })
    res.end()
    return { status: 302, outcome }
  }
  const refuse = (error: string, description: string) =>
    back({ error, error_description: description }, error)
  const problem = requestProblem(authority, client, get)
  if (problem !== undefined) return refuse(problem[0], problem[1])
  const scope = get('scope')
  const username = get('username')
  const password = get('password')
  const request = new Map<string, string>()
  for (const name of REQUEST_PARAMETERS) {
    const value = get(name)
    if (value !== undefined) request.set(name, value)
  }
  const showForm = (error?: string) =>
    page(
      200,
      loginPage({
        realm,
        clientId,
        request,
        users: authority.directory.users.map((u) =>
          authority.defaultUsers
            ? { username: u.username, password: u.password }
            : { username: u.username },
        ),
        ...(error === undefined ? {} : { error }),
        ...(username === undefined ? {} : { username }),
      }),
      error === undefined ? 'sign-in page' : 'sign-in refused',
    )
  if (req.method !== 'POST' || username === undefined || password === undefined) {
    // OpenID Connect Core 1.0 §3.1.2.6: with no session, `prompt=none` cannot succeed.
    if (get('prompt')?.split(' ').includes('none'))
      return refuse('login_required', 'the user is not signed in')
    return showForm()
  }
  const user = findUser(authority, username, password)
  if (user === undefined) return showForm('The username or password is incorrect.')
  const granted = grantedScope(authority, user, client, scope)
  if (typeof granted !== 'string') return refuse(granted.error, granted.description)
  const codeChallenge = get('code_challenge')
  const nonce = get('nonce')
  const code = authority.codes!.issue({
    username: user.username,
    clientId,
    redirectUri,
    scope: granted,
    authTime: Math.floor(Date.now() / 1000),
    family: RefreshStore.newFamily(),
    ...(codeChallenge === undefined ? {} : { codeChallenge }),
    ...(nonce === undefined ? {} : { nonce }),
  })
  return back({ code }, 'code issued')
}

/** The first problem of a request whose client and redirect URI are good, as [error, description]. */
function requestProblem(
  authority: Authority,
  client: MockClient,
  get: (name: string) => string | undefined,
): [string, string] | undefined {
  const responseType = get('response_type')
  if (responseType === undefined) return ['invalid_request', 'missing "response_type"']
  if (responseType !== 'code') {
    return ['unsupported_response_type', 'only the response type code is supported']
  }
  if (client.grants !== undefined && !client.grants.includes('authorization_code')) {
    return ['unauthorized_client', 'the client may not use the authorization code grant']
  }
  const challenge = get('code_challenge')
  const method = get('code_challenge_method')
  if (challenge === undefined) {
    if (method !== undefined)
      return ['invalid_request', 'a code_challenge_method without a code_challenge']
    // RFC 9700 §2.1.1: public clients MUST use PKCE.
    if (client.clientSecret === undefined) {
      return ['invalid_request', 'a public client must send a PKCE code_challenge (S256)']
    }
  } else {
    // RFC 7636 §4.3: the method defaults to plain, which this server does not take (RFC 9700 §2.1.1).
    if (method !== 'S256') return ['invalid_request', 'the code_challenge_method must be S256']
    if (!S256_CHALLENGE.test(challenge)) {
      return [
        'invalid_request',
        'the code_challenge is not an S256 challenge (43 base64url characters)',
      ]
    }
  }
  const scope = get('scope')
  if (scope !== undefined) {
    const anyone = { username: '', password: '' }
    const checked = grantedScope(authority, anyone, client, scope)
    if (typeof checked !== 'string') return [checked.error, checked.description]
  }
  return undefined
}

function paramsOf(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
): { ok: true; params: FormParams } | { ok: false; problem: string } {
  if (req.method !== 'POST') {
    const params = new Map<string, string[]>()
    for (const [name, value] of url.searchParams)
      params.set(name, [...(params.get(name) ?? []), value])
    return { ok: true, params }
  }
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') {
    return { ok: false, problem: 'the form must be application/x-www-form-urlencoded' }
  }
  return parseUrlencoded(body.toString('utf8'))
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * Whether a redirect URI is one of the client's: an exact match with a registered URI, but for the
 * port of a loopback URI (RFC 8252 §7.3); with none registered, any `http` loopback URI.
 * @see [RFC 8252 §7.3](https://www.rfc-editor.org/rfc/rfc8252.html#section-7.3)
 */
export function redirectAllowed(client: MockClient, redirectUri: string): boolean {
  let uri: URL
  try {
    uri = new URL(redirectUri)
  } catch {
    return false
  }
  // RFC 6749 §3.1.2: an absolute URI without a fragment.
  if (redirectUri.includes('#')) return false
  const loopback = uri.protocol === 'http:' && LOOPBACK_HOSTS.has(uri.hostname)
  if (client.redirectUris === undefined) return loopback
  return client.redirectUris.some((registered) => {
    if (registered === redirectUri) return true
    if (!loopback) return false
    const other = new URL(registered)
    other.port = uri.port
    return other.href === uri.href
  })
}
