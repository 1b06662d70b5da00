import type { Outcome, Result } from '../checks/check.ts'
import type { Exchange } from '../http/exchange.ts'
import { escapeXml, truncate } from './escape.ts'
import type { CheckRecord, TargetReport } from './model.ts'
import { OUTCOME_LABELS } from './totals.ts'

/** Longest `message` attribute: CI pages show it on one line; the element's text has it whole. */
const MESSAGE_ATTRIBUTE_MAX = 500

const attr = (text: string) => escapeXml(text, { attribute: true })
const seconds = (ms: number) => (ms / 1000).toFixed(3)

/**
 * `junit.xml`: one `<testsuite>` for the target, one `<testcase>` per check × scenario.
 *
 * - `name` is the check id with the scenario in brackets, `rfc6749.5.1.cache-control-no-store
 *   [password.valid]`, as parametrised tests are named: GitLab keeps only the first of two test
 *   cases with one name, and Jenkins tracks history by name.
 * - `classname` is the target's name; GitLab shows it as the suite.
 * - `fail` is a `<failure>`, `error` (the check could not judge) an `<error>`, `skip` a
 *   `<skipped>` with the reason. A `warn`, `note` or `deviation` does not fail the build (the exit
 *   code counts MUST failures only), so it passes, with its message in `<system-out>`.
 * - Check id, scenario, clause, standard, level and outcome are `<property>`s of the test case,
 *   as pytest writes them; the clause and level also open each failure's text, for CI pages that
 *   ignore test-case properties.
 * - `time` is the time the exchanges it judged took.
 */
export function toJunit(report: TargetReport): string {
  const { all } = report.totals
  const targetError = report.error === undefined ? [] : [targetErrorCase(report)]
  const counts = {
    tests: report.results.length + targetError.length,
    failures: all.fail,
    errors: all.error + targetError.length,
    skipped: all.skip + all['not-applicable'],
  }
  const countAttrs = Object.entries(counts)
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ')
  const exchanges = new Map(report.exchanges.map((exchange) => [exchange.id, exchange]))
  const checks = new Map(report.checks.map((check) => [check.id, check]))
  const suiteProperties: [string, string][] = [
    ['tokencheck.version', report.tool.version],
    ['target.kind', report.target.kind],
    ['target.baseUrl', report.target.baseUrl],
    ['target.tokenUrl', report.target.tokenUrl],
    ['spec', report.spec.name],
    ['spec.file', report.spec.file],
    ['spec.sha256', report.spec.sha256],
  ]
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tokencheck" ${countAttrs} time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${attr(report.target.name)}" ${countAttrs} time="${seconds(report.durationMs)}" timestamp="${attr(report.startedAt)}">`,
    '    <properties>',
    ...suiteProperties.map(
      ([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`,
    ),
    '    </properties>',
    ...targetError,
    ...report.results.flatMap((result) =>
      testcase(report.target.name, result, checks.get(result.checkId), exchanges),
    ),
    '  </testsuite>',
    '</testsuites>',
  ]
  return `${lines.join('\n')}\n`
}

/** A target that could not be judged at all is one test case in error, so CI sees it. */
function targetErrorCase(report: TargetReport): string {
  const message = report.error ?? ''
  return `    <testcase name="tokencheck [target]" classname="${attr(report.target.name)}" time="0.000"><error message="${attr(truncate(message, MESSAGE_ATTRIBUTE_MAX))}" type="target">${escapeXml(`tokencheck could not judge this target: ${message}`)}</error></testcase>`
}

function testcase(
  target: string,
  result: Result,
  check: CheckRecord | undefined,
  exchanges: ReadonlyMap<string, Exchange>,
): string[] {
  const time = result.exchangeIds.reduce((sum, id) => sum + (exchanges.get(id)?.durationMs ?? 0), 0)
  const properties: [string, string][] = [
    ['check', result.checkId],
    ['scenario', result.scenario],
    ['clause', result.clause],
    ['standard', result.standard],
    ['level', result.level],
    ['outcome', result.outcome],
  ]
  return [
    `    <testcase name="${attr(`${result.checkId} [${result.scenario}]`)}" classname="${attr(target)}" time="${seconds(time)}">`,
    '      <properties>',
    ...properties.map(
      ([name, value]) => `        <property name="${name}" value="${attr(value)}"/>`,
    ),
    '      </properties>',
    ...verdictElement(result, check),
    '    </testcase>',
  ]
}

const ELEMENT: Partial<Record<Outcome, 'failure' | 'error' | 'skipped' | 'system-out'>> = {
  fail: 'failure',
  error: 'error',
  skip: 'skipped',
  'not-applicable': 'skipped',
  warn: 'system-out',
  note: 'system-out',
  deviation: 'system-out',
}

function verdictElement(result: Result, check: CheckRecord | undefined): string[] {
  const element = ELEMENT[result.outcome]
  if (element === undefined) return []
  const message = result.message ?? ''
  if (element === 'skipped') return [`      <skipped message="${attr(message)}"/>`]
  const text = escapeXml(details(result, check))
  if (element === 'system-out') return [`      <system-out>${text}</system-out>`]
  const messageAttr = attr(truncate(message, MESSAGE_ATTRIBUTE_MAX))
  return [`      <${element} message="${messageAttr}" type="${result.level}">${text}</${element}>`]
}

/** The failure's text: what was required, what was found, and which exchanges show it. */
function details(result: Result, check: CheckRecord | undefined): string {
  const lines = [
    `${result.clause} (${result.level})${check === undefined ? '' : `: ${check.title}`}`,
    `${OUTCOME_LABELS[result.outcome]}: ${result.message ?? ''}`,
  ]
  if (result.expected !== undefined) lines.push(`expected: ${result.expected}`)
  if (result.actual !== undefined) lines.push(`actual: ${result.actual}`)
  if (result.deviation !== undefined) {
    const line = result.deviation.line === undefined ? '' : ` (line ${result.deviation.line})`
    lines.push(`documented by the vendor${line}: "${result.deviation.quote}"`)
  }
  if (result.exchangeIds.length > 0) lines.push(`evidence: ${result.exchangeIds.join(', ')}`)
  return lines.join('\n')
}
