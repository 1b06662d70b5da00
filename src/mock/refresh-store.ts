import { randomBytes } from 'node:crypto'

/** What a refresh token stands for: the grant it continues. */
export interface RefreshGrant {
  username: string
  clientId: string
  /** The scope first granted: a refresh may narrow it, never widen it (RFC 6749 §6). */
  scope: string
  /** Every token rotated out of one password grant shares a family. */
  family: string
}

interface Entry extends RefreshGrant {
  expiresAt: number
  /** Rotated: presenting it again is a replay. */
  used: boolean
}

export type Redeemed =
  | { ok: true; grant: RefreshGrant }
  | { ok: false; reason: 'unknown' | 'expired' | 'replayed' | 'revoked' }

/**
 * Refresh tokens with rotation and family revocation (RFC 9700 §4.14.2): a token is used once;
 * presenting a used one revokes every token of its family. State is bounded: expired entries
 * and families are swept, and past `capacity` the oldest entries go first.
 * @see [RFC 9700 §4.14.2](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.14.2)
 */
export class RefreshStore {
  readonly #tokens = new Map<string, Entry>()
  readonly #revoked = new Map<string, number>()
  readonly #capacity: number
  readonly #lifetimeMs: number

  constructor(options: { lifetimeSeconds: number; capacity?: number }) {
    this.#lifetimeMs = options.lifetimeSeconds * 1000
    this.#capacity = options.capacity ?? 100_000
  }

  get size(): number {
    return this.#tokens.size + this.#revoked.size
  }

  /** A new refresh token of 256 random bits for the grant. */
  issue(grant: RefreshGrant): string {
    const token = randomBytes(32).toString('base64url')
    this.#tokens.set(token, { ...grant, expiresAt: Date.now() + this.#lifetimeMs, used: false })
    if (this.#tokens.size > this.#capacity) this.sweep()
    while (this.#tokens.size > this.#capacity) {
      const oldest = this.#tokens.keys().next().value
      if (oldest === undefined) break
      this.#tokens.delete(oldest)
    }
    return token
  }

  /** What a refresh token stands for, without using it up; undefined when it is not live. */
  peek(token: string): RefreshGrant | undefined {
    const entry = this.#tokens.get(token)
    if (entry === undefined || entry.used || entry.expiresAt <= Date.now()) return undefined
    if (this.#revoked.has(entry.family)) return undefined
    const { username, clientId, scope, family } = entry
    return { username, clientId, scope, family }
  }

  /** Redeems a refresh token once; a second time is a replay and revokes its family. */
  redeem(token: string): Redeemed {
    const entry = this.#tokens.get(token)
    if (entry === undefined) return { ok: false, reason: 'unknown' }
    if (this.#revoked.has(entry.family)) return { ok: false, reason: 'revoked' }
    if (entry.expiresAt <= Date.now()) {
      this.#tokens.delete(token)
      return { ok: false, reason: 'expired' }
    }
    if (entry.used) {
      // Until the last token the family can have issued expires.
      this.#revoked.set(entry.family, Date.now() + this.#lifetimeMs)
      return { ok: false, reason: 'replayed' }
    }
    entry.used = true
    const { username, clientId, scope, family } = entry
    return { ok: true, grant: { username, clientId, scope, family } }
  }

  /** Forgets expired tokens and the revocations nothing can present any more. */
  sweep(now = Date.now()): void {
    for (const [token, entry] of this.#tokens)
      if (entry.expiresAt <= now) this.#tokens.delete(token)
    for (const [family, until] of this.#revoked) if (until <= now) this.#revoked.delete(family)
  }

  static newFamily(): string {
    return randomBytes(9).toString('base64url')
  }
}
