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
