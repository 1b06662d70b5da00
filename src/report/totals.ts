import { LEVELS, OUTCOMES, STANDARDS, type Outcome, type Result } from '../checks/check.ts'
import type { OutcomeCounts, Totals } from './model.ts'

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
  'not-applicable': 6,
  pass: 7,
}

/** What each outcome means, for a person reading a report. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  pass: 'passed',
  fail: 'failed (MUST)',
  warn: 'warning (SHOULD)',
  note: 'note (advisory)',
  deviation: 'documented deviation',
  skip: 'skipped',
  'not-applicable': 'not applicable',
  error: 'could not judge',
}

/** An ISO 8601 time as `2026-03-01 09:00:00 UTC`; text that is no time is shown as it is. */
export function utcTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}
