/**
 * When a documented deviation may excuse a failure: only when the exchange shows the documented
 * alternative. "Errors are problem details" excuses the RFC 6749 §5.2 shape of an
 * `application/problem+json` answer, not of an `application/json {"detail": …}` one: there both
 * the RFC check and the spec's own checks fail.
 */
import type { Exchange } from '../http/exchange.ts'
import { operationOfExchange } from '../openapi/operations.ts'
import type { Profile } from '../openapi/profile.ts'
import { contentType } from './evidence.ts'
import { documentedResponse } from './spec-contract.ts'

function mediaMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true
  return documented.endsWith('/*') && actual.startsWith(documented.slice(0, -1))
}

/** True when the answer is in a media type the spec's vendor documents for its status. */
function showsDocumentedAlternative(exchange: Exchange, profile: Profile): boolean {
  const response = exchange.response
  if (response === undefined) return false
  const op = operationOfExchange(exchange, profile)
  if (op === undefined) return false
  const documented = documentedResponse(op, response.status)
  if (documented === undefined || documented.source === 'tokencheck') return false
  const actual = contentType(response)
  if (actual === undefined) return documented.mediaTypes.length === 0
  return documented.mediaTypes.some(
    (media) => media.source !== 'tokencheck' && mediaMatches(media.mediaType, actual),
  )
}

/**
 * True when every answer the check judged (its error answers, when it judged some) is in the
 * shape the spec documents for it, so a deviation the spec documents may excuse the failure.
 */
export function deviationPremiseHolds(exchanges: readonly Exchange[], profile: Profile): boolean {
  const answered = exchanges.filter((exchange) => exchange.response !== undefined)
  const errors = answered.filter((exchange) => exchange.response!.status >= 400)
  const judged = errors.length > 0 ? errors : answered
  return judged.length > 0 && judged.every((e) => showsDocumentedAlternative(e, profile))
}
