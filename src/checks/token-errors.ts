/**
 * Error responses of the token endpoint: their form (RFC 6749 §5.2) across every scenario that
 * provokes one, and the codes of bad credentials, an unknown grant and an unknown scope.
 */
import { header, type Exchange, type RecordedResponse } from '../http/exchange.ts'
import { defineCheck, fail, pass, skip, type JudgeInput, type Verdict } from './check.ts'
import {
  bodyObject,
  contentType,
  describe,
  isSuccess,
  notAnObject,
  judgeEach,
  lastOf,
  oneOf,
  shown,
  tokenFacts,
} from './evidence.ts'
import { expectRefusal } from './refusal.ts'

/** Every scenario whose requests the token endpoint must refuse with an RFC 6749 §5.2 error. */
export const TOKEN_ERROR_SCENARIOS = [
  'password.wrong-password',
  'password.unknown-user',
  'password.repeated-wrong-password',
  'password.special-characters-unencoded',
  'grant.missing',
  'grant.empty',
  'grant.unsupported',
  'params.missing-username',
  'params.missing-password',
  'params.duplicated',
  'params.in-query',
  'body.json',
  'body.other-media-type',
  'client.none',
  'client.no-identification',
  'client.wrong-secret-basic',
  'client.wrong-secret-body',
  'client.basic-and-body',
  'scope.invalid',
  'refresh.reused',
  'refresh.garbage',
  'refresh.access-token',
  'refresh.other-client',
  'refresh.no-client-auth',
  'refresh.wider-scope',
] as const

/** RFC 6749 §5.2's codes, the only ones a password or refresh grant error can carry. */
export const TOKEN_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
] as const

/**
 * Judges the scenario's 4xx responses: RFC 6749 §5.2 says how the token endpoint answers an
 * error, whatever its status (400 and 401 are the ones it names; a 403, 405, 415 or 422 from the
 * same endpoint is still its error response). A 429 is a fault no check judges (unjudgeable.ts).
 */
export function eachError(
  exchanges: readonly Exchange[],
  judge: (response: RecordedResponse) => Verdict,
): Verdict {
  const errors = exchanges.filter(
    (e) => e.response !== undefined && e.response.status >= 400 && e.response.status < 500,
  )
  if (errors.length === 0) {
    const last = exchanges.at(-1)?.response
    return skip(`no 4xx error response to judge${last ? `: got ${describe(last)}` : ''}`)
  }
  return judgeEach(errors, (_, response) => judge(response))
}

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const errorMediaType = defineCheck({
  id: 'rfc6749.5.2.error-media-type',
  clause: 'RFC 6749 §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'token endpoint errors are `application/json`',
  reads: TOKEN_ERROR_SCENARIOS,
  judge: ({ exchanges }) =>
    eachError(exchanges, (response) => {
      if (contentType(response) === 'application/json') return pass()
      const got = header(response.headers, 'content-type')
      return fail(
        `expected "Content-Type: application/json", got ${got === undefined ? 'no Content-Type header' : shown(got)}`,
        { expected: 'application/json', actual: got ?? '' },
      )
    }),
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const errorCode = defineCheck({
  id: 'rfc6749.5.2.error-code',
  clause: 'RFC 6749 §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'token endpoint errors carry an `error` code from RFC 6749’s list',
  reads: TOKEN_ERROR_SCENARIOS,
  judge: ({ exchanges }) =>
    eachError(exchanges, (response) => {
      const value = bodyObject(response)?.['error']
      if (typeof value === 'string' && (TOKEN_ERROR_CODES as readonly string[]).includes(value)) {
        return pass()
      }
      const got =
        response.jsonError === undefined
          ? shown(value)
          : `a body that is not valid JSON (${response.jsonError})`
      return fail(`expected "error" ${oneOf(TOKEN_ERROR_CODES)}, got ${got}`, {
        expected: TOKEN_ERROR_CODES.join(' | '),
        actual: value === undefined ? 'none' : String(value),
      })
    }),
})

/** %x20-21 / %x23-5B / %x5D-7E: printable ASCII without `"` and `\`. */
const ERROR_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/
/** %x21 / %x23-5B / %x5D-7E: the same without the space. */
const ERROR_URI = /^[\x21\x23-\x5b\x5d-\x7e]*$/

function firstOutside(value: string, allowed: RegExp): string {
  for (const char of value) if (!allowed.test(char)) return char
  return ''
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const errorCharacters = defineCheck({
  id: 'rfc6749.5.2.error-characters',
  clause: 'RFC 6749 §5.2, Appendix A.7, A.8',
  standard: 'RFC 6749',
  level: 'MUST',
  title: '`error` and `error_description` use only %x20-21 / %x23-5B / %x5D-7E',
  reads: TOKEN_ERROR_SCENARIOS,
  judge: ({ exchanges }) =>
    eachError(exchanges, (response) => {
      const body = bodyObject(response)
      if (body === undefined) return notAnObject(response)
      for (const name of ['error', 'error_description'] as const) {
        const value = body[name]
        if (value === undefined || (name === 'error' && typeof value !== 'string')) continue
        if (typeof value !== 'string') {
          return fail(`expected "${name}" as a string, got ${shown(value)}`)
        }
        if (!ERROR_TEXT.test(value)) {
          const char = firstOutside(value, /[\x20\x21\x23-\x5b\x5d-\x7e]/)
          return fail(
            `expected "${name}" of %x20-21 / %x23-5B / %x5D-7E only, got ${codePoint(char)} (\`${char}\`) in ${shown(value)}`,
          )
        }
      }
      return pass()
    }),
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const errorUri = defineCheck({
  id: 'rfc6749.5.2.error-uri',
  clause: 'RFC 6749 §5.2, Appendix A.9',
  standard: 'RFC 6749',
  level: 'MUST',
  title: '`error_uri`, when present, is a URI of %x21 / %x23-5B / %x5D-7E',
  reads: TOKEN_ERROR_SCENARIOS,
  judge: ({ exchanges }) =>
    eachError(exchanges, (response) => {
      const body = bodyObject(response)
      if (body === undefined) return notAnObject(response)
      const value = body['error_uri']
      if (value === undefined) return pass()
      if (typeof value !== 'string' || value === '' || !ERROR_URI.test(value)) {
        return fail(`expected "error_uri" a URI of %x21 / %x23-5B / %x5D-7E, got ${shown(value)}`)
      }
      return pass()
    }),
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const noServerError = defineCheck({
  id: 'rfc6749.5.2.no-server-error',
  clause: 'RFC 6749 §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'a request the server refuses gets a 4xx error, never a 5xx or a redirect',
  reads: TOKEN_ERROR_SCENARIOS,
  judge: ({ exchanges }) =>
    judgeEach(exchanges, (_, response) => {
      if (isSuccess(response) || (response.status >= 400 && response.status < 500)) return pass()
      return fail(`expected a 4xx error response, got ${describe(response)}`, {
        expected: '4xx',
        actual: String(response.status),
      })
    }),
})

/** True when a grant of the run carried a `refresh_token`. */
function issuedRefreshToken(related: JudgeInput['related']): boolean {
  return Object.values(related ?? {}).some((exchanges) =>
    (exchanges ?? []).some(
      (exchange) =>
        exchange.response !== undefined &&
        tokenFacts(exchange.response, 'refresh_token') !== undefined,
    ),
  )
}

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const invalidGrant = defineCheck({
  id: 'rfc6749.5.2.invalid-grant',
  clause: 'RFC 6749 §4.3.3, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title:
    'a wrong password, an unknown user, or a refresh token the server never issued (an access token among them) gets 400 `invalid_grant`',
  reads: [
    'password.wrong-password',
    'password.unknown-user',
    'refresh.garbage',
    'refresh.access-token',
  ],
  alsoReads: ['password.valid', 'setup'],
  judge: ({ exchanges, related }) =>
    judgeEach(lastOf(exchanges), (exchange, response) =>
      expectRefusal(response, {
        statuses: [400],
        // A server that issued no refresh token has no refresh grant: it may refuse the grant
        // type itself (RFC 6749 §5.2 `unsupported_grant_type`, `unauthorized_client`).
        errors:
          exchange.scenario === 'refresh.garbage' && !issuedRefreshToken(related)
            ? ['invalid_grant', 'unsupported_grant_type', 'unauthorized_client']
            : ['invalid_grant'],
      }),
    ),
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const unsupportedGrantType = defineCheck({
  id: 'rfc6749.5.2.unsupported-grant-type',
  clause: 'RFC 6749 §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'an unknown grant type gets 400 `unsupported_grant_type`',
  reads: ['grant.unsupported'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      expectRefusal(response, { statuses: [400], errors: ['unsupported_grant_type'] }),
    ),
})

/** @see [RFC 6749 §3.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.3) */
export const invalidScope = defineCheck({
  id: 'rfc6749.5.2.invalid-scope',
  clause: 'RFC 6749 §3.3, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title:
    'an unknown scope gets 400 `invalid_scope`, or a token whose `scope` says what was granted',
  reads: ['scope.invalid'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      // RFC 6749 §3.3: the server MAY ignore the scope it does not know, but then the granted
      // scope differs from the requested one and MUST be in the response.
      if (isSuccess(response)) {
        if (typeof bodyObject(response)?.['scope'] === 'string') return pass()
        return fail(
          `expected 400 "error" \`invalid_scope\`, or a token with a "scope" member naming what was granted, got ${describe(response)} and no "scope"`,
        )
      }
      return expectRefusal(response, { statuses: [400], errors: ['invalid_scope'] })
    }),
})
