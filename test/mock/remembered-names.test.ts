/**
 * The issuers and audiences a mock accepts tokens under are those it issued under, named by the
 * Host the client used; a client cycling Host headers must not grow them without bound.
 */
import { describe, expect, it } from 'vitest'
import { remember } from '../../src/mock/authority.ts'

describe('remember', () => {
  it('keeps the 32 most recently used names', () => {
    const names = new Set<string>()
    for (let i = 0; i < 100; i += 1) remember(names, `http://host-${i}:4010`)
    expect(names.size).toBe(32)
    expect(names.has('http://host-99:4010')).toBe(true)
    expect(names.has('http://host-68:4010')).toBe(true)
    expect(names.has('http://host-67:4010')).toBe(false)
  })

  it('keeps a name in use while others come and go', () => {
    const names = new Set<string>()
    for (let i = 0; i < 100; i += 1) {
      remember(names, 'http://127.0.0.1:4010')
      remember(names, `http://host-${i}:4010`)
    }
    expect(names.has('http://127.0.0.1:4010')).toBe(true)
    expect(names.size).toBe(32)
  })

  it('does not repeat a name', () => {
    const names = new Set<string>()
    remember(names, 'http://localhost:4010')
    remember(names, 'http://localhost:4010')
    expect([...names]).toEqual(['http://localhost:4010'])
  })
})
