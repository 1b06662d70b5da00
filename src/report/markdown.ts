import { OUTCOMES, STANDARDS, type Outcome, type Result } from '../checks/check.ts'
import { escapeMarkdown, truncate } from './escape.ts'
import type { OutcomeCounts, TargetReport } from './model.ts'
import { countOf, utcTime } from './totals.ts'

/** At most this many failed checks are listed; the rest are counted. */
export const MARKDOWN_MAX_LISTED = 25
/** A listed message is cut at this many characters. */
const MESSAGE_MAX = 240

const COLUMN: Record<Outcome, string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warnings',
  note: 'notes',
  deviation: 'deviations',
  skip: 'skipped',
  'not-applicable': 'not applicable',
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
  const { byLevel } = report.totals
  const parts = [
    `MUST: ${byLevel.MUST.pass} passed, ${byLevel.MUST.fail} failed`,
    `SHOULD: ${byLevel.SHOULD.warn} warning${byLevel.SHOULD.warn === 1 ? '' : 's'}`,
    `advisory: ${byLevel.ADVISORY.note} note${byLevel.ADVISORY.note === 1 ? '' : 's'}`,
    `${report.deviations.length} documented deviation${report.deviations.length === 1 ? '' : 's'}`,
    `${report.drift.length} documentation drift item${report.drift.length === 1 ? '' : 's'}`,
  ]
  return `${parts.join(' · ')}. The whole report, with the evidence, is \`report.html\`.`
}

function failedChecks(report: TargetReport): string[] {
  const failed: Result[] = [
    ...report.results.filter((r) => r.outcome === 'fail'),
    ...report.results.filter((r) => r.outcome === 'error'),
  ]
  if (failed.length === 0) return []
  const errors = failed.length - report.totals.all.fail
  const title =
    errors === 0
      ? `Failed checks (${failed.length})`
      : `Failed checks (${report.totals.all.fail}) and checks that could not judge (${errors})`
  const listed = failed.slice(0, MARKDOWN_MAX_LISTED)
  const rest = failed.length - listed.length
  return [
    '',
    `### ${title}`,
    '',
    '| check | scenario | clause | finding |',
    '| --- | --- | --- | --- |',
    ...listed.map(
      (r) =>
        `| ${code(r.checkId)} | ${code(r.scenario)} | ${text(r.clause)} | ${r.outcome === 'error' ? '**could not judge:** ' : ''}${text(truncate(r.message ?? '', MESSAGE_MAX))} |`,
    ),
    ...(rest > 0
      ? ['', `…and ${rest} more failed check${rest === 1 ? '' : 's'}: see \`report.html\`.`]
      : []),
  ]
}
