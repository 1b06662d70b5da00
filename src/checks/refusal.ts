/**
 * The one shape most token-endpoint checks share: this request must be refused with this status
 * and this RFC 6749 §5.2 error code.
 */
import type { RecordedResponse } from '../http/exchange.ts'
import { fail, pass, type Verdict } from './check.ts'
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
 * this check's.
 */
export function expectRefusal(response: RecordedResponse, expected: ExpectedRefusal): Verdict {
  const wanted = expectation(expected)
  const actual = describe(response)
  if (issuedToken(response) || !expected.statuses.includes(response.status)) {
    return fail(`expected ${wanted}, got ${actual}`, { expected: wanted, actual })
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
