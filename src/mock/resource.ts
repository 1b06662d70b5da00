import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Authority } from './authority.ts'
import { verifyAccessToken } from './keys.ts'
import { fault, sendError, sendJson, type Answer } from './respond.ts'

/**
 * The protected resource, an RFC 6750 resource server: the token in `Authorization: Bearer`
 * (scheme matched case-insensitively) or in the `access_token` query parameter, never both; a
 * request without one gets a bare challenge, a bad token `invalid_token`, a token without the
 * resource's scopes `insufficient_scope`.
 * @see [RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750.html#section-3)
 */
export async function protectedResource(
  authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<Answer> {
  const { profile } = authority
  const style = profile.errorStyle.value
  const realm = `Bearer realm="${profile.name}"`
  const challenge = (error: string, description: string, extra = '') =>
    `${realm}, error="${error}", error_description="${description}"${extra}`
  const fromHeader = bearerOf(req.headers.authorization)
  const fromQuery = url.searchParams.get('access_token') ?? undefined
  if (fromHeader !== undefined && fromQuery !== undefined) {
    const description = 'the access token was sent in more than one way'
    return sendError(res, style, fault(400, 'invalid_request', description), {
      'www-authenticate': challenge('invalid_request', description),
    })
  }
  const token = fromHeader ?? fromQuery
  if (token === undefined) {
    // RFC 6750 §3.1: a request without credentials gets a challenge without an error code.
    return sendError(res, style, fault(401, '', 'the request carries no access token'), {
      'www-authenticate': realm,
    })
  }
  const verified = await verifyAccessToken(authority.key, token, {
    issuers: [...authority.issuers],
    audiences: [...authority.audiences],
  })
  if (!verified.ok) {
    return sendError(res, style, fault(401, 'invalid_token', verified.reason), {
      'www-authenticate': challenge('invalid_token', verified.reason),
    })
  }
  const granted = new Set(
    String(verified.claims['scope'] ?? '')
      .split(' ')
      .filter(Boolean),
  )
  const needed = profile.protectedResource?.scopes ?? []
  const missing = needed.filter((scope) => !granted.has(scope))
  if (missing.length > 0) {
    const description = `the resource needs the scope ${needed.join(' ')}`
    return sendError(res, style, fault(403, 'insufficient_scope', description), {
      'www-authenticate': challenge(
        'insufficient_scope',
        description,
        `, scope="${needed.join(' ')}"`,
      ),
    })
  }
  const claims = verified.claims
  const all: Record<string, unknown> = {
    sub: claims.sub,
    client_id: claims['client_id'],
    scope: claims['scope'],
    preferred_username: claims.sub,
  }
  // The user's own claims, where the resource's schema has room for them (OpenID Connect Core
  // 1.0 §5.3.2: userinfo answers with the user's claims).
  const user = authority.directory.users.find((u) => u.username === claims.sub)
  const own = Object.entries(user?.claims ?? {}).filter(
    ([name]) => authority.resourceOpen || authority.resourceFields.has(name),
  )
  const body = Object.fromEntries([
    ...Object.entries(all).filter(
      ([name, value]) => value !== undefined && authority.resourceFields.has(name),
    ),
    ...own,
  ])
  // RFC 6750 §2.3: an answer to a token in the URI may be cached unless it says otherwise.
  const headers: Record<string, string> =
    fromQuery === undefined ? {} : { 'cache-control': 'private' }
  return sendJson(res, 200, body, 'ok', headers)
}

/** The token of an `Authorization: Bearer` header; the scheme is case-insensitive (RFC 9110 §11.1). */
function bearerOf(header: string | undefined): string | undefined {
  const match = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '')
  return match?.[1]
}
