/**
 * Hand-built JWTs for attacks on the mock's protected resource: unsigned, HMAC-keyed with the
 * public key, re-signed by another key, or tampered with after signing. Every token is built
 * byte by byte here, so a test says exactly what it sends.
 */
import { constants, createHmac, createPublicKey, KeyObject, sign } from 'node:crypto'
import type { CryptoKey, JWK } from 'jose'

export type Json = Record<string, unknown>

export function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url')
}

function segment(value: Json): string {
  return b64url(JSON.stringify(value))
}

/** The header and payload of a compact JWS, decoded. */
export function partsOf(token: string): { header: Json; payload: Json; signature: string } {
  const [header, payload, signature] = token.split('.')
  if (header === undefined || payload === undefined || signature === undefined) {
    throw new Error(`expected a compact JWS, got \`${token.slice(0, 40)}…\``)
  }
  const decode = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json
  return { header: decode(header), payload: decode(payload), signature }
}

/** `header.payload.` (RFC 7519 §6.1's unsecured JWT), or without the final dot. */
export function unsigned(header: Json, payload: Json, trailingDot = true): string {
  return `${segment(header)}.${segment(payload)}${trailingDot ? '.' : ''}`
}

/** An HS256 JWS whose HMAC key is the given bytes: the key-confusion attack of RFC 8725 §2.1. */
export function hmacSigned(header: Json, payload: Json, secret: Buffer | string): string {
  const input = `${segment(header)}.${segment(payload)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

const RSA_ALGORITHMS: Record<string, { hash: string; pss: boolean }> = {
  RS256: { hash: 'sha256', pss: false },
  RS384: { hash: 'sha384', pss: false },
  RS512: { hash: 'sha512', pss: false },
  PS256: { hash: 'sha256', pss: true },
}

/**
 * A JWS signed with an RSA private key under whatever the header says, written here rather than
 * with jose (which refuses a key for an algorithm it was not made for, and unknown `crit`).
 */
export function keySigned(header: Json, payload: Json, key: CryptoKey): string {
  const algorithm = RSA_ALGORITHMS[String(header['alg'])]
  if (algorithm === undefined)
    throw new Error(`expected an RSA "alg", got \`${String(header['alg'])}\``)
  const input = `${segment(header)}.${segment(payload)}`
  const signature = sign(algorithm.hash, Buffer.from(input), {
    key: KeyObject.from(key),
    ...(algorithm.pss
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { padding: constants.RSA_PKCS1_PADDING }),
  })
  return `${input}.${signature.toString('base64url')}`
}

/** A token whose payload is replaced while its header and signature are kept. */
export function withPayload(token: string, payload: Json): string {
  const [header, , signature] = token.split('.')
  return `${header}.${segment(payload)}.${signature}`
}

/** A token whose header is replaced while its payload and signature are kept. */
export function withHeader(token: string, header: Json): string {
  const [, payload, signature] = token.split('.')
  return `${segment(header)}.${payload}.${signature}`
}

/** The forms of a public key an attacker might feed an HMAC as its secret. */
export const PUBLIC_KEY_FORMS = [
  'the JWK JSON as served',
  'the JWK JSON of e, kty and n only',
  'the SPKI PEM',
  'the SPKI PEM without its final newline',
  'the PKCS#1 PEM',
  'the SPKI DER',
  'the PKCS#1 DER',
  'the modulus n (base64url)',
] as const

export type PublicKeyForm = (typeof PUBLIC_KEY_FORMS)[number]

/** The public key of a JWKS entry in each of `PUBLIC_KEY_FORMS`. */
export function publicKeyForms(jwk: JWK): Record<PublicKeyForm, Buffer | string> {
  const key = createPublicKey({ key: { ...jwk }, format: 'jwk' })
  const spkiPem = key.export({ type: 'spki', format: 'pem' }).toString()
  return {
    'the JWK JSON as served': JSON.stringify(jwk),
    'the JWK JSON of e, kty and n only': JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }),
    'the SPKI PEM': spkiPem,
    'the SPKI PEM without its final newline': spkiPem.trimEnd(),
    'the PKCS#1 PEM': key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    'the SPKI DER': key.export({ type: 'spki', format: 'der' }),
    'the PKCS#1 DER': key.export({ type: 'pkcs1', format: 'der' }),
    'the modulus n (base64url)': String(jwk.n),
  }
}
