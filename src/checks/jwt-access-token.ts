/**
 * Access tokens that are JWTs: signed (RFC 9068 §2.1), declared as RFC 9068 tokens, with the
 * claims the profile requires (§2.2), a lifetime that agrees with `expires_in`, and a key the key
 * set publishes (§4). RFC 6749 §1.4 leaves the token format to the server, so the claims are
 * judged only on tokens that declare the profile with `typ: at+jwt`.
 */
import type { RecordedResponse, TokenFacts } from '../http/exchange.ts'
import type { Profile } from '../openapi/profile.ts'
import { defineCheck, fail, notApplicable, pass, skip, type Verdict } from './check.ts'
import { bodyObject, isObject, shown, tokenFacts } from './evidence.ts'
import { eachSuccess } from './evidence.ts'

/** `setup`: the grants scenarios obtain to use, judged once here. */
const TOKEN_SCENARIOS = ['password.valid', 'refresh.valid', 'setup'] as const

type Jwt = NonNullable<TokenFacts['jwt']>

/**
 * Judges the access token of each successful response, when RFC 9068 applies to it: the token
 * declares the profile (`typ: at+jwt`) or the spec says the server issues JWT access tokens. The
 * same rule for every RFC 9068 check: all of them judge a token, or none does.
 */
function eachJwt(
  exchanges: Parameters<typeof eachSuccess>[0],
  profile: Profile,
  judge: (jwt: Jwt, response: RecordedResponse) => Verdict,
): Verdict {
  return eachSuccess(exchanges, (response) => {
    const token = tokenFacts(response, 'access_token')
    if (token === undefined) return skip('no access token')
    const promised = profile.tokenFormat.value === 'jwt'
    if (token.jwt === undefined) {
      return promised
        ? skip(
            'the access token is not a JWT (`rfc9068.2.1.typ-at-jwt` and the spec checks say so)',
          )
        : notApplicable('the access token is not a JWT and the spec does not say it issues one')
    }
    if (!promised && !declaresRfc9068(token.jwt)) {
      return notApplicable(
        `the token does not declare RFC 9068 ("typ" ${shown(token.jwt.header['typ'])}) and the spec does not say it issues JWT access tokens`,
      )
    }
    return judge(token.jwt, response)
  })
}

/** RFC 9068 §2.1: `at+jwt`, or the full media type `application/at+jwt`. */
export function declaresRfc9068(jwt: Jwt): boolean {
  const typ = jwt.header['typ']
  return typeof typ === 'string' && ['at+jwt', 'application/at+jwt'].includes(typ.toLowerCase())
}

/** @see [RFC 9068 §2.1](https://www.rfc-editor.org/rfc/rfc9068.html#section-2.1) */
export const jwtSigned = defineCheck({
  id: 'rfc9068.2.1.signed',
  clause: 'RFC 9068 §2.1; RFC 8725 §3.1',
  standard: 'RFC 9068',
  level: 'MUST',
  title: 'a JWT access token is signed, never `"alg": "none"`',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachJwt(exchanges, profile, (jwt) => {
      const alg = jwt.header['alg']
      if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
        return fail(`expected a signing "alg" in the JWT header, got ${shown(alg)}`)
      }
      if (jwt.signatureBytes === 0) {
        return fail(`expected a signature for "alg" \`${alg}\`, got an empty one`)
      }
      return pass()
    }),
})

/** @see [RFC 9068 §2.1](https://www.rfc-editor.org/rfc/rfc9068.html#section-2.1) */
export const jwtTyp = defineCheck({
  id: 'rfc9068.2.1.typ-at-jwt',
  clause: 'RFC 9068 §2.1',
  standard: 'RFC 9068',
  level: 'SHOULD',
  title: 'a JWT access token declares itself with `"typ": "at+jwt"`',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachJwt(exchanges, profile, (jwt) =>
      declaresRfc9068(jwt)
        ? pass()
        : fail(`expected "typ" \`at+jwt\` in the JWT header, got ${shown(jwt.header['typ'])}`),
    ),
})

const CLAIM_TYPES: Record<string, (value: unknown) => boolean> = {
  iss: (v) => typeof v === 'string',
  exp: (v) => typeof v === 'number',
  aud: (v) => typeof v === 'string' || (Array.isArray(v) && v.every((a) => typeof a === 'string')),
  sub: (v) => typeof v === 'string',
  client_id: (v) => typeof v === 'string',
  iat: (v) => typeof v === 'number',
  jti: (v) => typeof v === 'string',
}

/** @see [RFC 9068 §2.2](https://www.rfc-editor.org/rfc/rfc9068.html#section-2.2) */
export const requiredClaims = defineCheck({
  id: 'rfc9068.2.2.required-claims',
  clause: 'RFC 9068 §2.2',
  standard: 'RFC 9068',
  level: 'MUST',
  title: 'an RFC 9068 token has `iss`, `exp`, `aud`, `sub`, `client_id`, `iat` and `jti`',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachJwt(exchanges, profile, (jwt) => {
      const missing = Object.keys(CLAIM_TYPES).filter((name) => jwt.claims[name] === undefined)
      if (missing.length > 0) {
        return fail(`expected the claims ${missing.map((n) => `"${n}"`).join(', ')}, got none`)
      }
      for (const [name, valid] of Object.entries(CLAIM_TYPES)) {
        if (!valid(jwt.claims[name])) {
          return fail(
            `expected "${name}" of the type RFC 7519 gives it, got ${shown(jwt.claims[name])}`,
          )
        }
      }
      return pass()
    }),
})

/** @see [RFC 9068 §2.2](https://www.rfc-editor.org/rfc/rfc9068.html#section-2.2) */
export const lifetimeAgrees = defineCheck({
  id: 'rfc9068.2.2.lifetime-agrees',
  clause: 'RFC 9068 §2.2; RFC 6749 §5.1',
  standard: 'RFC 9068',
  level: 'ADVISORY',
  title: '`exp - iat` of a JWT access token agrees with `expires_in`',
  reads: TOKEN_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachJwt(exchanges, profile, (jwt, response) => {
      const { exp, iat } = jwt.claims
      const expiresIn = bodyObject(response)?.['expires_in']
      if (typeof exp !== 'number' || typeof iat !== 'number')
        return skip('no numeric "exp" and "iat"')
      if (typeof expiresIn !== 'number') return skip('no numeric "expires_in"')
      const lifetime = exp - iat
      // A few seconds of slack: the server may count from the request rather than the signature.
      if (Math.abs(lifetime - expiresIn) <= Math.max(5, expiresIn * 0.01)) return pass()
      return fail(
        `expected "exp" - "iat" to be about "expires_in" \`${expiresIn}\`, got \`${lifetime}\``,
      )
    }),
})

/** @see [RFC 9068 §4](https://www.rfc-editor.org/rfc/rfc9068.html#section-4) */
export const keyPublished = defineCheck({
  id: 'rfc9068.4.key-published',
  clause: 'RFC 9068 §4; RFC 7515 §4.1.4',
  standard: 'RFC 9068',
  level: 'ADVISORY',
  title: 'the key that signed a JWT access token is in the published key set',
  reads: ['password.valid'],
  alsoReads: ['discovery.jwks'],
  judge: ({ exchanges, profile, related }) => {
    const jwks = related?.['discovery.jwks']?.at(-1)?.response
    const keys = jwks === undefined ? undefined : bodyObject(jwks)?.['keys']
    return eachJwt(exchanges, profile, (jwt) => {
      if (!Array.isArray(keys)) return skip('the run supplied no key set to compare with')
      const kid = jwt.header['kid']
      const kids = keys.flatMap((key) =>
        isObject(key) && typeof key['kid'] === 'string' ? [key['kid']] : [],
      )
      if (kid === undefined) {
        return keys.length === 1
          ? pass()
          : fail(`expected a "kid" in the JWT header to choose among ${keys.length} keys, got none`)
      }
      if (kids.includes(kid as string)) return pass()
      return fail(
        `expected "kid" ${shown(kid)} in the key set, got ${kids.map((k) => `\`${k}\``).join(', ') || 'keys without a "kid"'}`,
      )
    })
  },
})
