import type { IncomingMessage, ServerResponse } from 'node:http'
import { mediaTypeOf } from '../http/exchange.ts'
import { hasGrant } from '../openapi/profile.ts'
import { MULTIPART_FORM_DATA } from '../openapi/token-operation.ts'
import { findUser, type Authority } from './authority.ts'
import { authenticateClient } from './client-auth.ts'
import {
  parseMultipart,
  parseUrlencoded,
  repeated,
  single,
  type FormParams,
  type FormResult,
} from './form.ts'
import { RefreshStore } from './refresh-store.ts'
import { fault, NO_STORE, sendError, sendJson, type Answer, type OAuthFault } from './respond.ts'
import type { MockClient, MockGrant } from './users.ts'
import { authorizationCodeGrant } from './authorization-code.ts'
import { grantedScope, issue, type Issued } from './issue.ts'

/** The token request's own parameters: never accepted in the query string (RFC 6749 §2.3.1, §3.2). */
const OAUTH_PARAMETERS = [
  'grant_type',
  'username',
  'password',
  'client_id',
  'client_secret',
  'refresh_token',
  'scope',
  'code',
  'redirect_uri',
  'code_verifier',
]

/**
 * The token endpoint: the password grant (RFC 6749 §4.3) and the refresh grant (§6), with the
 * checks of §2.3 (client authentication), §3.2 (POST, no repeats, empty means absent) and §5
 * (responses), answering errors in the vendor's style.
 * @see [RFC 6749 §4.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3)
 */
export async function tokenEndpoint(
  authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<Answer> {
  const style = authority.profile.errorStyle.value
  const refuse = (problem: OAuthFault) => sendError(res, style, problem, NO_STORE)
  const inQuery = OAUTH_PARAMETERS.filter((name) => url.searchParams.has(name))
  if (inQuery.length > 0) {
    return refuse(
      fault(
        400,
        'invalid_request',
        `token request parameters belong in the body, not the query string: ${inQuery.join(', ')}`,
      ),
    )
  }
  const parsed = await parseBody(authority, req, body)
  if ('status' in parsed) return refuse(parsed)
  if (!parsed.ok) return refuse(fault(400, 'invalid_request', parsed.problem))
  const params = parsed.params
  const twice = repeated(params)
  if (twice !== undefined) {
    return refuse(fault(400, 'invalid_request', `the parameter "${twice}" is repeated`))
  }
  const client = authenticateClient(authority, req, params)
  if (!client.ok) return refuse(client.fault)
  const grantType = single(params, 'grant_type')
  if (grantType === undefined) return refuse(fault(400, 'invalid_request', 'missing "grant_type"'))
  if (!servesGrant(authority, grantType)) {
    return refuse(fault(400, 'unsupported_grant_type', `the grant type is not supported`))
  }
  if (client.client.grants !== undefined && !client.client.grants.includes(grantType)) {
    return refuse(
      fault(400, 'unauthorized_client', `the client may not use the ${grantType} grant`),
    )
  }
  const outcome =
    grantType === 'password'
      ? await passwordGrant(authority, req, params, client.client)
      : grantType === 'refresh_token'
        ? await refreshGrant(authority, req, params, client.client)
        : await authorizationCodeGrant(authority, req, params, client.client)
  if ('status' in outcome) return refuse(outcome)
  return sendJson(res, 200, outcome.issued, 'issued', NO_STORE)
}

/** The spec's grants, and the authorization code grant where the mock serves its endpoint. */
function servesGrant(authority: Authority, value: string): value is MockGrant {
  if (value === 'authorization_code') return authority.codes !== undefined
  return (value === 'password' || value === 'refresh_token') && hasGrant(authority.profile, value)
}

async function parseBody(
  authority: Authority,
  req: IncomingMessage,
  body: Buffer,
): Promise<FormResult | OAuthFault> {
  const contentType = req.headers['content-type']
  const mediaType =
    mediaTypeOf(contentType) ??
    (body.length === 0 ? 'application/x-www-form-urlencoded' : undefined)
  const accepted = authority.profile.token.requestMediaTypes.map((m) => m.mediaType)
  if (mediaType === undefined || !accepted.includes(mediaType)) {
    return fault(415, 'invalid_request', `the body must be ${accepted.join(' or ')}`, {
      'accept-post': accepted.join(', '),
    })
  }
  if (mediaType === MULTIPART_FORM_DATA) return parseMultipart(body, contentType ?? '')
  const text = decodeUtf8(body)
  if (text === undefined) return { ok: false, problem: 'the body is not valid UTF-8' }
  return parseUrlencoded(text)
}

function decodeUtf8(body: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return undefined
  }
}

async function passwordGrant(
  authority: Authority,
  req: IncomingMessage,
  params: FormParams,
  client: MockClient,
): Promise<{ issued: Issued } | OAuthFault> {
  const username = single(params, 'username')
  const password = single(params, 'password')
  if (username === undefined) return fault(400, 'invalid_request', 'missing "username"')
  if (password === undefined) return fault(400, 'invalid_request', 'missing "password"')
  // A wrong password and an unknown user get the same answer, so usernames cannot be probed.
  const user = findUser(authority, username, password)
  if (user === undefined)
    return fault(400, 'invalid_grant', 'the username or password is incorrect')
  const scope = grantedScope(authority, user, client, single(params, 'scope'))
  if (typeof scope !== 'string') return scope
  const family = RefreshStore.newFamily()
  const authTime = Math.floor(Date.now() / 1000)
  return {
    issued: await issue(authority, req, user, client.clientId, { scope, family, authTime }),
  }
}

async function refreshGrant(
  authority: Authority,
  req: IncomingMessage,
  params: FormParams,
  client: MockClient,
): Promise<{ issued: Issued } | OAuthFault> {
  const token = single(params, 'refresh_token')
  if (token === undefined) return fault(400, 'invalid_request', 'missing "refresh_token"')
  const live = authority.refresh.peek(token)
  // RFC 6749 §10.4: a refresh token is bound to its client; another client's use of it fails
  // without using it up.
  if (live !== undefined && live.clientId !== client.clientId) {
    return fault(400, 'invalid_grant', 'the refresh token was issued to another client')
  }
  const requested = single(params, 'scope')
  if (live !== undefined && requested !== undefined) {
    const original = new Set(live.scope.split(' ').filter(Boolean))
    const wider = requested.split(' ').filter((item) => item !== '' && !original.has(item))
    if (wider.length > 0) {
      return fault(
        400,
        'invalid_scope',
        `the refresh asks for more than was granted: ${wider.join(' ')}`,
      )
    }
  }
  const redeemed = authority.refresh.redeem(token)
  if (!redeemed.ok) return fault(400, 'invalid_grant', REFRESH_REFUSALS[redeemed.reason])
  const user = authority.directory.users.find((u) => u.username === redeemed.grant.username)
  if (user === undefined)
    return fault(400, 'invalid_grant', 'the user of this grant no longer exists')
  const scope = requested ?? redeemed.grant.scope
  // RFC 6749 §6: the new refresh token keeps the scope of the one it replaces.
  return {
    issued: await issue(authority, req, user, client.clientId, redeemed.grant, scope),
  }
}

const REFRESH_REFUSALS: Record<'unknown' | 'expired' | 'replayed' | 'revoked', string> = {
  unknown: 'the refresh token is not one this server issued',
  expired: 'the refresh token expired',
  replayed: 'the refresh token was already used; every token of its grant is now revoked',
  revoked: 'the refresh token was revoked',
}
