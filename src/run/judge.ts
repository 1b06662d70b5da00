import { resultOf, type Check, type Result, type Verdict } from '../checks/check.ts'
import type { PreparedTarget } from './provided.ts'

/**
 * The result of one check on one scenario of a prepared target. Preconditions come first: a check
 * that does not apply, a scenario skipped or broken, a scenario without exchanges. A check that
 * throws is an `error`, never a pass.
 */
export function judgeOne(check: Check, scenario: string, target: PreparedTarget): Result {
  const record = target.scenarios.find((candidate) => candidate.id === scenario)
  const exchanges = target.exchanges.filter((exchange) => exchange.scenario === scenario)
  const ids = exchanges.map((exchange) => exchange.id)
  return resultOf(
    check,
    scenario,
    verdictOf(check, scenario, target, record, exchanges),
    target.profile,
    ids,
  )
}

function verdictOf(
  check: Check,
  scenario: string,
  target: PreparedTarget,
  record: PreparedTarget['scenarios'][number] | undefined,
  exchanges: PreparedTarget['exchanges'],
): Verdict {
  if (target.error !== undefined) return { outcome: 'error', message: target.error }
  const notApplicable = check.notApplicable?.(target.profile)
  if (notApplicable !== undefined) return { outcome: 'skip', reason: notApplicable }
  if (record === undefined) {
    return { outcome: 'skip', reason: `scenario \`${scenario}\` was not run` }
  }
  if (record.status === 'skipped') {
    return { outcome: 'skip', reason: `${scenario} skipped: ${record.reason ?? ''}` }
  }
  if (record.status === 'error') {
    return { outcome: 'error', message: record.reason ?? `scenario \`${scenario}\` failed` }
  }
  const [first] = exchanges
  if (first === undefined) {
    return { outcome: 'error', message: `scenario \`${scenario}\` ran but recorded no exchange` }
  }
  try {
    return check.judge({ exchange: first, exchanges, profile: target.profile })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { outcome: 'error', message: `the check failed on ${first.id}: ${message}` }
  }
}
