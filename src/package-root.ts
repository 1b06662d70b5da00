import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Whether tokencheck runs from its build (`dist/`, JavaScript) or from its TypeScript sources.
 * The build keeps the sources' layout under `dist/` (`dist/src/…`).
 */
export const COMPILED: boolean = import.meta.url.endsWith('.js')

/** Where tokencheck is installed: its package.json, bundled specs and suites live there. */
export const PACKAGE_ROOT: string = resolve(
  dirname(fileURLToPath(import.meta.url)),
  COMPILED ? '../..' : '..',
)
