import { createHash } from 'node:crypto'
import type { TokenFacts } from './exchange.ts'

/** The response members that carry tokens (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). */
export const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const
export type TokenField = (typeof TOKEN_FIELDS)[number]

const ALPHABETS: readonly [TokenFacts['alphabet'], RegExp][] = [
  ['hex', /^[0-9a-fA-F]+$/],
  ['base64url', /^[A-Za-z0-9_-]+$/],
  ['base64', /^[A-Za-z0-9+/]+={0,2}$/],
  ['vschar', /^[\x20-\x7e]+$/],
]

/**
 * What checks may know of a token, computed from the real value before it is redacted.
 * @see [RFC 6749 Appendix A.12](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-A.12)
 * @see [RFC 6749 §10.10](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.10)
 */
export function tokenFacts(field: string, token: string): TokenFacts {
  const jwt = decodeJws(token)
  return {
    field,
    length: token.length,
    fingerprint: fingerprint(token),
    vschar: /^[\x20-\x7e]+$/.test(token),
    alphabet: ALPHABETS.find(([, pattern]) => pattern.test(token))?.[0] ?? 'other',
    ...(jwt === undefined ? {} : { jwt }),
  }
}

/** The first 16 hex digits of the token's SHA-256: equal tokens, equal fingerprints. */
export function fingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 16)
}

/**
 * A JWS compact serialisation's header and claims, or undefined when the token is not one.
 * @see [RFC 7515 §7.1](https://www.rfc-editor.org/rfc/rfc7515.html#section-7.1)
 */
export function decodeJws(token: string): TokenFacts['jwt'] {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const [header, claims, signature] = parts as [string, string, string]
  if (![header, claims, signature].every((part) => /^[A-Za-z0-9_-]*$/.test(part))) return undefined
  const decodedHeader = parseObject(header)
  const decodedClaims = parseObject(claims)
  if (decodedHeader === undefined || decodedClaims === undefined) return undefined
  return {
    header: decodedHeader,
    claims: decodedClaims,
    signatureBytes: Buffer.from(signature, 'base64url').length,
  }
}

function parseObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
