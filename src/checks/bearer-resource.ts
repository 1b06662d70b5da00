/**
 * The protected resource: how it takes bearer tokens (RFC 6750 §2), refuses unusable ones and
 * says why (§3, §3.1), and refuses unsigned JWTs (RFC 9068 §4).
 */
import { header, headerValues, type RecordedResponse } from '../http/exchange.ts'
import { defineCheck, fail, notApplicable, pass, skip, type Verdict } from './check.ts'
import { cacheDirectives } from './evidence.ts'
import { describe, errorCodeOf, isSuccess, judgeEach, lastOf, shown } from './evidence.ts'
import { expectNoToken, meaningfulRefusal } from './refusal.ts'
import { challengesOf, paramOf, parseChallenges, type Challenge } from './www-authenticate.ts'

/** Scenarios whose request the resource must refuse with a challenge. */
const CHALLENGED = [
  'resource.no-token',
  'resource.expired-token',
  'resource.tampered-token',
  'resource.alg-none-token',
  'resource.insufficient-scope',
] as const

const UNUSABLE = [
  'resource.expired-token',
  'resource.tampered-token',
  'resource.alg-none-token',
] as const

/** The Bearer challenges of a response, or a failing verdict saying what is wrong. */
export function bearerChallenges(response: RecordedResponse): Challenge[] | Verdict {
  const values = headerValues(response.headers, 'www-authenticate')
  if (values.length === 0) {
    return fail('expected "WWW-Authenticate: Bearer …", got no WWW-Authenticate header')
  }
  const parsed = parseChallenges(values)
  if ('error' in parsed) {
    return fail(
      `expected a well-formed "WWW-Authenticate", got \`${values.join(', ')}\`: ${parsed.error}`,
    )
  }
  const bearer = challengesOf(parsed, 'Bearer')
  if (bearer.length === 0) {
    return fail(
      `expected a "WWW-Authenticate" challenge of the Bearer scheme, got ${shown(values.join(', '))}`,
    )
  }
  return bearer
}

/**
 * The Bearer challenges a check about their content judges, or a skip: whether the header is there
 * and well formed is `rfc6750.3.www-authenticate-bearer`'s verdict alone, and a check about what a
 * challenge holds cannot judge one it cannot read, so it neither fails nor passes it.
 */
function challengesToJudge(response: RecordedResponse): Challenge[] | Verdict {
  const challenges = bearerChallenges(response)
  if (Array.isArray(challenges)) return challenges
  const why = challenges.outcome === 'fail' ? challenges.message : 'no Bearer challenge'
  return skip(`could not judge: no Bearer challenge to read (${wwwAuthenticateBearer.id}: ${why})`)
}

function accepted(response: RecordedResponse, what: string): Verdict {
  return isSuccess(response)
    ? pass()
    : fail(`expected ${what} to be accepted, got ${describe(response)}`, {
        expected: '2xx',
        actual: String(response.status),
      })
}

/** The refusal's status and error code: the challenge's `error`, else the body's. */
function expectChallengeError(response: RecordedResponse, status: number, code: string): Verdict {
  if (isSuccess(response)) return skip(`the request was accepted: ${describe(response)}`)
  const wanted = `\`${status}\` with \`error="${code}"\``
  const challenges = bearerChallenges(response)
  const challengeCode = Array.isArray(challenges)
    ? challenges.map((c) => paramOf(c, 'error')).find((e) => e !== undefined)
    : undefined
  const got = challengeCode ?? errorCodeOf(response)
  if (response.status === status && got === code) return pass()
  return fail(
    `expected ${wanted}, got \`${response.status}\`${got === undefined ? ' with no error code' : ` with \`error="${got}"\``}`,
    { expected: `${status} ${code}`, actual: `${response.status} ${got ?? ''}`.trim() },
  )
}

/** @see [RFC 6750 §2.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-2.1) */
export const validTokenAccepted = defineCheck({
  id: 'rfc6750.2.1.valid-token-accepted',
  clause: 'RFC 6750 §2.1',
  standard: 'RFC 6750',
  level: 'MUST',
  title: 'the protected resource accepts a valid token in `Authorization: Bearer`',
  reads: ['resource.valid-token'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => accepted(response, 'a valid bearer token')),
})

/** @see [RFC 6750 §2.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-2.1) */
export const schemeCaseInsensitive = defineCheck({
  id: 'rfc6750.2.1.scheme-case-insensitive',
  clause: 'RFC 6750 §2.1; RFC 9110 §11.1',
  standard: 'RFC 6750',
  level: 'MUST',
  title: 'the auth scheme is case-insensitive: `bearer <token>` works',
  reads: ['resource.lowercase-bearer'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      accepted(response, 'a valid token in `Authorization: bearer …`'),
    ),
})

/** @see [RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750.html#section-3) */
export const wwwAuthenticateBearer = defineCheck({
  id: 'rfc6750.3.www-authenticate-bearer',
  clause: 'RFC 6750 §3',
  standard: 'RFC 6750',
  level: 'MUST',
  title: 'a request without a usable token gets a `WWW-Authenticate: Bearer` challenge',
  reads: CHALLENGED,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      if (isSuccess(response)) return skip(`the request was accepted: ${describe(response)}`)
      const challenges = bearerChallenges(response)
      return Array.isArray(challenges) ? pass() : challenges
    }),
})

/** @see [RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750.html#section-3) */
export const noErrorWithoutCredentials = defineCheck({
  id: 'rfc6750.3.no-error-without-credentials',
  clause: 'RFC 6750 §3, §3.1',
  standard: 'RFC 6750',
  level: 'SHOULD',
  title: 'a request with no credentials gets a challenge without an error code',
  reads: ['resource.no-token'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      if (isSuccess(response)) return skip(`the request was accepted: ${describe(response)}`)
      const challenges = challengesToJudge(response)
      if (!Array.isArray(challenges)) return challenges
      const code = challenges.map((c) => paramOf(c, 'error')).find((e) => e !== undefined)
      if (code === undefined) return pass()
      return fail(`expected a Bearer challenge without "error", got \`error="${code}"\``)
    }),
})

const ONCE = ['realm', 'scope', 'error', 'error_description', 'error_uri'] as const

/** @see [RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750.html#section-3) */
export const challengeParamsOnce = defineCheck({
  id: 'rfc6750.3.challenge-params-once',
  clause: 'RFC 6750 §3',
  standard: 'RFC 6750',
  level: 'MUST',
  title: '`realm`, `scope`, `error`, `error_description` and `error_uri` appear at most once',
  reads: [...CHALLENGED, 'resource.token-two-ways'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      if (header(response.headers, 'www-authenticate') === undefined) {
        return skip('no WWW-Authenticate header')
      }
      const challenges = challengesToJudge(response)
      if (!Array.isArray(challenges)) return challenges
      for (const challenge of challenges) {
        for (const name of ONCE) {
          const count = challenge.params.filter(([key]) => key === name).length
          if (count > 1) {
            return fail(
              `expected "${name}" at most once in the Bearer challenge, got it ${count} times`,
            )
          }
        }
      }
      return pass()
    }),
})

/** @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1) */
export const expiredTokenRefused = defineCheck({
  id: 'rfc6750.3.1.expired-token-refused',
  clause: 'RFC 6750 §3.1; RFC 7519 §4.1.4',
  standard: 'RFC 6750',
  level: 'MUST',
  title: 'an expired access token is refused',
  reads: ['resource.expired-token'],
  alsoReads: ['resource.valid-token'],
  judge: ({ exchanges, related }) =>
    meaningfulRefusal(
      judgeEach(lastOf(exchanges), (_, response) => expectNoToken(response, 'an expired token')),
      related,
      'resource.valid-token',
    ),
})

/** @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1) */
export const tamperedTokenRefused = defineCheck({
  id: 'rfc6750.3.1.tampered-token-refused',
  clause: 'RFC 6750 §3.1, §5.2',
  standard: 'RFC 6750',
  level: 'MUST',
  title: 'an altered access token is refused',
  reads: ['resource.tampered-token'],
  alsoReads: ['resource.valid-token'],
  judge: ({ exchanges, related }) =>
    meaningfulRefusal(
      judgeEach(lastOf(exchanges), (_, response) => expectNoToken(response, 'an altered token')),
      related,
      'resource.valid-token',
    ),
})

/** @see [RFC 9068 §4](https://www.rfc-editor.org/rfc/rfc9068.html#section-4) */
export const algNoneRefused = defineCheck({
  id: 'rfc9068.4.alg-none-refused',
  clause: 'RFC 9068 §4; RFC 8725 §3.1',
  standard: 'RFC 9068',
  level: 'MUST',
  title: 'a JWT with `"alg": "none"` is refused',
  reads: ['resource.alg-none-token'],
  alsoReads: ['resource.valid-token'],
  judge: ({ exchanges, related }) =>
    meaningfulRefusal(
      judgeEach(lastOf(exchanges), (_, response) =>
        expectNoToken(response, 'an unsigned (`"alg": "none"`) token'),
      ),
      related,
      'resource.valid-token',
    ),
})

/** @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1) */
export const invalidToken401 = defineCheck({
  id: 'rfc6750.3.1.invalid-token-401',
  clause: 'RFC 6750 §3.1',
  standard: 'RFC 6750',
  level: 'SHOULD',
  title: 'an expired, altered or unsigned token gets 401 with `error="invalid_token"`',
  reads: UNUSABLE,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      expectChallengeError(response, 401, 'invalid_token'),
    ),
})

/** @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1) */
export const insufficientScope403 = defineCheck({
  id: 'rfc6750.3.1.insufficient-scope-403',
  clause: 'RFC 6750 §3.1',
  standard: 'RFC 6750',
  level: 'SHOULD',
  title: 'a token without the scope the resource needs gets 403 `insufficient_scope`',
  reads: ['resource.insufficient-scope'],
  notApplicable: (profile) =>
    (profile.protectedResource?.scopes.length ?? 0) === 0
      ? 'the spec’s protected resource needs no scope'
      : undefined,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      if (isSuccess(response)) {
        return fail(
          `expected \`403\` with \`error="insufficient_scope"\`, got ${describe(response)}`,
        )
      }
      return expectChallengeError(response, 403, 'insufficient_scope')
    }),
})

/** @see [RFC 6750 §2](https://www.rfc-editor.org/rfc/rfc6750.html#section-2) */
export const tokenTwoWays = defineCheck({
  id: 'rfc6750.2.token-two-ways',
  clause: 'RFC 6750 §2, §3.1',
  standard: 'RFC 6750',
  level: 'SHOULD',
  title: 'a token sent in the header and the query at once gets 400 `invalid_request`',
  reads: ['resource.token-two-ways'],
  alsoReads: ['resource.token-in-query'],
  judge: ({ exchanges, related }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      // Two ways at once means something only where the query way works at all (RFC 6750 §2.3
      // lets a resource refuse it): a resource that refuses the query refuses this for that.
      const query = related?.['resource.token-in-query']?.at(-1)?.response
      if (query === undefined) return skip('`resource.token-in-query` was not judged')
      if (!isSuccess(query)) {
        return notApplicable(
          `the resource does not accept a token in the query at all (got ${describe(query)}), so a token sent two ways tests nothing`,
        )
      }
      if (isSuccess(response)) {
        return fail(`expected \`400\` with \`error="invalid_request"\`, got ${describe(response)}`)
      }
      return expectChallengeError(response, 400, 'invalid_request')
    }),
})

/** @see [RFC 6750 §2.3](https://www.rfc-editor.org/rfc/rfc6750.html#section-2.3) */
export const queryCachePrivate = defineCheck({
  id: 'rfc6750.2.3.query-cache-private',
  clause: 'RFC 6750 §2.3',
  standard: 'RFC 6750',
  level: 'SHOULD',
  title: 'a 2xx to a token in the query carries `Cache-Control: private`',
  reads: ['resource.token-in-query'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      // Refusing the query method is allowed: clients SHOULD NOT use it.
      if (!isSuccess(response)) return pass()
      const value = header(response.headers, 'cache-control')
      const directives = cacheDirectives(value ?? '')
      // `no-store` keeps the response out of every cache, which is what `private` is for.
      if (directives.has('private') || directives.has('no-store')) return pass()
      return fail(
        `expected "Cache-Control: private" on a 2xx to a token in the query, got ${value === undefined ? 'no Cache-Control header' : `\`${value}\``}`,
      )
    }),
})
