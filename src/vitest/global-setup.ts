import type { TestProject } from 'vitest/node'
import { TokencheckError } from '../errors.ts'
import { judgeTargets, writeRun } from '../run/engine.ts'
import { prepareTargets } from '../run/prepare.ts'
import { secretsOf } from '../run/secrets.ts'
import type { JudgedRun } from './provided.ts'

/**
 * vitest's global setup for tokencheck's suites: in the main process, where the credentials are,
 * it runs the engine (sends every scenario once per target, judges every check, writes the
 * reports) and gives the suites the verdicts. The tests only show them: a verdict never travels
 * through a test's metadata to reach a report.
 */
export default async function setup(project: TestProject): Promise<void> {
  const plan = project.getProvidedContext()['tokencheck:plan']
  if (plan === undefined) {
    throw new TokencheckError(
      'ERR_CONFIG',
      "tokencheck's global setup found no plan: spread `tokencheck({ … })` into the config's `test`",
    )
  }
  const prepared = await prepareTargets(plan)
  const summary = writeRun(judgeTargets(prepared, plan), plan, secretsOf(plan))
  const run: JudgedRun = {
    targets: summary.reports.map((report) => ({
      name: report.target.name,
      results: [...report.results],
      ...(report.error === undefined ? {} : { error: report.error }),
    })),
    summaries: summary.targets,
  }
  project.provide('tokencheck:run', run)
}
