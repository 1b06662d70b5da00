import { randomBytes, randomUUID } from 'node:crypto'
import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose'

/** The mock's signing key: generated at start, so tokens of another run never verify. */
export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const kid = `tokencheck-${randomBytes(6).toString('hex')}`
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' }
  return { kid, privateKey, publicKey, publicJwk }
}

export interface AccessClaims {
  iss: string
  aud: string
  sub: string
  clientId: string
  scope: string
  lifetime: number
}

/**
 * A JWT access token as RFC 9068 §2 shapes one: `typ: at+jwt`, RS256, `kid`, and the claims
 * `iss`, `sub`, `aud`, `exp`, `iat`, `jti`, `client_id`, `scope`; `exp - iat` is the lifetime.
 * @see [RFC 9068 §2](https://www.rfc-editor.org/rfc/rfc9068.html#section-2)
 */
export async function signAccessToken(key: SigningKey, claims: AccessClaims): Promise<string> {
  const iat = Math.floor(Date.now() / 1000)
  return new SignJWT({
    client_id: claims.clientId,
    ...(claims.scope === '' ? {} : { scope: claims.scope }),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: key.kid })
    .setIssuer(claims.iss)
    .setAudience(claims.aud)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.lifetime)
    .setJti(randomUUID())
    .sign(key.privateKey)
}

export type Verified = { ok: true; claims: JWTPayload } | { ok: false; reason: string }

/**
 * Verifies an access token the way a resource server must (RFC 9068 §4): signed by this key
 * with RS256 only (so `alg: none` and an HS256 token keyed with the public key both fail), the
 * known `kid`, type `at+jwt`, an issuer and audience this mock issued, not expired, not before
 * its `nbf`.
 * @see [RFC 9068 §4](https://www.rfc-editor.org/rfc/rfc9068.html#section-4)
 */
export async function verifyAccessToken(
  key: SigningKey,
  token: string,
  accepted: { issuers: readonly string[]; audiences: readonly string[] },
): Promise<Verified> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, {
      algorithms: ['RS256'],
      typ: 'at+jwt',
      issuer: [...accepted.issuers],
      audience: [...accepted.audiences],
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    })
    if (protectedHeader.kid !== key.kid)
      return { ok: false, reason: 'the token names an unknown key' }
    return { ok: true, claims: payload }
  } catch (error) {
    return { ok: false, reason: reasonOf(error) }
  }
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'the access token expired'
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the access token signature does not verify'
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the access token is not signed with RS256'
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `the access token ${(error as { claim?: string }).claim === 'nbf' ? 'is not valid yet' : `has a wrong "${(error as { claim?: string }).claim}" claim`}`
    default:
      return 'the access token is malformed'
  }
}
