/**
 * A hand-rolled token client for the mock's tests: it builds requests exactly as each test says
 * (encoding, media type, where the client authenticates), so a test can send what a correct
 * client sends and what a broken one does.
 */
import type { RunningMock } from '../../src/mock/index.ts'
import { FORM_URLENCODED, MULTIPART_FORM_DATA } from '../../src/openapi/token-operation.ts'

/** What a request needs of a mock: one started in-process, or one a child process serves. */
export type MockTarget = Pick<RunningMock, 'url' | 'profile' | 'credentials'>

export type Params = readonly (readonly [string, string])[]

/** Where the client puts its credentials: HTTP Basic, the body, or only `client_id` (public). */
export type ClientPlacement = 'basic' | 'body' | 'public'

export interface Answer {
  status: number
  headers: Headers
  text: string
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: Record<string, unknown> | undefined
}

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}

/** `Basic base64(urlencode(id) ":" urlencode(secret))`, as RFC 6749 §2.3.1 asks. */
export function basicOf(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`, 'utf8').toString('base64')}`
}

/** A form-urlencoded body, every name and value encoded. */
export function urlencoded(params: Params): string {
  return params.map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`).join('&')
}

/** How the spec's own page has clients authenticate: Basic first where it is the only way. */
export function placementOf(mock: MockTarget): ClientPlacement {
  const methods = mock.profile.clientAuthentication.map((m) => m.value)
  if (methods.includes('none')) return 'public'
  if (methods.includes('client_secret_post')) return 'body'
  return 'basic'
}

export interface ClientCredentials {
  clientId: string
  clientSecret?: string
}

/** The mock's main client. */
export function mainClient(mock: MockTarget): ClientCredentials {
  const { clientId, clientSecret } = mock.credentials
  if (clientId === undefined) throw new Error(`the ${mock.profile.name} mock has no client`)
  return clientSecret === undefined ? { clientId } : { clientId, clientSecret }
}

/** The client's part of a request: parameters for the body and an Authorization header. */
export function clientPart(
  client: ClientCredentials,
  placement: ClientPlacement,
): { params: Params; authorization?: string } {
  if (placement === 'basic') {
    return { params: [], authorization: basicOf(client.clientId, client.clientSecret ?? '') }
  }
  if (placement === 'public' || client.clientSecret === undefined) {
    return { params: [['client_id', client.clientId]] }
  }
  return {
    params: [
      ['client_id', client.clientId],
      ['client_secret', client.clientSecret],
    ],
  }
}

export interface TokenCall {
  params: Params
  client?: ClientCredentials | null
  placement?: ClientPlacement
  /** The spec's first request media type unless said. */
  mediaType?: typeof FORM_URLENCODED | typeof MULTIPART_FORM_DATA
  headers?: Record<string, string>
  query?: string
}

/** POSTs a token request built from parts, as a correct client would encode it. */
export async function postToken(mock: MockTarget, call: TokenCall): Promise<Answer> {
  const client =
    call.client === null
      ? { params: [] as Params }
      : clientPart(call.client ?? mainClient(mock), call.placement ?? placementOf(mock))
  const params = [...call.params, ...client.params]
  const mediaType =
    call.mediaType ?? mock.profile.token.requestMediaTypes[0]?.mediaType ?? FORM_URLENCODED
  const headers: Record<string, string> = { ...call.headers }
  if (client.authorization !== undefined) headers['authorization'] = client.authorization
  let body: string | FormData
  if (mediaType === MULTIPART_FORM_DATA) {
    const form = new FormData()
    for (const [name, value] of params) form.append(name, value)
    body = form
  } else {
    headers['content-type'] = FORM_URLENCODED
    body = urlencoded(params)
  }
  return send(mock, `${mock.profile.token.path}${call.query ?? ''}`, {
    method: 'POST',
    headers,
    body,
  })
}

/** A password grant for the mock's main user and client. */
export function passwordGrant(
  mock: MockTarget,
  extra: Params = [],
  user: { username: string; password: string } = mock.credentials,
): Promise<Answer> {
  return postToken(mock, {
    params: [
      ['grant_type', 'password'],
      ['username', user.username],
      ['password', user.password],
      ...extra,
    ],
  })
}

/** Any request to the mock, its answer read whole. */
export async function send(
  mock: MockTarget,
  path: string,
  init: RequestInit = {},
): Promise<Answer> {
  // Manual: a forced 302 names the spec example's redirect URI, where nothing listens.
  const res = await fetch(`${mock.url}${path}`, { redirect: 'manual', ...init })
  const text = await res.text()
  let json: Record<string, unknown> | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    json =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** The access token of a 200, or a thrown error naming what came instead. */
export function accessTokenOf(answer: Answer): string {
  const token = answer.json?.['access_token']
  if (answer.status !== 200 || typeof token !== 'string') {
    throw new Error(`expected a token response, got ${answer.status}: ${answer.text.slice(0, 200)}`)
  }
  return token
}

/** The refresh token of a 200, or a thrown error naming what came instead. */
export function refreshTokenOf(answer: Answer): string {
  const token = answer.json?.['refresh_token']
  if (answer.status !== 200 || typeof token !== 'string') {
    throw new Error(`expected a refresh token, got ${answer.status}: ${answer.text.slice(0, 200)}`)
  }
  return token
}

/**
 * The error an answer carries, in either style: RFC 6749's `error`, or, for a ProblemDetail,
 * its status (the problem has no error code).
 */
export function errorOf(answer: Answer): string | number | undefined {
  const error = answer.json?.['error']
  if (typeof error === 'string') return error
  const status = answer.json?.['status']
  return typeof status === 'number' ? status : undefined
}
