import { OUTCOMES, STANDARDS, type Outcome, type Result } from '../checks/check.ts'
import { escapeMarkdown, truncate } from './escape.ts'
import type { OutcomeCounts, TargetReport } from './model.ts'
import { countOf, scenarioCounts, utcTime } from './totals.ts'

/** At most this many failed checks (rows, one per check) are listed; the rest are counted. */
export const MARKDOWN_MAX_LISTED = 25
/** A listed message is cut at this many characters. */
const MESSAGE_MAX = 240

const COLUMN: Record<Outcome, string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warnings',
  note: 'notes',
  deviation: 'deviations',
  'not-applicable': 'not applicable',
  skip: 'skipped',
  error: 'errors',
}

const text = (value: string) => escapeMarkdown(value)
/** An id of ours in a code span; anything else as escaped text. */
const code = (value: string) => (/^[\w.#:/-]+$/.test(value) ? `\`${value}\`` : text(value))

/**
 * `report.md`: the summary and the failed checks, for `$GITHUB_STEP_SUMMARY` or a PR comment.
 * Failed means a MUST that failed or a check that could not judge (`error`); warnings, notes,
 * deviations and drift are counted, and `report.html` has them. At most
 * {@link MARKDOWN_MAX_LISTED} are listed, so the text stays far below a PR comment's 65,536
 * characters; its headings start at `##`, so reports of several targets can be concatenated.
 */
export function toMarkdown(report: TargetReport): string {
  const { totals } = report
  const failures = totals.all.fail
  const headline =
    report.error !== undefined
      ? '⚠️ not judged'
      : failures === 0
        ? `✅ no MUST failure`
        : `❌ ${failures} MUST failure${failures === 1 ? '' : 's'}`
  const lines = [
    `## tokencheck: ${text(report.target.name)}: ${headline}`,
    '',
    `${code(report.target.baseUrl)} (${report.target.kind === 'mock' ? 'embedded mock' : 'real server'}) against the spec ${code(report.spec.name)}, ${text(report.spec.title)}; ${utcTime(report.startedAt)}, ${(report.durationMs / 1000).toFixed(1)} s, tokencheck ${text(report.tool.version)}.`,
    '',
    ...(report.error === undefined
      ? []
      : [`**tokencheck could not judge this target:** ${text(report.error)}`, '']),
    ...(report.diagnosis === undefined ? [] : [`**Diagnosis:** ${text(report.diagnosis)}`, '']),
    ...summaryTable(report),
    '',
    findingsLine(report),
    ...failedChecks(report),
  ]
  return `${lines.join('\n')}\n`
}

function row(label: string, counts: OutcomeCounts): string {
  return `| ${label} | ${OUTCOMES.map((o) => (counts[o] === 0 ? '' : String(counts[o]))).join(' | ')} |`
}

function summaryTable(report: TargetReport): string[] {
  const { byStandard, all } = report.totals
  const standards = STANDARDS.filter((standard) => countOf(byStandard[standard]) > 0)
  return [
    `| standard | ${OUTCOMES.map((o) => COLUMN[o]).join(' | ')} |`,
    `| --- | ${OUTCOMES.map(() => '---:').join(' | ')} |`,
    ...standards.map((standard) => row(text(standard), byStandard[standard])),
    row('**all**', all),
  ]
}

function findingsLine(report: TargetReport): string {
  const { byLevel, all } = report.totals
  const scenarios = scenarioCounts(report.scenarios)
  const documented = report.deviations.length
  const parts = [
    `${scenarios.sent} scenarios sent, ${scenarios.skipped} skipped`,
    `MUST: ${byLevel.MUST.pass} passed, ${byLevel.MUST.fail} failed`,
    `SHOULD: ${byLevel.SHOULD.warn} warning${byLevel.SHOULD.warn === 1 ? '' : 's'}`,
    `advisory: ${byLevel.ADVISORY.note} note${byLevel.ADVISORY.note === 1 ? '' : 's'}`,
    `${all.deviation} deviation${all.deviation === 1 ? '' : 's'} (excused by ${documented} documented deviation${documented === 1 ? '' : 's'})`,
    `${all['not-applicable']} not applicable`,
    `${report.drift.length} documentation drift item${report.drift.length === 1 ? '' : 's'}`,
  ]
  return `${parts.join(' · ')}. The whole report, with the evidence, is \`report.html\`.`
}

/**
 * The failed MUSTs, then the checks that could not judge, one row per check with how many
 * scenarios it failed on, which, and its first message.
 */
function failedChecks(report: TargetReport): string[] {
  const groups = new Map<string, Result[]>()
  for (const outcome of ['fail', 'error'] as const) {
    for (const result of report.results) {
      if (result.outcome !== outcome) continue
      const key = `${outcome} ${result.checkId}`
      groups.set(key, [...(groups.get(key) ?? []), result])
    }
  }
  if (groups.size === 0) return []
  const { fail, error } = report.totals.all
  const title =
    error === 0
      ? `Failed checks (${groups.size}, on ${fail} scenario${fail === 1 ? '' : 's'})`
      : `Failed checks and checks that could not judge (${groups.size}, on ${fail + error} scenario${fail + error === 1 ? '' : 's'})`
  const rows = [...groups.values()]
  const listed = rows.slice(0, MARKDOWN_MAX_LISTED)
  const rest = rows.length - listed.length
  return [
    '',
    `### ${title}`,
    '',
    '| check | scenarios | clause | finding |',
    '| --- | --- | --- | --- |',
    ...listed.map((results) => {
      const first = results[0]!
      const scenarios = results.map((r) => code(r.scenario))
      const shown =
        scenarios.length <= 3 ? scenarios.join(', ') : `${scenarios.slice(0, 3).join(', ')}, …`
      return `| ${code(first.checkId)} | ${results.length}: ${shown} | ${text(first.clause)} | ${first.outcome === 'error' ? '**could not judge:** ' : ''}${text(truncate(first.message ?? '', MESSAGE_MAX))} |`
    }),
    ...(rest > 0
      ? ['', `…and ${rest} more failed check${rest === 1 ? '' : 's'}: see \`report.html\`.`]
      : []),
  ]
}
