import type { HttpRequest } from '../http/client.ts'
import {
  FORM_URLENCODED,
  formUnencoded,
  formUrlencoded,
  multipartFormData,
  type Field,
} from '../http/form.ts'
import { MULTIPART_FORM_DATA } from '../openapi/token-operation.ts'
import { type Profile } from '../openapi/profile.ts'
import { clientAuth, type AuthChoice } from './client-auth.ts'
import type { ClientCredentials, UserCredentials } from './credentials.ts'

/**
 * How the parameters travel: the documented media type, its other form media type, JSON,
 * form fields joined without encoding, or the query string with an empty body of the documented
 * media type.
 */
export type Encoding = 'form' | 'multipart' | 'json' | 'form-unencoded' | 'query'

export interface TokenRequestParts {
  /** The grant's parameters, before the client's. */
  fields: readonly Field[]
  auth: AuthChoice
  client?: ClientCredentials
  /** Default: the media type the spec documents for the token request. */
  encoding?: Encoding
  /** Default POST (RFC 6749 §3.2). */
  method?: 'POST' | 'GET'
}

/** The media type the vendor documents for token requests, as an encoding. */
export function documentedEncoding(profile: Profile): 'form' | 'multipart' {
  return profile.token.requestMediaType === MULTIPART_FORM_DATA ? 'multipart' : 'form'
}

/** True when the token operation documents `application/x-www-form-urlencoded` at all. */
export function documentsForm(profile: Profile): boolean {
  return profile.token.requestMediaTypes.some((media) => media.mediaType === FORM_URLENCODED)
}

/**
 * The resource owner password grant's parameters.
 * @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2)
 */
export function passwordFields(
  user: UserCredentials,
  scope?: string,
  params: readonly Field[] = [],
): Field[] {
  return [
    ['grant_type', 'password'],
    ['username', user.username],
    ['password', user.password],
    ...(scope === undefined ? [] : [['scope', scope] as Field]),
    ...params,
  ]
}

/** The refresh grant's parameters. @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6) */
export function refreshFields(
  refreshToken: string,
  scope?: string,
  params: readonly Field[] = [],
): Field[] {
  return [
    ['grant_type', 'refresh_token'],
    ['refresh_token', refreshToken],
    ...(scope === undefined ? [] : [['scope', scope] as Field]),
    ...params,
  ]
}

/** Builds a token request: grant fields, then the client's, in the chosen encoding. */
export function tokenRequest(
  profile: Profile,
  tokenUrl: string,
  parts: TokenRequestParts,
): HttpRequest {
  const auth = clientAuth(parts.auth, parts.client)
  const fields = [...parts.fields, ...auth.fields]
  const method = parts.method ?? 'POST'
  const encoding = parts.encoding ?? documentedEncoding(profile)
  const headers: [string, string][] = [['accept', 'application/json'], ...auth.headers]
  if (method === 'GET') {
    return { method, url: withQuery(tokenUrl, fields), headers }
  }
  switch (encoding) {
    case 'form':
      return post(tokenUrl, headers, FORM_URLENCODED, formUrlencoded(fields))
    case 'form-unencoded':
      return post(tokenUrl, headers, FORM_URLENCODED, formUnencoded(fields))
    case 'query': {
      // The body is empty but well-formed in the documented media type: only the query varies.
      if (documentedEncoding(profile) === 'multipart') {
        const { body, contentType } = multipartFormData([])
        return post(withQuery(tokenUrl, fields), headers, contentType, body)
      }
      return post(withQuery(tokenUrl, fields), headers, FORM_URLENCODED, '')
    }
    case 'json':
      return post(tokenUrl, headers, 'application/json', JSON.stringify(Object.fromEntries(fields)))
    case 'multipart': {
      const { body, contentType } = multipartFormData(fields)
      return post(tokenUrl, headers, contentType, body)
    }
  }
}

function post(
  url: string,
  headers: [string, string][],
  contentType: string,
  body: string,
): HttpRequest {
  return { method: 'POST', url, headers: [['content-type', contentType], ...headers], body }
}

/** The URL with the fields form-urlencoded into its query, after any query it has. */
export function withQuery(url: string, fields: readonly Field[]): string {
  if (fields.length === 0) return url
  return `${url}${url.includes('?') ? '&' : '?'}${formUrlencoded(fields)}`
}
