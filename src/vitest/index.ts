/**
 * tokencheck as a vitest adapter: `tokencheck()` in a `vitest.config.ts`, `defineTokencheckSuites()`
 * in one test file, and optionally `TokencheckReporter` for the closing table. The only part of
 * tokencheck that imports vitest.
 */
export { tokencheck, type TokencheckTestConfig } from './config.ts'
export { defineTokencheckSuites } from './suites.ts'
export { TokencheckReporter } from './reporter.ts'
export type { JudgedRun } from './provided.ts'
