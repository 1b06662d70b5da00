import { formatTable } from '../table.ts'
import type { OutcomeCounts } from './model.ts'

export interface TargetSummary {
  name: string
  /** The folder the target's reports were written to. */
  folder: string
  totals: OutcomeCounts
  error?: string
}

/**
 * The terminal's closing table: per target, what passed, what failed at each level (MUST
 * failures, SHOULD warnings, advisory notes), documented deviations, skips and errors; then where
 * each report is.
 */
export function summaryText(targets: readonly TargetSummary[]): string {
  const table = formatTable(
    [
      'target',
      'passed',
      'failed (MUST)',
      'warnings (SHOULD)',
      'notes (advisory)',
      'deviations',
      'skipped',
      'errors',
    ],
    targets.map(({ name, totals }) => [
      name,
      String(totals.pass),
      String(totals.fail),
      String(totals.warn),
      String(totals.note),
      String(totals.deviation),
      String(totals.skip),
      String(totals.error),
    ]),
  )
  const problems = targets.flatMap((target) =>
    target.error === undefined ? [] : [`${target.name} could not be run: ${target.error}`],
  )
  const folders = targets.map((target) => `${target.name}: ${target.folder}`)
  return [
    table,
    '',
    ...problems,
    ...(problems.length > 0 ? [''] : []),
    'Reports:',
    ...folders.map((f) => `  ${f}`),
  ].join('\n')
}
