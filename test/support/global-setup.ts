/**
 * The whole test run keeps `tokencheck mock`'s prepared key pairs (src/mock/key-pair.ts) in a
 * folder of its own, removed at the end, never in the user's cache.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tokencheck-test-cache-'))
  process.env['TOKENCHECK_CACHE_DIR'] = dir
  return () => rmSync(dir, { recursive: true, force: true })
}
