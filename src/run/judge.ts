import { resultOf, type Check, type Result, type Verdict } from '../checks/check.ts'
import { deviationPremiseHolds } from '../checks/deviation.ts'
import { describe, issuedToken, requestParam, where } from '../checks/evidence.ts'
import { header, type Exchange } from '../http/exchange.ts'
import type { ScenarioId } from '../scenarios/registry.ts'
import type { PreparedTarget } from './prepared.ts'
import { unjudgeable } from './unjudgeable.ts'

/**
 * The result of one check on one scenario of a prepared target. Preconditions come first: a check
 * that does not apply, a scenario skipped or broken, a scenario without exchanges, an answer that
 * cannot be judged (no response, a redirect, a 503: see unjudgeable.ts). A check that throws is an
 * `error`, never a pass.
 */
export function judgeOne(check: Check, scenario: ScenarioId, target: PreparedTarget): Result {
  const record = target.scenarios.find((candidate) => candidate.id === scenario)
  const all = scenarioExchanges(target, scenario)
  const exchanges =
    check.readsGrant === true ? all : all.filter((exchange) => exchange.scenario === scenario)
  const ids = exchanges.map((exchange) => exchange.id)
  const verdict = verdictOf(check, scenario, target, record, exchanges)
  const own = exchanges.filter((exchange) => exchange.scenario === scenario)
  return resultOf(
    check,
    scenario,
    verdict,
    target.profile,
    ids,
    verdict.outcome !== 'fail' || deviationPremiseHolds(own, target.profile),
  )
}

function verdictOf(
  check: Check,
  scenario: string,
  target: PreparedTarget,
  record: PreparedTarget['scenarios'][number] | undefined,
  exchanges: PreparedTarget['exchanges'],
): Verdict {
  // An unreachable target is one verdict, the target's error: its checks were not run.
  if (target.unreachable === true) {
    return {
      outcome: 'skip',
      reason: 'not run: the target is unreachable (see the target’s error)',
    }
  }
  if (target.error !== undefined) return { outcome: 'error', message: target.error }
  const notApplicable = check.notApplicable?.(target.profile)
  if (notApplicable !== undefined) return { outcome: 'not-applicable', reason: notApplicable }
  if (record === undefined) {
    return { outcome: 'skip', reason: `scenario \`${scenario}\` was not run` }
  }
  if (record.status === 'skipped') {
    return { outcome: 'skip', reason: `${scenario} skipped: ${record.reason ?? ''}` }
  }
  if (record.status === 'error') {
    return { outcome: 'error', message: record.reason ?? `scenario \`${scenario}\` failed` }
  }
  const last = exchanges.at(-1)
  if (last === undefined || last.scenario !== scenario) {
    return { outcome: 'error', message: `scenario \`${scenario}\` ran but recorded no exchange` }
  }
  const fault = unjudgeable(exchanges, scenario)
  if (fault !== undefined) return { outcome: 'error', message: fault }
  const shown = last.response !== undefined && check.premiseShown?.(last.response) === true
  if (check.needsBaseline === true && !shown) {
    const refused = baselineRefused(target.exchanges, scenario, last)
    if (refused !== undefined) return { outcome: 'error', message: refused }
  }
  const related = Object.fromEntries(
    (check.alsoReads ?? [])
      .filter((id) => target.scenarios.some((other) => other.id === id && other.status === 'ran'))
      .map((id) => [id, scenarioExchanges(target, id)]),
  )
  try {
    return check.judge({ exchange: last, exchanges, profile: target.profile, related })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { outcome: 'error', message: `the check failed on ${last.id}: ${message}` }
  }
}

/** The client authentication a token request used, as `password.valid` labels its requests. */
export function clientAuthOf(exchange: Exchange): string | undefined {
  const authorization = header(exchange.request.headers, 'authorization')
  if (authorization !== undefined && /^basic\s/i.test(authorization)) return 'client_secret_basic'
  if (requestParam(exchange, 'client_secret') !== undefined) return 'client_secret_post'
  if (requestParam(exchange, 'client_id') !== undefined) return 'none'
  return undefined
}

/**
 * Why a check that needs a working baseline cannot judge this scenario, or undefined when it can:
 * the valid password grant sent with the same client authentication (any, for `password.valid`
 * itself, or when the run sent none with that authentication) got no token. A variant refused
 * like the valid request says nothing of the variant.
 * @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2)
 */
export function baselineRefused(
  exchanges: readonly Exchange[],
  scenario: string,
  variant: Exchange,
): string | undefined {
  const valid = exchanges.filter((exchange) => exchange.scenario === 'password.valid')
  if (valid.length === 0) return undefined
  const method = scenario === 'password.valid' ? undefined : clientAuthOf(variant)
  const same = valid.filter((exchange) => exchange.label === method)
  const baseline = same.length > 0 ? same : valid
  if (baseline.some((e) => e.response !== undefined && issuedToken(e.response))) return undefined
  const last = baseline.at(-1)!
  const answer =
    last.response === undefined ? (last.failure?.message ?? 'no response') : describe(last.response)
  return `could not judge: the valid request was refused (${where(last)}: ${answer}), so this answer says nothing of the variant`
}

/**
 * A scenario's exchanges as the checks read them: first the earlier exchanges that issued the
 * tokens it used (so a refresh can be compared with its grant), then its own, in order. The
 * request under test is the last.
 */
export function scenarioExchanges(
  target: PreparedTarget,
  scenario: string,
): PreparedTarget['exchanges'] {
  const record = target.scenarios.find((candidate) => candidate.id === scenario)
  const origins = (record?.originExchangeIds ?? []).flatMap((id) =>
    target.exchanges.filter((exchange) => exchange.id === id),
  )
  return [...origins, ...target.exchanges.filter((exchange) => exchange.scenario === scenario)]
}
