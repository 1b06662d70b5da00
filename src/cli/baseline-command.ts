import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import {
  BASELINE_FILE,
  baselineFrom,
  readBaseline,
  unrecordable,
  writeBaseline,
  type ExpectedFailure,
} from '../report/baseline.ts'
import { EXIT } from './io.ts'
import type { Output } from '../output.ts'

const DEFAULT_REPORTS = 'reports'

const key = (e: ExpectedFailure) => `${e.target} ${e.scenario} ${e.check}`

export function registerBaselineCommand(
  program: Command,
  output: Output,
  setExit: (code: number) => void,
) {
  const baseline = program
    .command('baseline')
    .description('keep the expected failures that `tokencheck run --baseline` compares a run with')

  baseline
    .command('update')
    .description(
      "write the current failures into the baseline: from each target's newest run under the report folder",
    )
    .option(
      '--report-dir <dir...>',
      'run folders, target folders or report folders to read (default: the newest run of each target under reports/)',
    )
    .option('--baseline <file>', 'the baseline file', BASELINE_FILE)
    .action(async (options: { reportDir?: string[]; baseline: string }) => {
      // Reading reports needs their writers' file names and schemas: loaded only when asked.
      const { latestRunDirs, readReport } = await import('../report/report-dirs.ts')
      const dirs = [...new Set((options.reportDir ?? [DEFAULT_REPORTS]).flatMap(latestRunDirs))]
      const reports = dirs.map(readReport)
      const problems = unrecordable(reports)
      if (problems.length > 0) {
        for (const problem of problems) output.err(`tokencheck baseline update: ${problem}`)
        output.err(
          `tokencheck baseline update: ${options.baseline} left as it was: a baseline records failures, not runs that could not judge; fix the run (see above) and run it again`,
        )
        setExit(EXIT.usage)
        return
      }
      const previous = existsSync(options.baseline) ? readBaseline(options.baseline) : undefined
      const next = baselineFrom(reports, previous)
      writeBaseline(options.baseline, next)

      const before = new Set((previous?.expectedFailures ?? []).map(key))
      const after = new Set(next.expectedFailures.map(key))
      const added = [...after].filter((k) => !before.has(k)).length
      const removed = [...before].filter((k) => !after.has(k)).length
      const perTarget = reports
        .map((r) => r.target.name)
        .map((name) => `${name} ${next.expectedFailures.filter((e) => e.target === name).length}`)
        .join(', ')
      output.out(`read ${dirs.join(', ')}`)
      output.out(
        `${previous === undefined ? 'created' : 'updated'} ${options.baseline}: ${next.expectedFailures.length} expected failure${next.expectedFailures.length === 1 ? '' : 's'} (${perTarget}); ${added} added, ${removed} removed`,
      )
      setExit(EXIT.ok)
    })
}
