/**
 * Reading redacted exchanges: what the checks ask of a response (its JSON object, its error code,
 * whether it issued a token) and how they describe it in a message.
 */
import {
  header,
  mediaTypeOf,
  type Exchange,
  type RecordedResponse,
  type TokenFacts,
} from '../http/exchange.ts'
import { fail, pass, skip, type Verdict } from './check.ts'

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The response body when it is a JSON object. */
export function bodyObject(response: RecordedResponse): Record<string, unknown> | undefined {
  return isObject(response.json) ? response.json : undefined
}

/** The RFC 6749 §5.2 `error` member, when the body has one that is a string. */
export function errorCodeOf(response: RecordedResponse): string | undefined {
  const code = bodyObject(response)?.['error']
  return typeof code === 'string' ? code : undefined
}

export function tokenFacts(response: RecordedResponse, field: string): TokenFacts | undefined {
  return response.tokens.find((token) => token.field === field)
}

export function isSuccess(response: RecordedResponse): boolean {
  return response.status >= 200 && response.status < 300
}

/** A 2xx whose body carries an `access_token`: the server granted the request. */
export function issuedToken(response: RecordedResponse): boolean {
  if (!isSuccess(response)) return false
  return (
    tokenFacts(response, 'access_token') !== undefined ||
    bodyObject(response)?.['access_token'] !== undefined
  )
}

export function contentType(response: RecordedResponse): string | undefined {
  return mediaTypeOf(header(response.headers, 'content-type'))
}

/** A value for a message: in backticks, JSON for anything but a string. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``
  if (value === undefined) return 'nothing'
  return `\`${JSON.stringify(value)}\``
}

/** `a`, `a or b`, `a, b or c`: the allowed values of a message. */
export function oneOf(values: readonly (string | number)[]): string {
  const quoted = values.map((value) => `\`${value}\``)
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
}

/** What a person needs to know of a response in one phrase: "`401` with "error" `invalid_grant`". */
export function describe(response: RecordedResponse): string {
  const status = `\`${response.status}\``
  if (issuedToken(response)) return `${status} with an access token`
  const code = errorCodeOf(response)
  if (code !== undefined) return `${status} with "error" \`${code}\``
  const type = contentType(response)
  if (response.body.trim() === '') return `${status} with an empty body`
  if (response.jsonError !== undefined) return `${status} with \`${type}\` that is not valid JSON`
  return type === undefined ? `${status} with no Content-Type` : `${status} with \`${type}\``
}

/**
 * A skip for a body that cannot be read member by member, saying why: it is not valid JSON (a
 * fault, which the JSON checks fail), another JSON value, or no JSON at all. A member the body
 * may hold cannot be judged absent, so such a body never passes a member check.
 */
export function notAnObject(response: RecordedResponse): Verdict {
  const why =
    response.jsonError !== undefined
      ? `it is not valid JSON (${response.jsonError})`
      : response.json !== undefined
        ? `it is a JSON ${Array.isArray(response.json) ? 'array' : typeof response.json}`
        : `got ${describe(response)}`
  return skip(`the body is not a JSON object: ${why}`)
}

/** Where an exchange is, for a message about one of several: `password.valid#2` (its label). */
export function where(exchange: Exchange): string {
  return exchange.label === undefined
    ? `\`${exchange.id}\``
    : `\`${exchange.id}\` (${exchange.label})`
}

/** A failing verdict for an exchange that has no response; the runner names the fault itself. */
export function noResponse(exchange: Exchange): Verdict {
  return fail(`expected a response, got ${exchange.failure?.message ?? 'none'}`, {
    actual: exchange.failure?.kind ?? 'no response',
  })
}

/**
 * Judges each exchange with `judge`: the first failure (or error) decides, named by where it was
 * when there are several; all skipped is a skip; otherwise a pass.
 */
export function judgeEach(
  exchanges: readonly Exchange[],
  judge: (exchange: Exchange, response: RecordedResponse) => Verdict,
): Verdict {
  let firstSkip: Verdict | undefined
  let passed = false
  for (const exchange of exchanges) {
    const verdict =
      exchange.response === undefined ? noResponse(exchange) : judge(exchange, exchange.response)
    if (verdict.outcome === 'fail') {
      if (exchanges.length === 1) return verdict
      return { ...verdict, message: `${verdict.message} (in ${where(exchange)})` }
    }
    if (verdict.outcome === 'error') return verdict
    if (verdict.outcome === 'skip' || verdict.outcome === 'not-applicable') firstSkip ??= verdict
    else passed = true
  }
  if (passed) return pass()
  return firstSkip ?? skip('the scenario recorded no exchange')
}

/** The last exchange: the request a single-request scenario is about, after any set-up request. */
export function lastOf(exchanges: readonly Exchange[]): readonly Exchange[] {
  const last = exchanges.at(-1)
  return last === undefined ? [] : [last]
}

/**
 * The parameters a request carried in its body, by name, every value kept (repeats too):
 * form-urlencoded, multipart/form-data (its text) or a JSON object. Values are as recorded, so
 * secrets are redacted; names, `grant_type` and `scope` are not.
 */
export function requestParams(exchange: Exchange): Map<string, string[]> {
  const params = new Map<string, string[]>()
  const add = (name: string, value: string) =>
    params.set(name, [...(params.get(name) ?? []), value])
  const body = exchange.request.body
  if (body === undefined || body === '') return params
  const type = mediaTypeOf(header(exchange.request.headers, 'content-type'))
  if (type === 'multipart/form-data') {
    const part =
      /content-disposition:\s*form-data;\s*name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n--/gi
    for (const match of body.matchAll(part)) add(match[1] ?? '', match[2] ?? '')
    return params
  }
  if (type === 'application/json') {
    try {
      const json: unknown = JSON.parse(body)
      if (isObject(json)) for (const [name, value] of Object.entries(json)) add(name, String(value))
    } catch {
      // not JSON after all: no parameters
    }
    return params
  }
  for (const [name, value] of new URLSearchParams(body)) add(name, value)
  return params
}

export function requestParam(exchange: Exchange, name: string): string | undefined {
  return requestParams(exchange).get(name)?.[0]
}

/** The exchanges that asked for a refresh (`grant_type=refresh_token`), in order. */
export function refreshRequests(exchanges: readonly Exchange[]): Exchange[] {
  return exchanges.filter((exchange) => requestParam(exchange, 'grant_type') === 'refresh_token')
}

/** RFC 6749 §3.3: a scope is a space-delimited list of case-sensitive strings. */
export function scopeSet(scope: string): Set<string> {
  return new Set(scope.split(' ').filter((item) => item !== ''))
}

export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item))
}

/** The scope a JWT access token carries: `scope` (RFC 8693 §4.2) or an `scp` array. */
export function jwtScope(token: TokenFacts | undefined): Set<string> | undefined {
  const claims = token?.jwt?.claims
  if (claims === undefined) return undefined
  if (typeof claims['scope'] === 'string') return scopeSet(claims['scope'])
  const scp = claims['scp']
  if (Array.isArray(scp) && scp.every((item) => typeof item === 'string')) return new Set(scp)
  return undefined
}

/** Judges every 2xx response of the scenario; skips when there is none (another check fails it). */
export function eachSuccess(
  exchanges: readonly Exchange[],
  judge: (response: RecordedResponse, exchange: Exchange) => Verdict,
): Verdict {
  const successes = exchanges.filter((e) => e.response !== undefined && isSuccess(e.response))
  if (successes.length === 0) {
    const last = exchanges.at(-1)?.response
    return skip(
      `no successful token response to judge${last === undefined ? '' : `: got ${describe(last)}`}`,
    )
  }
  return judgeEach(successes, (exchange, response) => judge(response, exchange))
}

/** Cache-Control directive names, lower-cased (RFC 9111 §5.2). */
export function cacheDirectives(value: string): Set<string> {
  return new Set(
    value
      .split(',')
      .map((directive) => directive.split('=', 1)[0]?.trim().toLowerCase() ?? '')
      .filter((name) => name !== ''),
  )
}
