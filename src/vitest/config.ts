import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPlan, type RunArguments } from '../run/build-plan.ts'
import type { RunPlan } from '../run/plan.ts'
import './provided.ts'

/** What `tokencheck()` adds to a vitest config's `test`. */
export interface TokencheckTestConfig {
  globalSetup: string[]
  provide: { 'tokencheck:plan': RunPlan }
}

/**
 * The `test` options that run tokencheck inside a vitest config: `tokencheck run`'s options, by
 * their long names in camelCase (`{ spec: 'wokelo', baseUrl: 'https://…' }`, or `{ targets:
 * ['staging'] }` for targets of tokencheck.config.yaml, or `{ spec: 'wokelo' }` alone for its
 * embedded mock). Credentials come from the environment, as for `tokencheck run`. Throws the
 * same usage errors `tokencheck run` prints.
 */
export function tokencheck(
  options: Partial<RunArguments> = {},
  context: Parameters<typeof buildPlan>[1] = {},
): TokencheckTestConfig {
  const plan = buildPlan({ targets: [], ...options }, context)
  return {
    globalSetup: [
      fileURLToPath(new URL(`./global-setup${extname(import.meta.url)}`, import.meta.url)),
    ],
    provide: { 'tokencheck:plan': plan },
  }
}
