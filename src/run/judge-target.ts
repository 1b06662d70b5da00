import type { Result } from '../checks/check.ts'
import { catalogue } from '../checks/index.ts'
import type { CheckRecord } from '../report/model.ts'
import { SCENARIO_IDS } from '../scenarios/registry.ts'
import { judgeOne } from './judge.ts'
import type { PreparedTarget } from './prepared.ts'
import { pairSelected, type Selection } from './selection.ts'

/** Every verdict on one target: the checks judged and their results, as the report lists them. */
export interface JudgedTarget {
  checks: CheckRecord[]
  results: Result[]
}

/**
 * Judges a prepared target: every check on every scenario it reads that the selection keeps, in
 * send order, then by check id. Pure over the recorded exchanges: no request is sent, no runner
 * is involved, and each spec's validators are compiled once for the whole run. A scenario a check
 * reads that no run sends is judged too (a skip saying it was not run), never silently left out.
 */
export function judgeTarget(target: PreparedTarget, selection: Selection): JudgedTarget {
  const read = new Set(catalogue.flatMap((check) => check.reads))
  const order = [...SCENARIO_IDS.filter((id) => read.has(id)), ...[...read].filter(notKnown)]
  const results: Result[] = []
  const used = new Set<string>()
  for (const scenario of order) {
    const checks = catalogue
      .filter(
        (check) => check.reads.includes(scenario) && pairSelected(selection, check.id, scenario),
      )
      .sort((a, b) => a.id.localeCompare(b.id))
    for (const check of checks) {
      results.push(judgeOne(check, scenario, target))
      used.add(check.id)
    }
  }
  const checks = catalogue
    .filter((check) => used.has(check.id))
    .map(({ id, clause, standard, level, title }) => ({ id, clause, standard, level, title }))
  return { checks, results }
}

const KNOWN: ReadonlySet<string> = new Set(SCENARIO_IDS)
const notKnown = (id: string) => !KNOWN.has(id)
