import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startVitest } from 'vitest/node'
import { catalogue } from '../checks/index.ts'
import type { Output } from '../cli/io.ts'
import type { KnownSecrets } from '../report/leak-guard.ts'
import { TokencheckReporter, type RunSummary } from '../report/reporter.ts'
import { familiesWithTests } from './families.ts'
import type { RunPlan } from './plan.ts'
import './provided.ts'

/** Where tokencheck is installed: the suites live there, whatever the working directory. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Runs the suites with vitest: its global setup sends the scenarios, its workers judge, its
 * default reporter shows progress, and tokencheck's reporter writes the reports and the summary.
 */
export async function runSuites(
  plan: RunPlan,
  output: Output,
  secrets?: KnownSecrets,
): Promise<RunSummary> {
  const reporter = new TokencheckReporter({
    reportRoot: plan.reportRoot,
    startedAt: plan.startedAt,
    output,
    ...(secrets === undefined ? {} : { secrets }),
  })
  const files = familiesWithTests(catalogue, plan).map((family) => `suites/${family}.test.ts`)
  const vitest = await startVitest(
    'test',
    [],
    {
      watch: false,
      run: true,
      config: false,
      root: PACKAGE_ROOT,
      include: files.length > 0 ? files : ['suites/none'],
      passWithNoTests: true,
      globalSetup: ['suites/global-setup.ts'],
      provide: { 'tokencheck:plan': plan },
      reporters: ['default', reporter],
      maxWorkers: 2,
      // The suites share nothing but the plan they are given: one module graph per worker thread
      // judges the same as a fresh process per file, for a third less CPU.
      pool: 'threads',
      isolate: false,
      teardownTimeout: 10_000,
    },
    { cacheDir: join(tmpdir(), 'tokencheck-vite-cache'), logLevel: 'error' },
  )
  await vitest.close()
  return (
    reporter.summary ?? {
      targets: [],
      reports: [],
      failed: true,
      internalErrors: ['vitest ended without a result'],
    }
  )
}
