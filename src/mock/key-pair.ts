/**
 * The RSA key pair (RS256, 2048 bits) a mock process signs with. Generating one holds a pool
 * thread for 50 – 500 ms here, at random (a prime search), which a cold start would wait for. So
 * `tokencheck mock` keeps one pair ready in the user's cache folder: each start claims the pair
 * the previous one prepared after its banner, and prepares the next. A prepared pair serves one
 * process only: claiming renames the file away and deletes it, so no two runs ever sign with the
 * same key, as if each had generated its own. No jose here: this module is loaded first.
 */
import { randomBytes, type webcrypto } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { cacheDir, writePrivately } from './cache-dir.ts'

type CryptoKey = webcrypto.CryptoKey
type JsonWebKey = webcrypto.JsonWebKey

export interface KeyPair {
  privateKey: CryptoKey
  publicKey: CryptoKey
}

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const
const GENERATE = { ...ALGORITHM, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }
const FILE = 'next-signing-key.json'

let pair: Promise<KeyPair> | undefined

/**
 * The process's key pair, started once: the one prepared by an earlier `tokencheck mock` when
 * `prepared` allows it and there is one, generated otherwise.
 */
export function startKeyPair(prepared = false): Promise<KeyPair> {
  pair ??= (prepared ? claimPrepared() : undefined) ?? generate()
  return pair
}

function generate(): Promise<KeyPair> {
  return crypto.subtle.generateKey(GENERATE, false, ['sign', 'verify']) as Promise<KeyPair>
}

/**
 * Whether a path is this user's own, not a link, and private: nobody else may write to the
 * folder, or read or write the key file (whoever can read it can sign tokens the mock accepts).
 */
function ownedAndPrivate(path: string, kind: 'file' | 'directory'): boolean {
  const stats = lstatSync(path)
  if (kind === 'file' ? !stats.isFile() : !stats.isDirectory()) return false
  if (process.getuid !== undefined && stats.uid !== process.getuid()) return false
  return (stats.mode & (kind === 'file' ? 0o077 : 0o022)) === 0
}

/** The prepared pair, taken so that no other process can have it; undefined when there is none. */
export function claimPrepared(dir = cacheDir()): Promise<KeyPair> | undefined {
  if (dir === undefined) return undefined
  const file = join(dir, FILE)
  const claimed = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.claimed`
  try {
    if (!ownedAndPrivate(dir, 'directory')) return undefined
    renameSync(file, claimed)
  } catch {
    return undefined
  }
  try {
    if (!ownedAndPrivate(claimed, 'file')) return undefined
    const { privateJwk, publicJwk } = JSON.parse(readFileSync(claimed, 'utf8')) as {
      privateJwk: JsonWebKey
      publicJwk: JsonWebKey
    }
    return Promise.all([
      crypto.subtle.importKey('jwk', privateJwk, ALGORITHM, false, ['sign']),
      crypto.subtle.importKey('jwk', publicJwk, ALGORITHM, true, ['verify']),
      // A file that does not hold a usable pair is not a reason to fail a start.
    ]).then(
      ([privateKey, publicKey]) => ({ privateKey, publicKey }),
      () => generate(),
    )
  } catch {
    return undefined
  } finally {
    rmSync(claimed, { force: true })
  }
}

/**
 * Generates the pair the next `tokencheck mock` will claim, when none is waiting, and writes it
 * readable by this user only. Resolves to whether it wrote one; never throws (a cache that cannot
 * be written only means a slower next start).
 */
export async function prepareNextKeyPair(dir = cacheDir()): Promise<boolean> {
  if (dir === undefined) return false
  const file = join(dir, FILE)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!ownedAndPrivate(dir, 'directory') || existsSync(file)) return false
    const next = (await crypto.subtle.generateKey(GENERATE, true, ['sign', 'verify'])) as KeyPair
    const [privateJwk, publicJwk] = await Promise.all([
      crypto.subtle.exportKey('jwk', next.privateKey),
      crypto.subtle.exportKey('jwk', next.publicKey),
    ])
    writePrivately(file, JSON.stringify({ privateJwk, publicJwk }))
    return true
  } catch {
    return false
  }
}
