/**
 * Security advisories: RFC 9700 (the OAuth 2.0 Security BCP) and the parts of RFC 6749 §10 a
 * black box can only hint at. A failure here is a note, never a failed run.
 */
import { header, type Exchange, type RecordedResponse } from '../http/exchange.ts'
import type { Profile } from '../openapi/profile.ts'
import { defineCheck, fail, pass, skip } from './check.ts'
import {
  bodyObject,
  describe,
  errorCodeOf,
  issuedToken,
  jwtScope,
  refreshRequests,
  requestParam,
  scopeSet,
  shown,
  tokenFacts,
} from './evidence.ts'
import { eachSuccess } from './evidence.ts'

/** @see [RFC 9700 §2.4](https://www.rfc-editor.org/rfc/rfc9700.html#section-2.4) */
export const passwordGrant = defineCheck({
  id: 'rfc9700.2.4.password-grant',
  clause: 'RFC 9700 §2.4',
  standard: 'RFC 9700',
  level: 'ADVISORY',
  title: 'the resource owner password credentials grant is not offered',
  reads: ['password.valid'],
  // Only an explicit `unsupported_grant_type` says the grant is off: a server that answers 500,
  // or refuses the credentials it was given, may still offer it.
  judge: ({ exchanges }) => {
    const answers = exchanges.flatMap((exchange) => exchange.response ?? [])
    if (answers.some(issuedToken)) {
      return fail(
        'expected no resource owner password credentials grant (RFC 9700 §2.4: it MUST NOT be used), got a token for `grant_type=password`',
      )
    }
    if (answers.some((response) => errorCodeOf(response) === 'invalid_grant')) {
      return fail(
        'expected no resource owner password credentials grant (RFC 9700 §2.4: it MUST NOT be used), got `invalid_grant` for `grant_type=password`: the server checks passwords',
      )
    }
    const last = answers.at(-1)
    if (last !== undefined && answers.every((r) => errorCodeOf(r) === 'unsupported_grant_type')) {
      return pass()
    }
    return skip(
      `cannot tell whether the password grant is offered: expected a token or "error" \`unsupported_grant_type\`, got ${last === undefined ? 'no response' : describe(last)}`,
    )
  },
})

/** A public client: one that cannot authenticate, so its refresh tokens need rotation. */
const isPublic = (exchanges: readonly Exchange[], publicOnly: boolean) =>
  publicOnly || exchanges.some((e) => e.label === 'none')

/** @see [RFC 9700 §4.14.2](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.14.2) */
export const refreshRotation = defineCheck({
  id: 'rfc9700.4.14.2.refresh-rotation',
  clause: 'RFC 9700 §2.2.2, §4.14.2',
  standard: 'RFC 9700',
  level: 'ADVISORY',
  readsGrant: true,
  title: 'refresh tokens of public clients rotate, and a replayed rotated token is refused',
  reads: ['refresh.reused'],
  judge: ({ exchanges, profile }) => {
    // A refresh, its replay and, when the scenario sent one, the rotated token after the replay.
    const [first, replay, after] = refreshRequests(exchanges)
    if (first?.response === undefined || replay?.response === undefined) {
      return skip('the scenario did not record a refresh and its replay')
    }
    if (!issuedToken(first.response)) {
      return skip(`the first refresh was refused: ${describe(first.response)}`)
    }
    const original = exchanges
      .filter((e) => requestParam(e, 'grant_type') === 'password')
      .flatMap((e) => (e.response ? [tokenFacts(e.response, 'refresh_token')] : []))
      .at(-1)
    const issued = tokenFacts(first.response, 'refresh_token')
    const rotated =
      issued !== undefined &&
      (original === undefined || original.fingerprint !== issued.fingerprint)
    const publicClient = isPublic(
      exchanges,
      profile.clientAuthentication.every((m) => m.value === 'none'),
    )
    if (!rotated) {
      if (!publicClient) return pass()
      return fail(
        'expected a public client’s refresh token to be rotated (or sender-constrained), got no new refresh token on refresh',
      )
    }
    if (issuedToken(replay.response)) {
      return fail(
        `expected the replayed, rotated refresh token to be refused (and its family revoked), got ${describe(replay.response)}`,
      )
    }
    if (after?.response !== undefined && issuedToken(after.response)) {
      return fail(
        `expected the refresh token rotated before the replay to be revoked with its family, got ${describe(after.response)}`,
      )
    }
    return pass()
  },
})

/** The scope names a token response and its request speak of. */
function scopeNames(exchange: Exchange, response: RecordedResponse, profile: Profile): Set<string> {
  const granted = bodyObject(response)?.['scope']
  return new Set([
    ...(typeof granted === 'string' ? scopeSet(granted) : []),
    ...scopeSet(requestParam(exchange, 'scope') ?? ''),
    ...(jwtScope(tokenFacts(response, 'access_token')) ?? []),
    ...profile.scopes.supported,
  ])
}

/**
 * @see [RFC 9700 §2.3](https://www.rfc-editor.org/rfc/rfc9700.html#section-2.3),
 * [RFC 9068 §3](https://www.rfc-editor.org/rfc/rfc9068.html#section-3)
 */
export const audienceRestricted = defineCheck({
  id: 'rfc9700.2.3.audience-restricted',
  clause: 'RFC 9700 §2.3; RFC 9068 §3',
  standard: 'RFC 9700',
  level: 'ADVISORY',
  title: 'JWT access tokens are audience-restricted (`aud` names a resource, not a scope)',
  reads: ['password.valid'],
  judge: ({ exchanges, profile }) =>
    eachSuccess(exchanges, (response, exchange) => {
      const jwt = tokenFacts(response, 'access_token')?.jwt
      if (jwt === undefined)
        return skip('the access token is not a JWT: its audience is not visible')
      const aud = jwt.claims['aud']
      const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : []
      if (audiences.length === 0 || audiences.every((a) => a === '')) {
        return fail(
          'expected an "aud" claim restricting the token to its resource servers, got none',
        )
      }
      // RFC 9068 §3: "aud" identifies the resource the token is meant for; a scope says what
      // may be done there. An audience that is only scope names restricts the token to nothing.
      const scopes = scopeNames(exchange, response, profile)
      if (audiences.every((a) => typeof a === 'string' && scopes.has(a) && !/[:/]/.test(a))) {
        return fail(
          `expected "aud" to name the resource the token is for, got ${shown(aud)}, a scope name`,
        )
      }
      return pass()
    }),
})

const RETRY_STATUSES = [429, 423, 503]

/** @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2) */
export const bruteForceProtection = defineCheck({
  id: 'rfc6749.4.3.2.brute-force-protection',
  clause: 'RFC 6749 §4.3.2, §2.3.1; RFC 9700 §4.16',
  standard: 'RFC 6749',
  // A MUST, but a black box only sees signs of it (a 429, a Retry-After, slower answers).
  level: 'ADVISORY',
  title: 'repeated wrong passwords are throttled',
  reads: ['password.repeated-wrong-password'],
  judge: ({ exchanges }) => {
    const answered = exchanges.filter((e) => e.response !== undefined)
    if (answered.length < 5) return skip(`only ${answered.length} answers to judge`)
    const signs = answered.some(
      (e) =>
        RETRY_STATUSES.includes(e.response?.status ?? 0) ||
        header(e.response?.headers ?? [], 'retry-after') !== undefined,
    )
    if (signs) return pass()
    // Slowing down counts only when it is unmistakable: each of the last three answers slower
    // than every one of the first three, by 250 ms and twice over. A loaded machine makes single
    // answers slow; it does not make a steady climb.
    const first = answered.slice(0, 3).map((e) => e.durationMs)
    const last = answered.slice(-3).map((e) => e.durationMs)
    const slowest = Math.max(...first)
    if (last.every((ms) => ms >= slowest + 250 && ms >= 2 * slowest)) return pass()
    const statuses = [...new Set(answered.map((e) => e.response?.status))].join(', ')
    const range = (list: number[]) => {
      const [low, high] = [Math.round(Math.min(...list)), Math.round(Math.max(...list))]
      return low === high ? `${low} ms` : `${low}–${high} ms`
    }
    return fail(
      `expected signs of throttling after ${answered.length} wrong passwords (429, Retry-After, or steadily slower answers), got status ${statuses}, the first answers in ${range(first)}, the last in ${range(last)}`,
    )
  },
})

/** @see [RFC 6749 §10.10](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.10) */
export const tokensDistinct = defineCheck({
  id: 'rfc6749.10.10.tokens-distinct',
  clause: 'RFC 6749 §10.10',
  standard: 'RFC 6749',
  // Re-issuing a still-valid token is allowed; the same token for every request hints at a
  // predictable one.
  level: 'ADVISORY',
  title: 'separate requests get different tokens',
  reads: ['password.valid'],
  judge: ({ exchanges }) => {
    for (const field of ['access_token', 'refresh_token']) {
      const seen = new Map<string, Exchange>()
      for (const exchange of exchanges) {
        const token = exchange.response && tokenFacts(exchange.response, field)
        if (token === undefined) continue
        const earlier = seen.get(token.fingerprint)
        if (earlier !== undefined) {
          return fail(
            `expected a new "${field}" for each request, got the same one in \`${earlier.id}\` and \`${exchange.id}\``,
          )
        }
        seen.set(token.fingerprint, exchange)
      }
      if (field === 'access_token' && seen.size < 2)
        return skip('fewer than two access tokens to compare')
    }
    return pass()
  },
})
