import { formatTable } from '../table.ts'
import type { Result } from '../checks/check.ts'
import type { Outcome } from '../checks/check.ts'
import type { OutcomeCounts } from './model.ts'

export interface TargetSummary {
  name: string
  /** The folder the target's reports were written to. */
  folder: string
  totals: OutcomeCounts
  error?: string
}

/** Styles a piece of text by what it means; the identity when colour is off. */
export type Paint = (outcome: Outcome | 'dim', text: string) => string

const plain: Paint = (_outcome, text) => text

/** The columns of the summary table, in order: each an outcome, every one of them shown. */
const COLUMNS: readonly (readonly [Outcome, string])[] = [
  ['pass', 'passed'],
  ['fail', 'failed (MUST)'],
  ['warn', 'warnings (SHOULD)'],
  ['note', 'notes (advisory)'],
  ['deviation', 'deviations'],
  ['not-applicable', 'not applicable'],
  ['skip', 'skipped'],
  ['error', 'errors'],
]

/**
 * The terminal's closing table: per target, what passed, what failed at each level (MUST
 * failures, SHOULD warnings, advisory notes), documented deviations, skips and errors, each the
 * number report.json's totals hold; then why a target could not be run, the findings (see
 * {@link findingLines}), and where each report is.
 */
export function summaryText(
  targets: readonly TargetSummary[],
  paint: Paint = plain,
  findings: readonly string[] = [],
): string {
  const table = formatTable(
    ['target', ...COLUMNS.map(([, title]) => title)],
    targets.map(({ name, totals }) => [
      name,
      ...COLUMNS.map(([outcome]) => String(totals[outcome])),
    ]),
    (row, column, padded) => {
      const outcome = COLUMNS[column - 1]?.[0]
      const count = outcome === undefined ? 0 : (targets[row]?.totals[outcome] ?? 0)
      return outcome === undefined || count === 0 ? padded : paint(outcome, padded)
    },
  )
  const problems = targets.flatMap((target) =>
    target.error === undefined
      ? []
      : [paint('error', `${target.name} could not be run: ${target.error}`)],
  )
  const folders = targets.map((target) => `${target.name}: ${target.folder}`)
  return [
    table,
    '',
    ...problems,
    ...(problems.length > 0 ? [''] : []),
    ...findings,
    ...(findings.length > 0 ? [''] : []),
    'Reports:',
    ...folders.map((f) => `  ${f}`),
  ].join('\n')
}

/** The outcomes a run's console lists by check: what fails the run, then warnings. */
const LISTED = ['fail', 'error', 'warn'] as const

/**
 * The failed MUSTs, checks that could not judge, and warnings, one line per target and check with
 * how many scenarios it concerns and its first message; at most `max` lines, then how many more.
 */
export function findingLines(
  reports: readonly { target: { name: string }; results: readonly Result[] }[],
  max: number,
  paint: Paint = plain,
): string[] {
  const lines: string[] = []
  for (const outcome of LISTED) {
    for (const report of reports) {
      const byCheck = new Map<string, Result[]>()
      for (const result of report.results) {
        if (result.outcome !== outcome) continue
        byCheck.set(result.checkId, [...(byCheck.get(result.checkId) ?? []), result])
      }
      for (const [checkId, results] of byCheck) {
        const first = results[0]!
        const times = results.length === 1 ? '' : ` ×${results.length}`
        lines.push(
          `  ${paint(outcome, LABEL[outcome])} ${report.target.name} ${checkId}${times}: ${shorten(first.message ?? '')}`,
        )
      }
    }
  }
  if (lines.length <= max) return lines
  return [...lines.slice(0, max - 1), `  … and ${lines.length - (max - 1)} more in the reports`]
}

const LABEL: Record<(typeof LISTED)[number], string> = {
  fail: 'FAIL',
  error: 'ERROR',
  warn: 'WARN',
}

/** One line of a message, at most 160 characters. */
function shorten(message: string): string {
  const line = message.split('\n', 1)[0] ?? ''
  return line.length <= 160 ? line : `${line.slice(0, 159)}…`
}
