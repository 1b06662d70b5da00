/**
 * The key pair `tokencheck mock` prepares for the next start (src/mock/key-pair.ts): written for
 * this user only, claimed by one process only, never a reason for a start to fail, and, end to
 * end, the key the next mock signs with while it never signs with an earlier mock's key.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheDir } from '../../src/mock/cache-dir.ts'
import { claimPrepared, prepareNextKeyPair } from '../../src/mock/key-pair.ts'
import { LISTENING, MockProcess, scratchDirectory } from '../cli/mock-process.ts'

const FILE = 'next-signing-key.json'
const freshDir = () => join(mkdtempSync(join(tmpdir(), 'tokencheck-keys-')), 'cache')

async function signsAndVerifies(pair: { privateKey: CryptoKey; publicKey: CryptoKey }) {
  const data = new TextEncoder().encode('header.payload')
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, data)
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, signature, data)
}

describe('where the prepared key pair is kept', () => {
  it('is TOKENCHECK_CACHE_DIR, then $XDG_CACHE_HOME/tokencheck, then ~/.cache/tokencheck', () => {
    expect(cacheDir({ TOKENCHECK_CACHE_DIR: '/x/y', XDG_CACHE_HOME: '/c' })).toBe('/x/y')
    expect(cacheDir({ TOKENCHECK_CACHE_DIR: '' })).toBeUndefined()
    expect(cacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/tokencheck')
    expect(cacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\.cache\/tokencheck$/)
  })

  it('is never the user cache during the tests', () => {
    expect(process.env['TOKENCHECK_CACHE_DIR']).toContain('tokencheck-test-cache-')
  })
})

describe('a prepared key pair', () => {
  it('is written for this user alone, once', async () => {
    const dir = freshDir()
    expect(await prepareNextKeyPair(dir)).toBe(true)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, FILE)).mode & 0o777).toBe(0o600)
    // One is waiting: no second.
    const before = readFileSync(join(dir, FILE), 'utf8')
    expect(await prepareNextKeyPair(dir)).toBe(false)
    expect(readFileSync(join(dir, FILE), 'utf8')).toBe(before)
  })

  it('is claimed once: the file is gone, the next claim finds none', async () => {
    const dir = freshDir()
    await prepareNextKeyPair(dir)
    const pair = await claimPrepared(dir)
    expect(pair).toBeDefined()
    expect(await signsAndVerifies(pair!)).toBe(true)
    expect(pair!.privateKey.extractable).toBe(false)
    expect(existsSync(join(dir, FILE))).toBe(false)
    expect(claimPrepared(dir)).toBeUndefined()
  })

  it('is not used when others may read it, or write to its folder', async () => {
    const readable = freshDir()
    await prepareNextKeyPair(readable)
    chmodSync(join(readable, FILE), 0o644)
    expect(await claimPrepared(readable)).toBeUndefined()

    const shared = freshDir()
    await prepareNextKeyPair(shared)
    chmodSync(shared, 0o777)
    expect(claimPrepared(shared)).toBeUndefined()
    expect(await prepareNextKeyPair(shared)).toBe(false)
  })

  it('that is not a key pair yields a generated one, not a failed start', async () => {
    const dir = freshDir()
    await prepareNextKeyPair(dir)
    writeFileSync(join(dir, FILE), '{"privateJwk": {"kty": "RSA"}, "publicJwk": {}}', {
      mode: 0o600,
    })
    const pair = await claimPrepared(dir)
    expect(await signsAndVerifies(pair!)).toBe(true)
    expect(existsSync(join(dir, FILE))).toBe(false)
  })
})

/** A `tokencheck mock wokelo` with its own cache folder; its key set's modulus, then stopped. */
async function mockModulus(cache: string): Promise<string> {
  const mock = new MockProcess(['wokelo', '--port', '0'], scratchDirectory(), {
    TOKENCHECK_CACHE_DIR: cache,
  })
  try {
    const [, , url] = await mock.line(LISTENING)
    const { keys } = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as {
      keys: { n: string }[]
    }
    // The next start's pair is written after the banner.
    await expect.poll(() => existsSync(join(cache, FILE)), { timeout: 20_000 }).toBe(true)
    return keys[0]!.n
  } finally {
    await mock.stop('SIGTERM')
  }
}

describe('`tokencheck mock` started twice', () => {
  it('signs the second time with the key the first prepared, and never with the same key', async () => {
    const cache = freshDir()
    const first = await mockModulus(cache)
    const prepared = (
      JSON.parse(readFileSync(join(cache, FILE), 'utf8')) as {
        publicJwk: { n: string }
      }
    ).publicJwk.n
    const second = await mockModulus(cache)
    expect(second).toBe(prepared)
    expect(second).not.toBe(first)
    const next = (
      JSON.parse(readFileSync(join(cache, FILE), 'utf8')) as {
        publicJwk: { n: string }
      }
    ).publicJwk.n
    expect(next).not.toBe(second)
  }, 90_000)
})
