import type { IncomingMessage } from 'node:http'
import { createHash, randomBytes } from 'node:crypto'
import type { Authority } from './authority.ts'
import { single, type FormParams } from './form.ts'
import { fault, type OAuthFault } from './respond.ts'
import { issue, type Issued } from './issue.ts'
import type { MockClient } from './users.ts'

/** What an authorization code stands for, bound to its client, redirect URI and PKCE challenge. */
export interface CodeGrant {
  username: string
  clientId: string
  redirectUri: string
  /** The S256 `code_challenge` (RFC 7636 §4.2), when the request had one. */
  codeChallenge?: string
  scope: string
  nonce?: string
  /** When the user signed in, in seconds since the epoch. */
  authTime: number
  /** The refresh-token family the code's tokens start: revoked if the code is replayed. */
  family: string
}

/**
 * Authorization codes: 256 random bits, used once, living {@link CODE_LIFETIME_MS} (RFC 6749
 * §4.1.2 recommends at most ten minutes); a code presented twice revokes what it issued.
 * @see [RFC 6749 §4.1.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1.2)
 */
export class CodeStore {
  readonly #codes = new Map<string, CodeGrant & { expiresAt: number; used: boolean }>()
  readonly #lifetimeMs: number

  constructor(lifetimeMs = CODE_LIFETIME_MS) {
    this.#lifetimeMs = lifetimeMs
  }

  issue(grant: CodeGrant): string {
    this.sweep()
    const code = randomBytes(32).toString('base64url')
    this.#codes.set(code, { ...grant, expiresAt: Date.now() + this.#lifetimeMs, used: false })
    return code
  }

  /** Takes a code once; a second time it is a replay (`used`) and stays so until it expires. */
  take(
    code: string,
  ):
    | { ok: true; grant: CodeGrant }
    | { ok: false; reason: 'unknown' | 'expired' | 'used'; family?: string } {
    const entry = this.#codes.get(code)
    if (entry === undefined) return { ok: false, reason: 'unknown' }
    if (entry.used) return { ok: false, reason: 'used', family: entry.family }
    if (entry.expiresAt <= Date.now()) return { ok: false, reason: 'expired' }
    entry.used = true
    return { ok: true, grant: entry }
  }

  /** Forgets expired codes, used or not: state stays bounded by the codes of the last minute. */
  sweep(now = Date.now()): void {
    for (const [code, entry] of this.#codes) if (entry.expiresAt <= now) this.#codes.delete(code)
  }
}

/** One minute: enough to follow a redirect, short enough that a leaked code is soon worthless. */
export const CODE_LIFETIME_MS = 60_000

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

/** The S256 transformation of a verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/**
 * The authorization code grant at the token endpoint: the code once, for the client it was issued
 * to, with the same `redirect_uri`, and the PKCE verifier of its challenge (RFC 7636 §4.6); a
 * verifier without a challenge is refused too, so PKCE cannot be downgraded (RFC 9700 §2.1.1).
 * @see [RFC 6749 §4.1.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1.3)
 */
export async function authorizationCodeGrant(
  authority: Authority,
  req: IncomingMessage,
  params: FormParams,
  client: MockClient,
): Promise<{ issued: Issued } | OAuthFault> {
  const codes = authority.codes
  if (codes === undefined)
    return fault(400, 'unsupported_grant_type', 'the grant type is not supported')
  const code = single(params, 'code')
  const redirectUri = single(params, 'redirect_uri')
  const verifier = single(params, 'code_verifier')
  if (code === undefined) return fault(400, 'invalid_request', 'missing "code"')
  if (redirectUri === undefined) return fault(400, 'invalid_request', 'missing "redirect_uri"')
  if (verifier !== undefined && !VERIFIER.test(verifier)) {
    return fault(400, 'invalid_request', 'the code_verifier is not 43 to 128 unreserved characters')
  }
  const taken = codes.take(code)
  if (!taken.ok) {
    // RFC 6749 §4.1.2: a code used twice revokes the tokens it issued (here, its refresh tokens).
    if (taken.family !== undefined) authority.refresh.revokeFamily(taken.family)
    return fault(400, 'invalid_grant', CODE_REFUSALS[taken.reason])
  }
  const grant = taken.grant
  if (grant.clientId !== client.clientId) {
    return fault(400, 'invalid_grant', 'the code was issued to another client')
  }
  if (grant.redirectUri !== redirectUri) {
    return fault(400, 'invalid_grant', 'the redirect_uri is not the one the code was issued for')
  }
  if (grant.codeChallenge === undefined && verifier !== undefined) {
    return fault(400, 'invalid_grant', 'a code_verifier was sent for a code issued without PKCE')
  }
  if (grant.codeChallenge !== undefined) {
    if (verifier === undefined) return fault(400, 'invalid_grant', 'missing "code_verifier"')
    if (s256(verifier) !== grant.codeChallenge) {
      return fault(400, 'invalid_grant', 'the code_verifier does not match the code_challenge')
    }
  }
  const user = authority.directory.users.find((u) => u.username === grant.username)
  if (user === undefined)
    return fault(400, 'invalid_grant', 'the user of this code no longer exists')
  const { scope, family, authTime, nonce } = grant
  return {
    issued: await issue(
      authority,
      req,
      user,
      client.clientId,
      { scope, family, authTime },
      scope,
      nonce,
    ),
  }
}

const CODE_REFUSALS: Record<'unknown' | 'expired' | 'used', string> = {
  unknown: 'the code is not one this server issued',
  expired: 'the code expired',
  used: 'the code was already used; the tokens it issued are revoked',
}
