import { LEVELS, OUTCOMES, STANDARDS, type Outcome, type Result } from '../checks/check.ts'
import { SETUP } from '../scenarios/grants.ts'
import type { OutcomeCounts, ScenarioRecord, Totals } from './model.ts'

/** Every outcome at zero. */
export function emptyCounts(): OutcomeCounts {
  return Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as OutcomeCounts
}

/** Counts results by outcome, overall, per standard and per level; every key is present. */
export function totalsOf(
  results: readonly Pick<Result, 'outcome' | 'standard' | 'level'>[],
): Totals {
  const totals: Totals = {
    all: emptyCounts(),
    byStandard: Object.fromEntries(
      STANDARDS.map((s) => [s, emptyCounts()]),
    ) as Totals['byStandard'],
    byLevel: Object.fromEntries(LEVELS.map((l) => [l, emptyCounts()])) as Totals['byLevel'],
  }
  for (const result of results) {
    totals.all[result.outcome] += 1
    totals.byStandard[result.standard][result.outcome] += 1
    totals.byLevel[result.level][result.outcome] += 1
  }
  return totals
}

/**
 * A run's scenarios as every writer and the console count them: those sent (including any that
 * broke), and those skipped. The `setup` record, token requests made for other scenarios, is no
 * scenario.
 */
export function scenarioCounts(scenarios: readonly Pick<ScenarioRecord, 'id' | 'status'>[]): {
  sent: number
  skipped: number
} {
  const own = scenarios.filter((scenario) => scenario.id !== SETUP)
  const skipped = own.filter((scenario) => scenario.status === 'skipped').length
  return { sent: own.length - skipped, skipped }
}

/** The number of results counted in a set of counts. */
export function countOf(counts: OutcomeCounts): number {
  return OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0)
}

/**
 * The outcomes from worst to best, for sorting and for a report's colours: a failed MUST first, a
 * check that could not judge next (never a pass), then the softer findings.
 */
export const OUTCOME_ORDER: Record<Outcome, number> = {
  fail: 0,
  error: 1,
  warn: 2,
  deviation: 3,
  note: 4,
  skip: 5,
  pass: 6,
  'not-applicable': 7,
}

/** What each outcome means, for a person reading a report. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  pass: 'passed',
  fail: 'failed (MUST)',
  warn: 'warning (SHOULD)',
  note: 'note (advisory)',
  deviation: 'documented deviation',
  'not-applicable': 'not applicable',
  skip: 'skipped',
  error: 'could not judge',
}

/** An ISO 8601 time as `2026-03-01 09:00:00 UTC`; text that is no time is shown as it is. */
export function utcTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}
