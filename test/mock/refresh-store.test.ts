/**
 * The refresh store on its own: one use per token, a replay revokes the family (RFC 9700
 * §4.14.2), expiry, and bounded state: at most `capacity` tokens (oldest dropped first), and
 * expired tokens and revocations swept, however many families are replayed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RefreshStore, type RefreshGrant } from '../../src/mock/refresh-store.ts'

const grant = (family = RefreshStore.newFamily()): RefreshGrant => ({
  username: 'alice',
  clientId: 'client-1',
  scope: 'read write',
  family,
})

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
})
afterEach(() => vi.useRealTimers())

describe('RefreshStore', () => {
  it('issues distinct tokens of 256 random bits, base64url', () => {
    const store = new RefreshStore({ lifetimeSeconds: 60 })
    const tokens = Array.from({ length: 50 }, () => store.issue(grant()))
    expect(new Set(tokens).size).toBe(50)
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('redeems a token once, for the grant it was issued for', () => {
    const store = new RefreshStore({ lifetimeSeconds: 60 })
    const issued = grant()
    const token = store.issue(issued)
    expect(store.redeem(token)).toEqual({ ok: true, grant: issued })
    expect(store.redeem(token)).toEqual({ ok: false, reason: 'replayed' })
  })

  it('revokes every token of the family when a used one is replayed', () => {
    const store = new RefreshStore({ lifetimeSeconds: 60 })
    const family = RefreshStore.newFamily()
    const first = store.issue(grant(family))
    store.redeem(first)
    const second = store.issue(grant(family))
    const otherFamily = store.issue(grant())
    expect(store.redeem(first)).toEqual({ ok: false, reason: 'replayed' })
    expect(store.peek(second)).toBeUndefined()
    expect(store.redeem(second)).toMatchObject({ ok: false })
    expect(store.redeem(otherFamily)).toMatchObject({ ok: true })
  })

  it('peeks without using a token up, and sees nothing of a used, expired or unknown one', () => {
    const store = new RefreshStore({ lifetimeSeconds: 60 })
    const issued = grant()
    const token = store.issue(issued)
    expect(store.peek(token)).toEqual(issued)
    expect(store.peek(token)).toEqual(issued)
    expect(store.redeem(token)).toMatchObject({ ok: true })
    expect(store.peek(token)).toBeUndefined()
    expect(store.peek('unknown')).toBeUndefined()
    const later = store.issue(grant())
    vi.setSystemTime(Date.now() + 60_000)
    expect(store.peek(later)).toBeUndefined()
  })

  it.each([
    ['just before its lifetime ends', 59_999, { ok: true }],
    ['when its lifetime ends', 60_000, { ok: false, reason: 'expired' }],
    ['long after', 3_600_000, { ok: false, reason: 'expired' }],
  ])('answers a token %s', (_, elapsed, expected) => {
    const store = new RefreshStore({ lifetimeSeconds: 60 })
    const token = store.issue(grant())
    vi.setSystemTime(Date.now() + elapsed)
    expect(store.redeem(token)).toMatchObject(expected)
  })

  it('answers an unknown token as unknown', () => {
    const store = new RefreshStore({ lifetimeSeconds: 60 })
    expect(store.redeem('no-such-token')).toEqual({ ok: false, reason: 'unknown' })
  })

  it('keeps at most `capacity` tokens, dropping the oldest first', () => {
    const store = new RefreshStore({ lifetimeSeconds: 60, capacity: 3 })
    const tokens = Array.from({ length: 5 }, () => store.issue(grant()))
    expect(store.size).toBe(3)
    expect(tokens.map((token) => store.redeem(token).ok)).toEqual([false, false, true, true, true])
  })

  it('sweeps expired tokens, and revocations once nothing of theirs can be presented', () => {
    const store = new RefreshStore({ lifetimeSeconds: 60 })
    const family = RefreshStore.newFamily()
    const used = store.issue(grant(family))
    store.redeem(used)
    store.redeem(used)
    for (let i = 0; i < 10; i += 1) store.issue(grant())
    expect(store.size).toBeGreaterThan(10)
    vi.setSystemTime(Date.now() + 30_000)
    const fresh = store.issue(grant())
    vi.setSystemTime(Date.now() + 30_000)
    store.sweep()
    expect(store.size).toBe(1)
    expect(store.redeem(fresh)).toMatchObject({ ok: true })
    vi.setSystemTime(Date.now() + 60_000)
    store.sweep()
    expect(store.size).toBe(0)
  })

  it('stays within twice its capacity when every family is replayed', () => {
    const capacity = 10
    const store = new RefreshStore({ lifetimeSeconds: 3600, capacity })
    for (let i = 0; i < 1_000; i += 1) {
      const family = RefreshStore.newFamily()
      const first = store.issue(grant(family))
      store.redeem(first)
      store.issue(grant(family))
      store.redeem(first)
      expect(store.size).toBeLessThanOrEqual(2 * capacity)
    }
  })

  it('still refuses every token of a replayed family after its revocation is forgotten', () => {
    const capacity = 4
    const store = new RefreshStore({ lifetimeSeconds: 3600, capacity })
    const family = RefreshStore.newFamily()
    const first = store.issue(grant(family))
    store.redeem(first)
    const rotated = store.issue(grant(family))
    store.redeem(first)
    // Enough other replayed families to push the first revocation out.
    for (let i = 0; i < capacity * 3; i += 1) {
      const other = RefreshStore.newFamily()
      const token = store.issue(grant(other))
      store.redeem(token)
      store.redeem(token)
    }
    expect(store.redeem(rotated)).toMatchObject({ ok: false })
    expect(store.redeem(first)).toMatchObject({ ok: false })
  })
})
