/**
 * Token requests to a mock done right: form-urlencoded, the client authenticated the first way
 * its spec allows (RFC 6749 §2.3.1 Basic with id and secret form-encoded first, the body, or a
 * public client's id). For tests and benchmarks that need a real token before they start.
 */
import type { MockCredentials } from '../../src/mock/index.ts'
import type { Profile } from '../../src/openapi/profile.ts'

export interface TokenRequest {
  headers: Record<string, string>
  body: string
}

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)

export function tokenRequest(
  profile: Profile,
  credentials: MockCredentials,
  params: Record<string, string>,
): TokenRequest {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  const form = new URLSearchParams(params)
  const method = profile.clientAuthentication[0]?.value
  const { clientId, clientSecret } = credentials
  if (method === 'client_secret_basic' && clientId !== undefined) {
    const pair = `${formEncode(clientId)}:${formEncode(clientSecret ?? '')}`
    headers['authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`
  } else if (method === 'client_secret_post' && clientId !== undefined) {
    form.set('client_id', clientId)
    form.set('client_secret', clientSecret ?? '')
  } else if (clientId !== undefined) {
    form.set('client_id', clientId)
  }
  return { headers, body: form.toString() }
}

/** The password grant's parameters for the mock's main user, with the scopes its resource needs. */
export function passwordParams(
  profile: Profile,
  credentials: MockCredentials,
): Record<string, string> {
  const scopes = profile.protectedResource?.scopes ?? []
  return {
    grant_type: 'password',
    username: credentials.username,
    password: credentials.password,
    ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
  }
}

export interface Issued {
  access_token: string
  refresh_token?: string
}

/** Signs in as the main user; throws, saying why, when the mock refuses. */
export async function login(
  url: string,
  profile: Profile,
  credentials: MockCredentials,
): Promise<Issued> {
  const { headers, body } = tokenRequest(profile, credentials, passwordParams(profile, credentials))
  const response = await fetch(`${url}${profile.token.path}`, { method: 'POST', headers, body })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`expected a token, got ${response.status} ${text}`)
  return JSON.parse(text) as Issued
}
