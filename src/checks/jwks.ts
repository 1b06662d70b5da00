/**
 * The JWK Set the token signing keys are published in (`jwks_uri`, OpenID Connect Discovery 1.0
 * §3; RFC 7517 §5).
 */
import type { Profile } from '../openapi/profile.ts'
import { defineCheck, fail, pass, skip } from './check.ts'
import { jsonObjectResponse } from './discovery.ts'
import { bodyObject, describe, isObject, isSuccess, judgeEach, lastOf, shown } from './evidence.ts'

function noJwks(profile: Profile): string | undefined {
  return profile.jwks === undefined ? 'the spec documents no key set' : undefined
}

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const jwksKeys = defineCheck({
  id: 'oidc-discovery.3.jwks-keys',
  clause: 'OpenID Connect Discovery 1.0 §3 (jwks_uri); RFC 7517 §5',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: 'the key set is a 200 JSON object whose `keys` are JWKs with a `kty`',
  reads: ['discovery.jwks'],
  notApplicable: noJwks,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      const shape = jsonObjectResponse(response)
      if (shape.outcome !== 'pass') return shape
      const keys = bodyObject(response)?.['keys']
      if (!Array.isArray(keys)) return fail(`expected a "keys" array, got ${shown(keys)}`)
      const bad = keys.findIndex((key) => !isObject(key) || typeof key['kty'] !== 'string')
      if (bad === -1) return pass()
      return fail(
        `expected every key to be a JWK object with a "kty" string, got ${shown(keys[bad])} at "keys/${bad}"`,
      )
    }),
})

/** Members that only private or symmetric keys have (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const jwksPublicOnly = defineCheck({
  id: 'oidc-discovery.3.jwks-public-only',
  clause: 'OpenID Connect Discovery 1.0 §3 (jwks_uri)',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: 'the key set has no private or symmetric key values',
  reads: ['discovery.jwks'],
  notApplicable: noJwks,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      if (!isSuccess(response)) return skip(`no key set to judge: got ${describe(response)}`)
      const keys = bodyObject(response)?.['keys']
      if (!Array.isArray(keys)) return skip('no "keys" array')
      for (const [index, key] of keys.entries()) {
        if (!isObject(key)) continue
        const leaked = PRIVATE_MEMBERS.filter((name) => name in key)
        if (leaked.length > 0) {
          return fail(
            `expected public keys only, got ${leaked.map((n) => `"${n}"`).join(', ')} in "keys/${index}"${typeof key['kid'] === 'string' ? ` (kid \`${key['kid']}\`)` : ''}: anyone can sign tokens with it`,
          )
        }
      }
      return pass()
    }),
})
