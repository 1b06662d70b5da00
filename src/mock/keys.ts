import { randomBytes, randomUUID } from 'node:crypto'
import { exportJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose'
import { startKeyPair } from './key-pair.ts'

/**
 * The mock's signing key: a key pair no other run signs with (src/mock/key-pair.ts), so tokens of
 * another run never verify.
 */
export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK
}

/**
 * A signing key for one mock: its own `kid` (a token of another mock names another key and is
 * refused), on the process's one RSA key pair. Generating a 2048-bit pair takes a thread of the
 * pool for up to seconds on a busy machine, and signing waits for the same pool: five mocks of a
 * run generating five pairs would hold up their first tokens.
 */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await startKeyPair()
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
  /** The user's own claims (a users file's `claims`); never one of the claims above. */
  extra?: Readonly<Record<string, unknown>>
}

/**
 * A JWT access token as RFC 9068 §2 shapes one: `typ: at+jwt`, RS256, `kid`, and the claims
 * `iss`, `sub`, `aud`, `exp`, `iat`, `jti`, `client_id`, `scope`; `exp - iat` is the lifetime.
 * @see [RFC 9068 §2](https://www.rfc-editor.org/rfc/rfc9068.html#section-2)
 */
export async function signAccessToken(key: SigningKey, claims: AccessClaims): Promise<string> {
  const iat = Math.floor(Date.now() / 1000)
  return new SignJWT({
    ...claims.extra,
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

export interface IdTokenClaims {
  iss: string
  sub: string
  /** The client id (OpenID Connect Core 1.0 §2). */
  aud: string
  authTime: number
  lifetime: number
  nonce?: string
  extra?: Readonly<Record<string, unknown>>
}

/**
 * An OpenID Connect id_token: RS256 (the default of OpenID Connect Discovery 1.0 §3), `typ: JWT`,
 * with `iss`, `sub`, `aud` (the client id), `exp`, `iat`, `auth_time`, `nonce` when the
 * authentication request had one, and the user's own claims.
 * @see [OpenID Connect Core 1.0 §2](https://openid.net/specs/openid-connect-core-1_0.html#IDToken)
 */
export async function signIdToken(key: SigningKey, claims: IdTokenClaims): Promise<string> {
  const iat = Math.floor(Date.now() / 1000)
  return new SignJWT({
    ...claims.extra,
    auth_time: claims.authTime,
    ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(claims.iss)
    .setAudience(claims.aud)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.lifetime)
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
