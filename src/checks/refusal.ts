/**
 * The one shape most token-endpoint checks share: this request must be refused with this status
 * and this RFC 6749 §5.2 error code.
 */
import type { Exchange, RecordedResponse } from '../http/exchange.ts'
import { fail, pass, skip, type JudgeInput, type Verdict } from './check.ts'
import { describe, errorCodeOf, issuedToken, oneOf } from './evidence.ts'

export interface ExpectedRefusal {
  statuses: readonly number[]
  /** The acceptable `error` codes. */
  errors: readonly string[]
}

function expectation({ statuses, errors }: ExpectedRefusal): string {
  return `${oneOf(statuses)} with "error" ${oneOf(errors)}`
}

/**
 * A response that issued a token, or has another status, fails; so does an `error` member with
 * another code. A body without an `error` member is judged on its status alone: that it lacks one
 * is `rfc6749.5.2.error-code`'s finding (and a documented deviation for ProblemDetail APIs), not
 * this check's. A body that is not valid JSON though its media type says so is a skip: its code
 * may be anything.
 */
export function expectRefusal(response: RecordedResponse, expected: ExpectedRefusal): Verdict {
  const wanted = expectation(expected)
  const actual = describe(response)
  if (issuedToken(response) || !expected.statuses.includes(response.status)) {
    return fail(`expected ${wanted}, got ${actual}`, { expected: wanted, actual })
  }
  // A body that promised JSON and broke it hides its code: the status alone proves nothing.
  if (response.jsonError !== undefined) {
    return skip(`got ${actual} (${response.jsonError}): its "error" cannot be read`)
  }
  const code = errorCodeOf(response)
  if (code !== undefined && !expected.errors.includes(code)) {
    return fail(`expected ${wanted}, got ${actual}`, { expected: wanted, actual })
  }
  return pass()
}

/**
 * Refused, whatever the status: no 2xx. How it is refused (405, 400, 401…) is other checks'
 * business, a 5xx included (`rfc6749.5.2.no-server-error`).
 */
export function expectNoToken(response: RecordedResponse, what: string): Verdict {
  if (response.status >= 200 && response.status < 300) {
    const actual = describe(response)
    return fail(`expected ${what} to be refused, got ${actual}`, { expected: 'no 2xx', actual })
  }
  return pass()
}

/** The scenario whose success gives a refusal its meaning: a token issued, a token accepted. */
export type Baseline = 'password.valid' | 'password.special-characters' | 'resource.valid-token'

function outcomeOf(exchange: Exchange | undefined): string {
  if (exchange === undefined) return 'no exchange'
  if (exchange.response === undefined) return exchange.failure?.message ?? 'no response'
  return describe(exchange.response)
}

/**
 * Why a refusal says nothing on this target, or undefined when it does: a server that refuses the
 * request done right refuses everything, so refusing a wrong one proves nothing (a server that
 * answers 500 to every request, or the wrong URL, or credentials it does not know).
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export function baselineProblem(
  related: JudgeInput['related'],
  baseline: Baseline,
): string | undefined {
  const exchanges = related?.[baseline]?.filter((exchange) => exchange.scenario === baseline)
  if (exchanges === undefined || exchanges.length === 0) {
    return `\`${baseline}\` did not run, so a refusal here says nothing`
  }
  if (baseline !== 'resource.valid-token') {
    if (exchanges.some((e) => e.response !== undefined && issuedToken(e.response))) return undefined
    return `\`${baseline}\` got no token either (${outcomeOf(exchanges.at(-1))}), so a refusal here says nothing`
  }
  const last = exchanges.at(-1)
  const status = last?.response?.status ?? 0
  if (status >= 200 && status < 300) return undefined
  return `the resource refused a valid token too (${outcomeOf(last)}), so a refusal here says nothing`
}

/** A refusal's pass, unless the baseline shows it says nothing: then a skip with the reason. */
export function meaningfulRefusal(
  verdict: Verdict,
  related: JudgeInput['related'],
  baseline: Baseline,
): Verdict {
  if (verdict.outcome !== 'pass') return verdict
  const problem = baselineProblem(related, baseline)
  return problem === undefined ? verdict : skip(problem)
}
