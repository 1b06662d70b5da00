import { describe, expect, it } from 'vitest'
import { decodeJws, tokenFacts } from '../../src/http/token-facts.ts'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('tokenFacts', () => {
  it.each([
    ['0123abcdef', 'hex', true],
    ['abcXYZ-_09', 'base64url', true],
    ['abc+/XYZ==', 'base64', true],
    ['a b~c!', 'vschar', true],
    ['naïve', 'other', false],
    ['tab\there', 'other', false],
  ] as const)('`%s` is %s, VSCHAR %s', (token, alphabet, vschar) => {
    expect(tokenFacts('access_token', token)).toMatchObject({
      alphabet,
      vschar,
      length: token.length,
    })
  })

  it('gives equal tokens equal fingerprints and different ones different', () => {
    expect(tokenFacts('a', 'same').fingerprint).toBe(tokenFacts('b', 'same').fingerprint)
    expect(tokenFacts('a', 'one').fingerprint).not.toBe(tokenFacts('a', 'two').fingerprint)
    expect(tokenFacts('a', 'one').fingerprint).toMatch(/^[0-9a-f]{16}$/)
  })
})

describe('decodeJws', () => {
  it('decodes an unsigned token with a zero-byte signature', () => {
    expect(decodeJws(`${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`)).toEqual({
      header: { alg: 'none' },
      claims: { sub: 'x' },
      signatureBytes: 0,
    })
  })

  it.each([
    ['two parts', `${b64({ alg: 'none' })}.${b64({})}`],
    ['a JWE (five parts)', 'a.b.c.d.e'],
    ['a header that is not JSON', `bm90LWpzb24.${b64({})}.c2ln`],
    ['claims that are an array', `${b64({ alg: 'none' })}.${b64([1])}.c2ln`],
    ['characters outside base64url', `${b64({ alg: 'none' })}.${b64({})}.c2l+`],
  ])('is undefined for %s', (_, token) => {
    expect(decodeJws(token)).toBeUndefined()
  })
})
