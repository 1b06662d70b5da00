/**
 * Passwords and client secrets are compared in constant time (RFC 6749 §10.10 asks that
 * credentials not be guessable; a comparison that returns at the first differing byte tells an
 * attacker how much of a guess was right). Proved from the source, never by timing: the user and
 * client checks call `sameSecret`, `sameSecret` is `timingSafeEqual` over SHA-256 digests, and
 * no plain comparison of a secret is left anywhere in the mock.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sameSecret } from '../../src/mock/authority.ts'
import { callsInFunction, plainSecretComparisons } from './secret-comparisons.ts'

const MOCK_DIR = new URL('../../src/mock/', import.meta.url)
const mockSource = (file: string) => readFileSync(new URL(file, MOCK_DIR), 'utf8')
const mockFiles = readdirSync(MOCK_DIR).filter((file) => file.endsWith('.ts'))

describe('sameSecret', () => {
  it.each([
    ['equal strings', 'gX1fBat3bV', 'gX1fBat3bV', true],
    ['equal non-ASCII strings', 'p@ss w0rd&=ü+%:', 'p@ss w0rd&=ü+%:', true],
    ['a different last character', 'gX1fBat3bV', 'gX1fBat3bW', false],
    [
      'a prefix (different lengths, which timingSafeEqual alone throws on)',
      'gX1f',
      'gX1fBat3bV',
      false,
    ],
    ['a longer guess', 'gX1fBat3bV!', 'gX1fBat3bV', false],
    ['the empty string', '', 'gX1fBat3bV', false],
    ['a trailing NUL', 'gX1fBat3bV\u0000', 'gX1fBat3bV', false],
    ['another Unicode normalisation of the same text', 'u\u0308', '\u00fc', false],
    ['a different case', 'GX1FBAT3BV', 'gX1fBat3bV', false],
  ] as const)('%s: %s', (_, given, expected, same) => {
    expect(sameSecret(given, expected)).toBe(same)
  })

  it('compares digests of equal length with timingSafeEqual, and nothing else', () => {
    expect(callsInFunction(mockSource('authority.ts'), 'sameSecret', 'timingSafeEqual')).toEqual([
      'timingSafeEqual(digest(given), expectedDigest)',
    ])
    // The expected side's digest is computed once per directory value, then reused.
    expect(mockSource('authority.ts')).toMatch(/expectedDigest = digest\(expected\)/)
    expect(mockSource('authority.ts')).toMatch(
      /const digest = \(value: string\) => createHash\('sha256'\)\.update\(value, 'utf8'\)\.digest\(\)/,
    )
    expect(plainSecretComparisons(mockSource('authority.ts'))).toEqual([])
  })
})

describe('the checks that go through sameSecret', () => {
  it.each([
    ['authority.ts', 'findUser', /^sameSecret\(password, user\.password\)$/],
    ['client-auth.ts', 'checkSecret', /^sameSecret\(secret, expected \?\? .+\)$/],
  ] as const)('%s: %s compares the secret with sameSecret', (file, name, call) => {
    const calls = callsInFunction(mockSource(file), name, 'sameSecret')
    expect(
      calls.some((text) => call.test(text)),
      calls.join('\n'),
    ).toBe(true)
  })

  it('checkSecret is the only place a client secret is checked, and it is called for Basic and body secrets', () => {
    const source = mockSource('client-auth.ts')
    expect(callsInFunction(source, 'authenticateClient', 'checkSecret')).toEqual([
      "checkSecret(authority, basic.id, basic.secret, 'client_secret_basic')",
      "checkSecret(authority, bodyId, bodySecret, 'client_secret_post')",
    ])
  })

  it('the password grant checks the password only through findUser', () => {
    const source = mockSource('token-endpoint.ts')
    expect(callsInFunction(source, 'passwordGrant', 'findUser')).toEqual([
      'findUser(authority, username, password)',
    ])
  })
})

describe('no plain comparison of a secret in src/mock', () => {
  it.each(mockFiles)('%s', (file) => {
    expect(plainSecretComparisons(mockSource(file), file)).toEqual([])
  })
})

describe('the source check itself finds what it looks for', () => {
  it.each([
    ['=== on a password', 'if (password === user.password) ok()', ['password === user.password']],
    [
      '!== on a secret',
      'if (client.clientSecret !== given) fail()',
      ['client.clientSecret !== given'],
    ],
    [
      '== on a variable set from a secret',
      'const expected = client?.clientSecret\nconst copy = expected\nif (copy == secret) ok()',
      ['copy == secret'],
    ],
    [
      'a destructured secret',
      'const { clientSecret: s } = client\nif (given === s) ok()',
      ['given === s'],
    ],
    [
      'startsWith on a password',
      'if (user.password.startsWith(guess)) ok()',
      ['user.password.startsWith(guess)'],
    ],
    [
      'Buffer.compare of a secret',
      'Buffer.compare(a, Buffer.from(secret))',
      ['Buffer.compare(a, Buffer.from(secret))'],
    ],
    ['a switch on a password', 'switch (password) { case "x": ok() }', ['password']],
    ['a test for undefined', 'if (password === undefined) fail()', []],
    ['a test for null', 'if (null != clientSecret) ok()', []],
    ['sameSecret', 'if (sameSecret(password, user.password)) ok()', []],
    ['a comparison of ids', 'clients.find((client) => client.clientId === clientId)', []],
  ] as const)('%s', (_, source, found) => {
    expect(plainSecretComparisons(source).map((finding) => finding.text)).toEqual(found)
  })
})
