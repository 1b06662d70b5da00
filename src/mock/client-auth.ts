import type { IncomingMessage } from 'node:http'
import type { ClientAuthMethod } from '../openapi/extension.ts'
import { hasClientAuth } from '../openapi/profile.ts'
import { findClient, sameSecret, type Authority } from './authority.ts'
import { formDecode, single, type FormParams } from './form.ts'
import { fault, type OAuthFault } from './respond.ts'
import type { MockClient } from './users.ts'

export type ClientAuthentication =
  { ok: true; client: MockClient; method: ClientAuthMethod } | { ok: false; fault: OAuthFault }

/**
 * `invalid_client`: 401 with a Basic challenge after a Basic attempt (RFC 6749 §5.2 requires it,
 * whether or not the API takes Basic) or when the API takes Basic (RFC 9110 §15.5.2 puts a
 * challenge on every 401), else 400.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export function invalidClient(
  authority: Authority,
  description: string,
  attemptedBasic = false,
): OAuthFault {
  if (!attemptedBasic && !hasClientAuth(authority.profile, 'client_secret_basic')) {
    return fault(400, 'invalid_client', description)
  }
  return fault(401, 'invalid_client', description, {
    'www-authenticate': `Basic realm="${authority.profile.name}", charset="UTF-8"`,
  })
}

/**
 * Authenticates the client of a token request: HTTP Basic with id and secret form-urlencoded
 * before base64 (RFC 6749 §2.3.1), the secret in the body, or a public client's `client_id`;
 * one method only (§2.3), and only the methods the spec allows.
 * @see [RFC 6749 §2.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3)
 */
export function authenticateClient(
  authority: Authority,
  req: IncomingMessage,
  params: FormParams,
): ClientAuthentication {
  const { profile } = authority
  const failed = (description: string, attemptedBasic = false) => ({
    ok: false as const,
    fault: invalidClient(authority, description, attemptedBasic),
  })
  const bodyId = single(params, 'client_id')
  const bodySecret = single(params, 'client_secret')
  const authorization = req.headers.authorization
  if (authorization !== undefined) {
    const basic = decodeBasic(authorization)
    if (basic === undefined) {
      return failed(
        'the Authorization header is not HTTP Basic with a form-urlencoded client id and secret',
        true,
      )
    }
    if (bodySecret !== undefined || (bodyId !== undefined && bodyId !== basic.id)) {
      return {
        ok: false,
        fault: fault(
          400,
          'invalid_request',
          'the client authenticated twice: in HTTP Basic and in the body',
        ),
      }
    }
    if (!hasClientAuth(profile, 'client_secret_basic')) {
      return failed('this API does not take client credentials in HTTP Basic', true)
    }
    return checkSecret(authority, basic.id, basic.secret, 'client_secret_basic')
  }
  if (bodySecret !== undefined) {
    if (bodyId === undefined) return failed('"client_secret" came without "client_id"')
    if (!hasClientAuth(profile, 'client_secret_post')) {
      return failed('this API does not take client credentials in the request body')
    }
    return checkSecret(authority, bodyId, bodySecret, 'client_secret_post')
  }
  if (bodyId === undefined) return failed('the client did not authenticate')
  const client = findClient(authority, bodyId)
  if (client === undefined) return failed('the client is unknown')
  if (client.clientSecret !== undefined) return failed('a confidential client must authenticate')
  if (!hasClientAuth(profile, 'none')) return failed('this API takes no public clients')
  return { ok: true, client, method: 'none' }
}

function checkSecret(
  authority: Authority,
  id: string,
  secret: string,
  method: ClientAuthMethod,
): ClientAuthentication {
  const client = findClient(authority, id)
  const expected = client?.clientSecret
  // Compared even for an unknown client, so the time taken does not tell which ids exist.
  const matches = sameSecret(secret, expected ?? '\u0000unknown')
  if (client === undefined || expected === undefined || !matches) {
    return {
      ok: false,
      fault: invalidClient(
        authority,
        'the client id or secret is wrong',
        method === 'client_secret_basic',
      ),
    }
  }
  return { ok: true, client, method }
}

/** `Basic base64(urlencode(id) ":" urlencode(secret))`, decoded strictly; undefined when it is not. */
export function decodeBasic(header: string): { id: string; secret: string } | undefined {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header)
  if (match === null) return undefined
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(match[1]!, 'base64'))
  } catch {
    return undefined
  }
  const colon = text.indexOf(':')
  if (colon === -1) return undefined
  const id = formDecode(text.slice(0, colon))
  const secret = formDecode(text.slice(colon + 1))
  return id === undefined || secret === undefined ? undefined : { id, secret }
}
