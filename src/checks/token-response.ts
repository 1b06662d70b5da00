/**
 * The successful token response: RFC 6749 §5.1, and what §3.2, §3.3, §10.10 and Appendix A say of
 * its parameters and tokens.
 */
import { header, type RecordedResponse, type TokenFacts } from '../http/exchange.ts'
import { defineCheck, fail, pass, skip, type Verdict } from './check.ts'
import {
  bodyObject,
  contentType,
  describe,
  cacheDirectives,
  eachSuccess,
  issuedToken,
  judgeEach,
  jwtScope,
  notAnObject,
  requestParam,
  sameSet,
  scopeSet,
  shown,
  tokenFacts,
} from './evidence.ts'
import { repeatedKeys, topLevelKeys } from './json-keys.ts'

/** `setup`: the grants scenarios obtain to use, judged once here. */
const TOKEN_SCENARIOS = ['password.valid', 'refresh.valid', 'setup'] as const

/**
 * @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1)
 */
export const status200 = defineCheck({
  id: 'rfc6749.5.1.status-200',
  clause: 'RFC 6749 §4.3.3, §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a valid password request is answered 200 with an access token',
  reads: ['password.valid'],
  judge: ({ exchanges }) =>
    judgeEach(exchanges, (_, response) =>
      response.status === 200 && issuedToken(response)
        ? pass()
        : fail(`expected \`200\` with an access token, got ${describe(response)}`, {
            expected: '200',
            actual: String(response.status),
          }),
    ),
})

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const jsonMediaType = defineCheck({
  id: 'rfc6749.5.1.json-media-type',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token response is `application/json`',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const type = contentType(response)
      if (type === 'application/json') return pass()
      const got = header(response.headers, 'content-type')
      return fail(
        `expected "Content-Type: application/json", got ${got === undefined ? 'no Content-Type header' : shown(got)}`,
        { expected: 'application/json', actual: got ?? '' },
      )
    }),
})

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const jsonObject = defineCheck({
  id: 'rfc6749.5.1.json-object',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token response body is a JSON object',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      if (bodyObject(response) !== undefined) return pass()
      if (response.json !== undefined) {
        return fail(
          `expected a JSON object, got a JSON ${Array.isArray(response.json) ? 'array' : typeof response.json}`,
        )
      }
      return fail(
        `expected a JSON object, got a body that does not parse as JSON${response.jsonError === undefined ? '' : ` (${response.jsonError})`}`,
      )
    }),
})

/** Judges a token response member that must be a non-empty string. */
function nonEmptyString(name: string, article: 'a' | 'an') {
  return (response: RecordedResponse): Verdict => {
    const body = bodyObject(response)
    if (body === undefined) return notAnObject(response)
    const value = body[name]
    if (typeof value === 'string' && value !== '') return pass()
    return fail(`expected ${article} "${name}" string, got ${shown(value)}`)
  }
}

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const accessToken = defineCheck({
  id: 'rfc6749.5.1.access-token',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token response has an `access_token` string',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) => eachSuccess(exchanges, nonEmptyString('access_token', 'an')),
})

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const tokenType = defineCheck({
  id: 'rfc6749.5.1.token-type',
  clause: 'RFC 6749 §5.1, §7.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token response has a `token_type` string',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) => eachSuccess(exchanges, nonEmptyString('token_type', 'a')),
})

/** @see [RFC 6750 §6.1.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-6.1.1) */
export const tokenTypeBearer = defineCheck({
  id: 'rfc6750.6.1.1.token-type-bearer',
  clause: 'RFC 6750 §6.1.1; RFC 6749 §5.1, §7.1',
  standard: 'RFC 6750',
  level: 'MUST',
  title: 'the token type is `Bearer`, compared case-insensitively',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const value = bodyObject(response)?.['token_type']
      if (typeof value !== 'string') return skip('no "token_type" string to compare')
      // RFC 6749 §5.1: "The value is case insensitive": `bearer` and `BEARER` are `Bearer`.
      if (value.toLowerCase() === 'bearer') return pass()
      return fail(`expected "token_type" \`Bearer\` (in any case), got ${shown(value)}`)
    }),
})

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const expiresInNumber = defineCheck({
  id: 'rfc6749.5.1.expires-in-number',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: '`expires_in`, when present, is a JSON number',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const body = bodyObject(response)
      if (body === undefined) return notAnObject(response)
      if (!('expires_in' in body)) return pass()
      const value = body['expires_in']
      if (typeof value === 'number') return pass()
      return fail(`expected "expires_in" as a JSON number, got ${shown(value)}`, {
        expected: 'number',
        actual: typeof value,
      })
    }),
})

const ONE_YEAR = 366 * 24 * 60 * 60

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const expiresIn = defineCheck({
  id: 'rfc6749.5.1.expires-in',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'SHOULD',
  title: '`expires_in` is there, a positive whole number of seconds',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const body = bodyObject(response)
      if (body === undefined) return notAnObject(response)
      const value = body['expires_in']
      if (value === undefined) return fail('expected "expires_in" (RECOMMENDED), got none')
      // Its JSON type is `rfc6749.5.1.expires-in-number`'s finding; its value is judged here.
      const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
        return fail(`expected "expires_in" a positive integer of seconds, got ${shown(value)}`)
      }
      const jwt = tokenFacts(response, 'access_token')?.jwt?.claims
      const lifetime =
        typeof jwt?.['exp'] === 'number' && typeof jwt['iat'] === 'number'
          ? jwt['exp'] - jwt['iat']
          : undefined
      if (
        lifetime !== undefined &&
        lifetime > 0 &&
        seconds > lifetime * 100 &&
        Math.abs(seconds - lifetime * 1000) <= Math.max(5000, lifetime * 10)
      ) {
        return fail(
          `expected "expires_in" in seconds, got ${shown(value)} where the JWT lives \`${lifetime}\` seconds: milliseconds`,
        )
      }
      if (seconds > ONE_YEAR) {
        return fail(
          `expected "expires_in" in seconds, got ${shown(value)}: over a year, which suggests milliseconds`,
        )
      }
      return pass()
    }),
})

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const cacheControlNoStore = defineCheck({
  id: 'rfc6749.5.1.cache-control-no-store',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token response forbids caching with `Cache-Control: no-store`',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const value = header(response.headers, 'cache-control')
      if (value === undefined) {
        return fail('expected "Cache-Control: no-store", got no Cache-Control header')
      }
      if (!cacheDirectives(value).has('no-store')) {
        return fail(`expected "Cache-Control: no-store", got \`${value}\``)
      }
      return pass()
    }),
})

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const pragmaNoCache = defineCheck({
  id: 'rfc6749.5.1.pragma-no-cache',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token response carries `Pragma: no-cache`',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const value = header(response.headers, 'pragma')
      if (value === undefined) return fail('expected "Pragma: no-cache", got no Pragma header')
      if (!cacheDirectives(value).has('no-cache')) {
        return fail(`expected "Pragma: no-cache", got \`${value}\``)
      }
      return pass()
    }),
})

const STRING_MEMBERS = ['access_token', 'token_type', 'refresh_token', 'scope'] as const

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
export const stringMembers = defineCheck({
  id: 'rfc6749.5.1.string-members',
  clause: 'RFC 6749 §5.1, §3.3',
  standard: 'RFC 6749',
  level: 'MUST',
  title: '`refresh_token` and `scope`, when present, are JSON strings (`scope` space-delimited)',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const body = bodyObject(response)
      if (body === undefined) return notAnObject(response)
      for (const name of STRING_MEMBERS) {
        if (name in body && typeof body[name] !== 'string') {
          return fail(`expected "${name}" as a JSON string, got ${shown(body[name])}`)
        }
      }
      return pass()
    }),
})

/** @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2) */
export const responseParametersOnce = defineCheck({
  id: 'rfc6749.3.2.response-parameters-once',
  clause: 'RFC 6749 §3.2',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'no response parameter is included more than once',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      const keys = bodyObject(response) === undefined ? undefined : topLevelKeys(response.body)
      if (keys === undefined) return notAnObject(response)
      const repeated = repeatedKeys(keys)
      if (repeated.length === 0) return pass()
      return fail(
        `expected each parameter once, got ${repeated.map((name) => `"${name}"`).join(', ')} more than once`,
      )
    }),
})

/** @see [RFC 6749 §3.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.3) */
export const scopeWhenChanged = defineCheck({
  id: 'rfc6749.3.3.scope-when-changed',
  clause: 'RFC 6749 §3.3, §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the response names the scope when it differs from the one requested',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response, exchange) => {
      const body = bodyObject(response)
      if (body === undefined) return notAnObject(response)
      const requested = requestParam(exchange, 'scope')
      // RFC 6749 §5.1: `scope` is OPTIONAL when identical to the request; absent asks nothing.
      if (requested === undefined || requested === '') return pass()
      if (typeof body['scope'] === 'string') return pass()
      const granted = jwtScope(tokenFacts(response, 'access_token'))
      if (granted === undefined || sameSet(granted, scopeSet(requested))) return pass()
      return fail(
        `expected "scope" in the response, since the token's scope \`${[...granted].join(' ')}\` differs from the requested \`${requested}\`, got none`,
      )
    }),
})

const TOKEN_FIELDS = ['access_token', 'refresh_token'] as const

/** A 2xx that carried no token to judge ("access_token" fails it): nothing to pass. */
function noToken(response: RecordedResponse): Verdict {
  return bodyObject(response) === undefined
    ? notAnObject(response)
    : skip('no "access_token" or "refresh_token" string in the response to judge')
}

/** @see [RFC 6749 Appendix A.12](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-A.12) */
export const tokenVschar = defineCheck({
  id: 'rfc6749.A.12.token-vschar',
  clause: 'RFC 6749 Appendix A.12, A.17',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'access and refresh tokens are printable ASCII (VSCHAR, %x20-7E)',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      if (!TOKEN_FIELDS.some((field) => tokenFacts(response, field))) return noToken(response)
      for (const field of TOKEN_FIELDS) {
        const token = tokenFacts(response, field)
        if (token !== undefined && !token.vschar) {
          return fail(
            `expected "${field}" of VSCHAR characters only (%x20-7E), got one with other characters`,
          )
        }
      }
      return pass()
    }),
})

const BITS_PER_CHARACTER: Record<TokenFacts['alphabet'], number> = {
  hex: 4,
  base64url: 6,
  base64: 6,
  vschar: Math.log2(95),
  other: 8,
}

/** At most how many bits of entropy a token can carry, from its length and alphabet. */
export function entropyBound(token: TokenFacts): number {
  return token.length * BITS_PER_CHARACTER[token.alphabet]
}

/** @see [RFC 6749 §10.10](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.10) */
export const tokenEntropy = defineCheck({
  id: 'rfc6749.10.10.token-entropy',
  clause: 'RFC 6749 §10.10',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'tokens cannot be guessed: at least 128 bits of entropy',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges }) =>
    eachSuccess(exchanges, (response) => {
      if (!TOKEN_FIELDS.some((field) => tokenFacts(response, field))) return noToken(response)
      for (const field of TOKEN_FIELDS) {
        const token = tokenFacts(response, field)
        if (token === undefined) continue
        // A signed JWT is unguessable through its signature; an unsigned one is forged at will.
        if (token.jwt !== undefined) {
          if (token.jwt.signatureBytes >= 16) continue
          return fail(
            `expected "${field}" to be unguessable, got a JWT with a ${token.jwt.signatureBytes}-byte signature`,
          )
        }
        const bits = Math.floor(entropyBound(token))
        if (bits < 128) {
          return fail(
            `expected "${field}" to carry at least 128 bits of entropy, got ${token.length} ${token.alphabet} characters (at most ${bits} bits)`,
          )
        }
      }
      return pass()
    }),
})
