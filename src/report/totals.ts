import { LEVELS, OUTCOMES, STANDARDS, type Result } from '../checks/check.ts'
import type { OutcomeCounts, Totals } from './model.ts'

export function emptyCounts(): OutcomeCounts {
  return Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as OutcomeCounts
}

/** Counts results by outcome: overall, by standard and by level. */
export function totalsOf(results: readonly Result[]): Totals {
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
