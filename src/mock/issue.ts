import type { IncomingMessage } from 'node:http'
import { hasGrant } from '../openapi/profile.ts'
import { audienceOf, baseUrlOf, issuerOf, remember, type Authority } from './authority.ts'
import { signAccessToken, signIdToken } from './keys.ts'
import type { RefreshGrant } from './refresh-store.ts'
import { fault, type OAuthFault } from './respond.ts'
import type { MockClient, MockUser } from './users.ts'

/**
 * The scope to grant (RFC 6749 §3.3): the requested one when the spec, the user and the client
 * allow every part of it, `invalid_scope` otherwise; when none is requested, the spec's default
 * narrowed to what the user and the client may have.
 */
export function grantedScope(
  authority: Authority,
  user: MockUser,
  client: MockClient,
  requested: string | undefined,
): string | OAuthFault {
  const { profile } = authority
  // `openid` asks for an id_token, not for access: any user and client of an OpenID provider may.
  const allowedBy = (list: readonly string[] | undefined, item: string) =>
    list === undefined || list.includes(item) || (item === 'openid' && isOpenIdProvider(authority))
  const allowed = (item: string) => allowedBy(user.scopes, item) && allowedBy(client.scopes, item)
  if (requested === undefined) {
    const fallback = (profile.scopes.default ?? '').split(' ').filter(Boolean)
    return [...new Set(fallback.filter(allowed))].join(' ')
  }
  const items = requested.split(' ')
  if (items.some((item) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(item))) {
    return fault(400, 'invalid_scope', 'the scope is not a space-separated list of scope tokens')
  }
  const supported = profile.scopes.supported
  const unknown = items.filter(
    (item) => (supported.length > 0 && !supported.includes(item)) || !allowed(item),
  )
  if (unknown.length > 0)
    return fault(400, 'invalid_scope', `unknown or not allowed scope: ${unknown.join(' ')}`)
  return [...new Set(items)].join(' ')
}

/** Whether the mock is an OpenID provider: its spec has a discovery document. */
export function isOpenIdProvider(authority: Authority): boolean {
  return authority.profile.discovery !== undefined
}

export type Issued = Record<string, string | number>

/**
 * A token response for a grant: a JWT access token with the user's claims, a refresh token
 * continuing the grant's family where the spec has the refresh grant, an id_token when the scope
 * has `openid` and the mock is an OpenID provider (OpenID Connect Core 1.0 §3.1.3.3, §12.2).
 */
export async function issue(
  authority: Authority,
  req: IncomingMessage,
  user: MockUser,
  clientId: string,
  grant: Pick<RefreshGrant, 'scope' | 'family' | 'authTime'>,
  scope = grant.scope,
  nonce?: string,
): Promise<Issued> {
  const username = user.username
  const base = baseUrlOf(req, authority)
  const iss = issuerOf(base, authority.profile)
  const aud = audienceOf(base, authority.profile)
  remember(authority.issuers, iss)
  remember(authority.audiences, aud)
  const first = authority.accessTokensIssued === 0
  authority.accessTokensIssued += 1
  const lifetime =
    (first ? authority.lifetimes.firstAccessToken : undefined) ?? authority.lifetimes.accessToken
  const extra = user.claims === undefined ? {} : { extra: user.claims }
  const accessToken = await signAccessToken(authority.key, {
    iss,
    aud,
    sub: username,
    clientId,
    scope,
    lifetime,
    ...extra,
  })
  const body: Issued = {
    access_token: accessToken,
    token_type: authority.tokenType,
    expires_in: lifetime,
  }
  if (hasGrant(authority.profile, 'refresh_token')) {
    body['refresh_token'] = authority.refresh.issue({ username, clientId, ...grant })
  }
  if (scope !== '') body['scope'] = scope
  if (isOpenIdProvider(authority) && scope.split(' ').includes('openid')) {
    body['id_token'] = await signIdToken(authority.key, {
      iss,
      sub: username,
      aud: clientId,
      authTime: grant.authTime ?? Math.floor(Date.now() / 1000),
      lifetime,
      ...(nonce === undefined ? {} : { nonce }),
      ...extra,
    })
  }
  return body
}
