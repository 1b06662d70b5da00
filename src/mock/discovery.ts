import type { IncomingMessage, ServerResponse } from 'node:http'
import { isRecord } from '../openapi/pointer.ts'
import { baseUrlOf, issuerOf, type Authority } from './authority.ts'
import { sendJson, type Answer } from './respond.ts'

export function jwks(authority: Authority, res: ServerResponse): Answer {
  return sendJson(res, 200, { keys: [authority.key.publicJwk] }, 'ok')
}

/**
 * The OpenID Connect discovery document, made for the URL the client used: the spec's example
 * with its URLs moved to this server, only endpoints the spec has, the issuer of the tokens this
 * server signs, and the grants and client authentication methods it really accepts.
 * @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata)
 */
export function discoveryDocument(
  authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
): Answer {
  const { profile } = authority
  const base = baseUrlOf(req, authority)
  const example = profile.discovery?.responses.find((response) => response.status === '200')
    ?.mediaTypes[0]?.examples[0]?.value
  const document: Record<string, unknown> = isRecord(example) ? { ...example } : {}
  const paths = new Set(profile.operations.map((operation) => operation.path))
  for (const [name, value] of Object.entries(document)) {
    if (typeof value !== 'string' || !/^https?:\/\//.test(value) || name === 'issuer') continue
    const path = new URL(value).pathname
    if (paths.has(path)) document[name] = `${base}${path}`
    else delete document[name]
  }
  const served = authority.codes !== undefined && authority.authorizationPath !== undefined
  const at = (path: string | undefined) => (path === undefined ? undefined : `${base}${path}`)
  Object.assign(document, {
    issuer: issuerOf(base, profile),
    token_endpoint: at(profile.token.path),
    jwks_uri: at(profile.jwks?.path),
    userinfo_endpoint: at(profile.protectedResource?.path),
    grant_types_supported: [
      ...profile.grants.map((grant) => grant.value),
      ...(served ? ['authorization_code'] : []),
    ],
    token_endpoint_auth_methods_supported: profile.clientAuthentication.map(
      (method) => method.value,
    ),
  })
  if (served) {
    // Only what the authorization endpoint does: the code flow, answered in the query, S256 PKCE,
    // and the `iss` of RFC 9207 on every answer.
    Object.assign(document, {
      authorization_endpoint: at(authority.authorizationPath),
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    })
  } else {
    delete document['response_types_supported']
    delete document['authorization_endpoint']
  }
  for (const [name, value] of Object.entries(document))
    if (value === undefined) delete document[name]
  return sendJson(res, 200, document, 'ok')
}
