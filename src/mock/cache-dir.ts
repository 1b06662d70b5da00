import { randomBytes } from 'node:crypto'
import { renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'

/**
 * Where `tokencheck mock` keeps what makes its next start quick (the next key pair, Prism's
 * recorded answers to a spec): `TOKENCHECK_CACHE_DIR` (empty: nowhere), else
 * `$XDG_CACHE_HOME/tokencheck`, else `~/.cache/tokencheck`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env['TOKENCHECK_CACHE_DIR']
  if (chosen !== undefined) return chosen === '' ? undefined : chosen
  const xdg = env['XDG_CACHE_HOME']
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'tokencheck')
}

/**
 * Writes a file of the cache readable by this user only, whole or not at all: a temporary file
 * beside it, renamed into place, so that another start never reads half of it.
 */
export function writePrivately(file: string, text: string): void {
  const written = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(written, text, { mode: 0o600, flag: 'wx' })
  renameSync(written, file)
}
