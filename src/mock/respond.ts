import type { ServerResponse } from 'node:http'
import { STATUS_PHRASES } from '../http/status-phrases.ts'
import type { ErrorStyle } from '../openapi/extension.ts'

/** What the mock answered, for its log line: `issued`, `invalid_grant`, `prism 404`… */
export interface Answer {
  status: number
  outcome: string
}

export type Headers = Record<string, string>

/** Token responses and their errors are never cached (RFC 6749 §5.1). */
export const NO_STORE: Headers = { 'cache-control': 'no-store', pragma: 'no-cache' }

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  outcome: string,
  headers: Headers = {},
  mediaType = 'application/json',
): Answer {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': mediaType,
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
  return { status, outcome }
}

/** An OAuth error code and what a person should read about it. */
export interface OAuthFault {
  status: number
  error: string
  description: string
  headers?: Headers
}

export function fault(
  status: number,
  error: string,
  description: string,
  headers?: Headers,
): OAuthFault {
  return { status, error, description, ...(headers === undefined ? {} : { headers }) }
}

/**
 * An error in the vendor's style: RFC 6749 §5.2 JSON (`error`, `error_description`), or an RFC
 * 9457 problem (`type`, `title`, `status`, `detail`) for a spec whose errors are ProblemDetails.
 * Descriptions keep to RFC 6749 §5.2's characters: printable ASCII without `"` and `\`.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 * @see [RFC 9457 §3](https://www.rfc-editor.org/rfc/rfc9457.html#section-3)
 */
export function sendError(
  res: ServerResponse,
  style: ErrorStyle,
  problem: OAuthFault,
  extraHeaders: Headers = {},
): Answer {
  const headers = { ...extraHeaders, ...problem.headers }
  const { body, mediaType } = errorBody(style, problem)
  return sendJson(res, problem.status, body, problem.error || 'challenge', headers, mediaType)
}

/** The body and media type of an error in the vendor's style. */
export function errorBody(
  style: ErrorStyle,
  problem: OAuthFault,
): { body: Record<string, unknown>; mediaType: string } {
  const description = problem.description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "'")
  if (style === 'rfc9457') {
    const body = {
      type: 'about:blank',
      title: STATUS_PHRASES[problem.status]?.[0] ?? 'Error',
      status: problem.status,
      detail: description,
    }
    return { body, mediaType: 'application/problem+json' }
  }
  const body = problem.error === '' ? {} : { error: problem.error, error_description: description }
  return { body, mediaType: 'application/json' }
}
