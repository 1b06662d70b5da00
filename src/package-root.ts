import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Whether tokencheck runs from its build (`dist/`, JavaScript) or from its TypeScript sources.
 * The build keeps the sources' layout under `dist/` (`dist/src/…`); the command is bundled into
 * `dist/bin/`.
 */
export const COMPILED: boolean = import.meta.url.endsWith('.js')

/**
 * Where tokencheck is installed, where its package.json, bundled specs and suites live: the
 * nearest folder up from this module that holds a package.json, wherever the build put the module.
 */
export const PACKAGE_ROOT: string = packageRoot(dirname(fileURLToPath(import.meta.url)))

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`)
  }
}
