import { basicAuthorization, type Field } from '../http/form.ts'
import type { ClientAuthMethod } from '../openapi/extension.ts'
import type { Profile } from '../openapi/profile.ts'
import type { ClientCredentials } from './credentials.ts'

/**
 * How a request authenticates its client: one of the RFC 7591 methods, or one of the faults the
 * `client.*` scenarios send: both methods at once, the id alone, or nothing at all.
 * @see [RFC 6749 §2.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3)
 */
export type AuthChoice = ClientAuthMethod | 'basic-and-body' | 'id-only' | 'nothing'

/** The profile's methods, in its order, that these credentials can use. */
export function usableMethods(profile: Profile, client?: ClientCredentials): ClientAuthMethod[] {
  return profile.clientAuthentication
    .map((entry) => entry.value)
    .filter((method) =>
      method === 'none' ? client !== undefined : client?.clientSecret !== undefined,
    )
}

/** The method every request uses unless it varies client authentication. */
export function defaultMethod(
  profile: Profile,
  client?: ClientCredentials,
): ClientAuthMethod | undefined {
  return usableMethods(profile, client)[0]
}

/** True when the client is confidential: it has a secret (RFC 6749 §2.1). */
export function isConfidential(client?: ClientCredentials): client is Required<ClientCredentials> {
  return client?.clientSecret !== undefined
}

export interface Authenticated {
  fields: Field[]
  headers: [string, string][]
}

/** The client's fields (appended after the grant's) and headers for one choice. */
export function clientAuth(choice: AuthChoice, client?: ClientCredentials): Authenticated {
  const none: Authenticated = { fields: [], headers: [] }
  if (client === undefined || choice === 'nothing') return none
  const id: Field = ['client_id', client.clientId]
  const secret: Field[] =
    client.clientSecret === undefined ? [] : [['client_secret', client.clientSecret]]
  const basic: [string, string][] = [
    ['authorization', basicAuthorization(client.clientId, client.clientSecret ?? '')],
  ]
  switch (choice) {
    case 'client_secret_basic':
      return { fields: [], headers: basic }
    case 'client_secret_post':
      return { fields: [id, ...secret], headers: [] }
    case 'none':
    case 'id-only':
      return { fields: [id], headers: [] }
    case 'basic-and-body':
      return { fields: [id, ...secret], headers: basic }
  }
}
