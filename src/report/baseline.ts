import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { Outcome, Result } from '../checks/check.ts'
import { TokencheckError } from '../errors.ts'
import type { TargetReport } from './model.ts'
import { OWN_SCHEMA_OPTIONS } from '../own-schema.ts'

/** The file `tokencheck run --baseline` reads and `tokencheck baseline update` writes. */
export const BASELINE_FILE = 'tokencheck.baseline.json'

/**
 * The outcomes a baseline holds: a failed MUST, and a check that could not judge (an error is
 * never a pass, so a new one breaks the build too). Warnings, notes and deviations never fail a
 * run, so a baseline need not list them.
 */
export const FAILING_OUTCOMES: ReadonlySet<Outcome> = new Set(['fail', 'error'])

/** One failure the baseline expects, matched by target, scenario and check id. */
export interface ExpectedFailure {
  target: string
  scenario: string
  check: string
  /** For a person reading the file; never matched. */
  clause?: string
  message?: string
}

export interface Baseline {
  version: 1
  expectedFailures: readonly ExpectedFailure[]
}

/** A result of one target that a comparison speaks of. */
export interface TargetResult {
  target: string
  result: Result
}

export interface BaselineComparison {
  /** Failures the baseline does not expect: the run fails. */
  unexpected: readonly TargetResult[]
  /** Expected failures that no longer fail (a pass, or now a warning, note or deviation): the run fails until the baseline is updated, so it stays true. */
  resolved: readonly { expected: ExpectedFailure; outcome: Outcome }[]
  /** Expected failures of a target that ran whose check this run did not judge (skipped, or not run): reported only. */
  unjudged: readonly { expected: ExpectedFailure; reason: string }[]
  /** Expected failures that failed again. */
  expected: readonly TargetResult[]
  /** Targets the run could not judge at all, with the reason: the run fails. */
  notJudged: readonly { target: string; reason: string }[]
  /** True when every target was judged, nothing is unexpected and nothing resolved. */
  ok: boolean
  /** One line per finding, unexpected first, for the terminal. */
  messages: readonly string[]
}

const keyOf = (target: string, scenario: string, check: string) =>
  `${target}\u0000${scenario}\u0000${check}`
const nameOf = (e: { target: string; scenario: string; check: string }) =>
  `${e.target}: ${e.check} [${e.scenario}]`

/**
 * Compares the reports of a run with a baseline of expected failures. Only the targets of these
 * reports are compared: a baseline may cover more targets than one run.
 */
export function compareToBaseline(
  reports: readonly TargetReport[],
  baseline: Baseline,
): BaselineComparison {
  const expectedByKey = new Map(
    baseline.expectedFailures.map((e) => [keyOf(e.target, e.scenario, e.check), e]),
  )
  const unexpected: TargetResult[] = []
  const expected: TargetResult[] = []
  const resolved: { expected: ExpectedFailure; outcome: Outcome }[] = []
  const judged = new Map<string, Result>()
  for (const report of reports) {
    const target = report.target.name
    for (const result of report.results) {
      const key = keyOf(target, result.scenario, result.checkId)
      judged.set(key, result)
      if (!FAILING_OUTCOMES.has(result.outcome)) continue
      if (expectedByKey.has(key)) expected.push({ target, result })
      else unexpected.push({ target, result })
    }
  }
  const targets = new Set(reports.map((r) => r.target.name))
  const unjudged: { expected: ExpectedFailure; reason: string }[] = []
  for (const entry of baseline.expectedFailures) {
    if (!targets.has(entry.target)) continue
    const result = judged.get(keyOf(entry.target, entry.scenario, entry.check))
    if (result === undefined) unjudged.push({ expected: entry, reason: 'not run' })
    else if (result.outcome === 'skip')
      unjudged.push({ expected: entry, reason: `skipped: ${result.message ?? ''}` })
    else if (result.outcome === 'not-applicable')
      unjudged.push({ expected: entry, reason: `not applicable: ${result.message ?? ''}` })
    else if (!FAILING_OUTCOMES.has(result.outcome))
      resolved.push({ expected: entry, outcome: result.outcome })
  }
  const notJudged = reports.flatMap((report) =>
    report.error === undefined ? [] : [{ target: report.target.name, reason: report.error }],
  )
  const messages = [
    ...notJudged.map(({ target, reason }) => `${target}: could not be judged at all: ${reason}`),
    ...unexpected.map(
      ({ target, result }) =>
        `${nameOf({ target, scenario: result.scenario, check: result.checkId })} ${result.outcome === 'error' ? 'could not judge' : 'failed'}, and the baseline does not expect it: ${result.message ?? ''}`,
    ),
    ...resolved.map(
      ({ expected: e, outcome }) =>
        `${nameOf(e)} ${outcome === 'pass' ? 'now passes' : `is now a ${outcome}, no failure`}, but the baseline expects it to fail: run \`tokencheck baseline update\` to drop it`,
    ),
    ...unjudged.map(
      ({ expected: e, reason }) =>
        `${nameOf(e)} is expected to fail but was not judged in this run (${reason})`,
    ),
  ]
  return {
    unexpected,
    resolved,
    unjudged,
    expected,
    notJudged,
    ok: notJudged.length === 0 && unexpected.length === 0 && resolved.length === 0,
    messages,
  }
}

/**
 * Why these reports cannot become a baseline, one line a target; empty when they can. A baseline
 * records failures the team knows of: a target that could not be judged at all (unreachable, its
 * mock did not start) or a check that could not judge (the valid request was refused, an answer
 * that cannot be judged) is no known failure, and recording it would hide every real one.
 */
export function unrecordable(reports: readonly TargetReport[]): string[] {
  return reports.flatMap((report) => {
    const name = report.target.name
    if (report.error !== undefined) return [`${name}: could not be judged at all: ${report.error}`]
    const errors = report.results.filter((result) => result.outcome === 'error')
    if (errors.length === 0) return []
    const first = errors[0]!
    return [
      `${name}: ${errors.length} check${errors.length === 1 ? '' : 's'} could not judge (the first, ${first.checkId} [${first.scenario}]: ${first.message ?? ''})${report.diagnosis === undefined ? '' : `; ${report.diagnosis}`}`,
    ]
  })
}

/**
 * The baseline that expects exactly the failures of these reports, keeping what `previous`
 * expects of the targets they do not cover. Sorted, so that updates diff well.
 */
export function baselineFrom(reports: readonly TargetReport[], previous?: Baseline): Baseline {
  const covered = new Set(reports.map((r) => r.target.name))
  const kept = (previous?.expectedFailures ?? []).filter((e) => !covered.has(e.target))
  const current = reports.flatMap((report) =>
    report.results
      .filter((result) => FAILING_OUTCOMES.has(result.outcome))
      .map((result): ExpectedFailure => ({
        target: report.target.name,
        scenario: result.scenario,
        check: result.checkId,
        clause: result.clause,
        ...(result.message === undefined ? {} : { message: result.message }),
      })),
  )
  const unique = new Map(
    [...kept, ...current].map((e) => [keyOf(e.target, e.scenario, e.check), e]),
  )
  return {
    version: 1,
    expectedFailures: [...unique.values()].sort((a, b) => nameOf(a).localeCompare(nameOf(b))),
  }
}

/** The baseline file's JSON Schema. */
export const BASELINE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'expectedFailures'],
  properties: {
    $comment: { type: 'string' },
    version: { const: 1 },
    expectedFailures: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['target', 'scenario', 'check'],
        properties: {
          target: { type: 'string', minLength: 1 },
          scenario: { type: 'string', minLength: 1 },
          check: { type: 'string', minLength: 1 },
          clause: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const

let compiled: ValidateFunction | undefined
const validator = () =>
  (compiled ??= new Ajv2020({ ...OWN_SCHEMA_OPTIONS, allErrors: true }).compile(BASELINE_SCHEMA))

/** Reads a baseline's text; a malformed one is a configuration error that says where. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new TokencheckError('ERR_CONFIG', `${file} is not JSON: ${(error as Error).message}`)
  }
  const validate = validator()
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map(
      (e) =>
        `at \`${e.instancePath || '/'}\`: ${e.message ?? 'is invalid'}${'additionalProperty' in e.params ? ` "${String(e.params['additionalProperty'])}"` : ''}`,
    )
    throw new TokencheckError(
      'ERR_CONFIG',
      `${file} is not a tokencheck baseline:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    )
  }
  const { version, expectedFailures } = data as Baseline
  return { version, expectedFailures }
}

export function readBaseline(file: string): Baseline {
  if (!existsSync(file)) {
    throw new TokencheckError(
      'ERR_CONFIG',
      `no baseline at ${file}: create it with \`tokencheck baseline update --baseline ${file}\``,
    )
  }
  return parseBaseline(readFileSync(file, 'utf8'), file)
}

/** The file's text: two-space JSON, a comment on how it is kept, one entry per line group. */
export function formatBaseline(baseline: Baseline): string {
  const text = {
    $comment:
      'Expected failures for `tokencheck run --baseline`, matched by target, scenario and check. Update with `tokencheck baseline update`.',
    ...baseline,
  }
  return `${JSON.stringify(text, null, 2)}\n`
}

export function writeBaseline(file: string, baseline: Baseline): void {
  writeFileSync(file, formatBaseline(baseline))
}
