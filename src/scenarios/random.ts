import { randomBytes } from 'node:crypto'
import type { Profile } from '../openapi/profile.ts'

export function randomHex(bytes = 8): string {
  return randomBytes(bytes).toString('hex')
}

/** A wrong password or client secret: random, so it never matches by chance. */
export function wrongSecret(): string {
  return `tokencheck-wrong-${randomHex()}`
}

/**
 * A username no server has: random, and shaped to the spec's username pattern when it has one
 * (WSO2's `email@organization`), so a refusal is about the user, not the name's shape.
 */
export function unknownUsername(profile: Profile): string {
  const id = `tokencheck-${randomHex(6)}`
  const candidates = [id, `${id}@example.invalid`, `${id}@example.invalid@tokencheck`]
  const pattern = profile.usernamePattern?.value
  if (pattern === undefined) return candidates[0]!
  const regExp = new RegExp(pattern, 'u')
  return candidates.find((candidate) => regExp.test(candidate)) ?? candidates[0]!
}
