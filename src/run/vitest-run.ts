import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startVitest } from 'vitest/node'
import { catalogue } from '../checks/index.ts'
import type { Output } from '../cli/io.ts'
import { COMPILED, PACKAGE_ROOT } from '../package-root.ts'
import type { KnownSecrets } from '../report/leak-guard.ts'
import { TokencheckReporter, type RunSummary } from '../report/reporter.ts'
import { familiesWithTests } from './families.ts'
import type { RunPlan } from './plan.ts'
import './provided.ts'

export { PACKAGE_ROOT }

/** The suites, relative to PACKAGE_ROOT: compiled beside the build, or the sources. */
const SUITES = COMPILED ? { dir: 'dist/suites', ext: 'js' } : { dir: 'suites', ext: 'ts' }

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
  const files = familiesWithTests(catalogue, plan).map(
    (family) => `${SUITES.dir}/${family}.test.${SUITES.ext}`,
  )
  const vitest = await startVitest(
    'test',
    [],
    {
      watch: false,
      run: true,
      config: false,
      root: PACKAGE_ROOT,
      include: files.length > 0 ? files : [`${SUITES.dir}/none`],
      passWithNoTests: true,
      globalSetup: [`${SUITES.dir}/global-setup.${SUITES.ext}`],
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
