/**
 * Answers no check can judge. An exchange that failed (no response in time, a reset, a refused
 * connection, TLS, a body cut short or over the cap), a redirect (never followed: credentials do
 * not travel), or a server saying "not now" (429, 503) or a gateway saying its server did not
 * answer (502, 504) tells nothing about the requirement a check enforces. Every check that reads
 * one gets an `error` naming the fault: never a pass, and never a conformance failure the server
 * may not have.
 */
import { where } from '../checks/evidence.ts'
import { header, type Exchange } from '../http/exchange.ts'

/**
 * Scenarios that provoke throttling: there a 429 or 503 after ordinary answers is the evidence
 * their checks look for (RFC 6749 §4.3.2), not a fault. One to the first request still is.
 */
const PROVOKES_THROTTLING: ReadonlySet<string> = new Set(['password.repeated-wrong-password'])

const THROTTLING = new Set([429, 503])

/** RFC 9110 §15.6.3, §15.6.4, §15.6.5 and RFC 6585 §4: the server, or a gateway, says "not now". */
const NOT_NOW: Readonly<Partial<Record<number, string>>> = {
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** A URL for a message: its query (which may carry credentials, redacted or not) cut. */
function withoutQuery(location: string, base: URL): string {
  try {
    const url = new URL(location, base)
    return `${url.origin}${url.pathname}${url.search === '' ? '' : '?…'}`
  } catch {
    return location.split('?', 1)[0] ?? ''
  }
}

/**
 * Why this one exchange cannot be judged, or undefined when it can.
 * @see [RFC 9110 §15.4](https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4) (redirection),
 * [§15.6.4](https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4) (503 and Retry-After),
 * [RFC 6585 §4](https://www.rfc-editor.org/rfc/rfc6585.html#section-4) (429)
 */
export function faultOf(exchange: Exchange, throttlingExpected = false): string | undefined {
  if (exchange.failure !== undefined) {
    return `expected a complete response, got ${exchange.failure.message}`
  }
  const response = exchange.response
  if (response === undefined) return 'expected a response, got none'
  const { status } = response
  if (status >= 300 && status < 400) {
    const url = new URL(exchange.request.url)
    const location = header(response.headers, 'location')
    const to =
      location === undefined ? 'with no "Location"' : `to \`${withoutQuery(location, url)}\``
    return `expected an answer at \`${url.origin}${url.pathname}\`, got a \`${status}\` redirect ${to}, not followed (credentials never follow a redirect): point tokencheck at the URL that answers`
  }
  const phrase = NOT_NOW[status]
  if (phrase === undefined || (throttlingExpected && THROTTLING.has(status))) return undefined
  if (status === 502 || status === 504) {
    return `expected an answer from the server, got \`${status}\` (${phrase}) from a gateway in front of it: the server behind did not answer`
  }
  const retryAfter = header(response.headers, 'retry-after')
  return retryAfter === undefined
    ? `expected an answer to judge, got \`${status}\` (${phrase}) without "Retry-After": the server is not taking requests now; run again later`
    : `expected an answer to judge, got \`${status}\` (${phrase}) with "Retry-After" \`${retryAfter}\`: the server asks to be tried again later`
}

/**
 * Why a scenario's own exchanges cannot be judged: the first fault among them, named by where it
 * is when there are several; undefined when every one can be judged.
 */
export function unjudgeable(exchanges: readonly Exchange[], scenario: string): string | undefined {
  const own = exchanges.filter((exchange) => exchange.scenario === scenario)
  let answered = false
  for (const exchange of own) {
    const fault = faultOf(exchange, answered && PROVOKES_THROTTLING.has(scenario))
    if (fault !== undefined) return own.length > 1 ? `${fault} (in ${where(exchange)})` : fault
    answered = true
  }
  return undefined
}
