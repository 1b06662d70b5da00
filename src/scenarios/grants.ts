import { header, mediaTypeOf, type Exchange } from '../http/exchange.ts'
import type { Sent } from '../http/recorder.ts'
import type { ScenarioContext } from './scenario.ts'
import { defaultMethod } from './client-auth.ts'
import { passwordFields, tokenRequest } from './token-request.ts'

/** A token response's real values, kept in the sending process for later scenarios. */
export interface Grant {
  /** The exchange that issued it. */
  exchangeId: string
  accessToken: string
  refreshToken?: string
  /** `expires_in` when the response had a usable one. */
  expiresIn?: number
  /** The `scope` of the response, else the scope asked for. */
  scope?: string
  /** When the response ended, in ms since the epoch. */
  receivedAt: number
}

/** The grant a successful token response carries, or undefined. */
export function grantOf(sent: Sent, requestedScope?: string): Grant | undefined {
  const accessToken = sent.tokens.access_token
  const status = sent.exchange.response?.status
  if (accessToken === undefined || status === undefined || status < 200 || status > 299) {
    return undefined
  }
  const json = sent.json as Record<string, unknown>
  const expiresIn = Number(json['expires_in'])
  const scope = typeof json['scope'] === 'string' ? json['scope'] : requestedScope
  return {
    exchangeId: sent.exchange.id,
    accessToken,
    ...(sent.tokens.refresh_token === undefined ? {} : { refreshToken: sent.tokens.refresh_token }),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresIn } : {}),
    ...(scope === undefined ? {} : { scope }),
    receivedAt: sent.receivedAt,
  }
}

/**
 * The grants `password.valid` obtained. The first is the primary: its access token is presented
 * to the protected resource, and it is never refreshed (a refresh may revoke it). Each of the
 * others goes to at most one scenario that uses up a refresh token.
 */
export class GrantPool {
  primary: Grant | undefined
  readonly #spares: Grant[] = []

  add(grant: Grant): void {
    if (this.primary === undefined) this.primary = grant
    else this.#spares.push(grant)
  }

  takeSpare(): Grant | undefined {
    return this.#spares.shift()
  }
}

/** The exchanges scenarios make only to obtain a token are recorded under this id. */
export const SETUP = 'setup'

/**
 * A grant no other scenario touches: a spare from `password.valid`, or, when the scenario needs a
 * particular scope or no spare is left, a new password grant recorded as a `setup` exchange
 * labelled with the scenario it serves. Undefined when the server issued none.
 */
export async function freshGrant(
  context: ScenarioContext,
  scope?: string,
  options: { spare: boolean } = { spare: true },
): Promise<Grant | undefined> {
  if (scope === undefined && options.spare) {
    const spare = context.grants.takeSpare()
    if (spare !== undefined) return spare
  }
  const { profile, credentials, endpoints } = context
  const request = tokenRequest(profile, endpoints.tokenUrl, {
    fields: passwordFields(
      credentials.user,
      scope ?? validScope(profile, context.extras),
      context.extras.params,
    ),
    auth: defaultMethod(profile, credentials.client) ?? 'nothing',
    ...(credentials.client === undefined ? {} : { client: credentials.client }),
  })
  const sent = await context.recorder.send(SETUP, request, `for ${context.scenario}`)
  const grant = grantOf(sent, scope)
  // Any token the run obtained serves the scenarios that need one (when `password.valid` got none).
  if (grant !== undefined && context.grants.primary === undefined) context.grants.add(grant)
  return grant
}

/**
 * The scope a valid token request asks for: the user's `--scope` when given; else the protected
 * resource's own scopes when it names some (so the token opens it), else the scope the spec
 * documents as the default (Wokelo's `read write`), else none (the server's default scope,
 * RFC 6749 §3.3). Against a real server the profile holds no mock-only element, so no scope comes
 * from one (see `promisedProfile`).
 */
export function validScope(
  profile: ScenarioContext['profile'],
  extras?: ScenarioContext['extras'],
): string | undefined {
  if (extras?.scope !== undefined) return extras.scope
  const needed = profile.protectedResource?.scopes ?? []
  if (needed.length > 0) return needed.join(' ')
  const documented = profile.scopes.default
  return documented === undefined || documented === '' ? undefined : documented
}

/**
 * What the last request for a token (`password.valid` or `setup`) got, for a skip reason that
 * names the cause: ` (its last answer: no response within 2 s)`; empty when none was sent.
 */
export function lastGrantAnswer(exchanges: readonly Exchange[]): string {
  const last = exchanges
    .filter((e) => e.scenario === 'password.valid' || e.scenario === SETUP)
    .at(-1)
  if (last === undefined) return ''
  if (last.response === undefined) return ` (its last answer: ${last.failure?.message ?? 'none'})`
  const status = last.response.status
  if (
    status >= 200 &&
    status < 300 &&
    last.response.jsonError === undefined &&
    last.response.tokens.every((t) => t.field !== 'access_token')
  ) {
    return ` (its last answer: \`${status}\` without an "access_token")`
  }
  const json = last.response.json
  const type = mediaTypeOf(header(last.response.headers, 'content-type'))
  const code =
    typeof json === 'object' &&
    json !== null &&
    typeof (json as { error?: unknown }).error === 'string'
      ? ` with "error" \`${(json as { error: string }).error}\``
      : type !== undefined && last.response.jsonError === undefined
        ? ` with \`${type}\``
        : ''
  const location = header(last.response.headers, 'location')
  const retryAfter = header(last.response.headers, 'retry-after')
  const fault =
    last.failure !== undefined
      ? `, ${last.failure.message}`
      : last.response.jsonError !== undefined
        ? ', a body that is not valid JSON'
        : location !== undefined
          ? ` redirect to \`${location}\`, not followed`
          : retryAfter !== undefined
            ? ` with "Retry-After" \`${retryAfter}\``
            : ''
  return ` (its last answer: \`${last.response.status}\`${code}${fault})`
}
