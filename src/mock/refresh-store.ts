import { randomBytes } from 'node:crypto'

/** Random bytes drawn from the CSPRNG a few kilobytes at a time, handed out once each. */
let pool = Buffer.alloc(0)
function random(size: number): Buffer {
  if (pool.length < size) pool = randomBytes(Math.max(4096, size))
  const bytes = pool.subarray(0, size)
  pool = pool.subarray(size)
  return bytes
}

/** What a refresh token stands for: the grant it continues. */
export interface RefreshGrant {
  username: string
  clientId: string
  /** The scope first granted: a refresh may narrow it, never widen it (RFC 6749 §6). */
  scope: string
  /** Every token rotated out of one password grant shares a family. */
  family: string
  /** When the user signed in, in seconds since the epoch: an id_token's `auth_time`. */
  authTime?: number
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
 * How many refresh tokens (and as many revoked families) a mock keeps: far more than a frontend
 * developer's sessions, and a few megabytes at most, so a mock under load stays flat in memory.
 */
export const DEFAULT_CAPACITY = 10_000

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
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY
  }

  get size(): number {
    return this.#tokens.size + this.#revoked.size
  }

  /** A new refresh token of 256 random bits for the grant. */
  issue(grant: RefreshGrant): string {
    const token = random(32).toString('base64url')
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
      this.#revoke(entry.family)
      return { ok: false, reason: 'replayed' }
    }
    entry.used = true
    const { username, clientId, scope, family, authTime } = entry
    const when = authTime === undefined ? {} : { authTime }
    return { ok: true, grant: { username, clientId, scope, family, ...when } }
  }

  /**
   * Revokes a family until the last token it can have issued expires. Its unused tokens go at
   * once, so forgetting the revocation early (past `capacity`) can never make one usable again:
   * what is left of the family is used tokens, which are refused anyway.
   */
  /** Revokes every token of a family: a replayed authorization code's (RFC 6749 §4.1.2). */
  revokeFamily(family: string): void {
    this.#revoke(family)
  }

  #revoke(family: string): void {
    for (const [token, entry] of this.#tokens) {
      if (entry.family === family && !entry.used) this.#tokens.delete(token)
    }
    this.#revoked.set(family, Date.now() + this.#lifetimeMs)
    while (this.#revoked.size > this.#capacity) {
      const oldest = this.#revoked.keys().next().value
      if (oldest === undefined) break
      this.#revoked.delete(oldest)
    }
  }

  /**
   * Forgets expired tokens and the revocations nothing can present any more. Every entry lives
   * the same lifetime and maps keep insertion order, so the expired ones are at the front: the
   * sweep stops at the first live one and costs only what it removes.
   */
  sweep(now = Date.now()): void {
    for (const [token, entry] of this.#tokens) {
      if (entry.expiresAt > now) break
      this.#tokens.delete(token)
    }
    for (const [family, until] of this.#revoked) {
      if (until > now) break
      this.#revoked.delete(family)
    }
  }

  static newFamily(): string {
    return random(9).toString('base64url')
  }
}
