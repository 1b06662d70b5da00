import { header, type Exchange, type HeaderList } from '../http/exchange.ts'
import type { TargetReport } from './model.ts'

/**
 * `transcripts.har`: every exchange as an HTTP Archive 1.2 entry, redacted as recorded, in the
 * order sent, for a browser's network panel (Import HAR) or any HAR viewer.
 *
 * - An exchange that failed (timeout, reset, refused by policy) has no response: it gets status 0
 *   and the reason in `response._error`, as Chromium exports a failed request.
 * - Only the total time is recorded, so it is all `wait`; what is unknown is -1 (HAR 1.2 §timings).
 * - The exchange id, scenario and label are the entry's `comment` and `_tokencheck`.
 *
 * @see [HAR 1.2](http://www.softwareishard.com/blog/har-12-spec/)
 */
export function toHar(report: TargetReport): string {
  const har = {
    log: {
      version: '1.2',
      creator: {
        name: report.tool.name,
        version: report.tool.version,
        comment: `${report.target.name} against ${report.spec.name}`,
      },
      entries: report.exchanges.map(entryOf),
      comment: `tokencheck run of ${report.startedAt}; secrets are redacted.`,
    },
  }
  return `${JSON.stringify(har, null, 2)}\n`
}

const HTTP_VERSION = 'HTTP/1.1'

const headersOf = (headers: HeaderList) => headers.map(([name, value]) => ({ name, value }))

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }))
  } catch {
    return []
  }
}

/** Characters RFC 3986 §3.3–3.5 allows in a path, query and fragment, a `%` escape apart. */
const URI_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/

/**
 * The URL as an RFC 3986 URI, which HAR's `url` must be: what the recording kept raw (the
 * `[redacted]` that replaced a secret in a query) is percent-encoded after the authority.
 */
function uriOf(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`
  let encoded = ''
  for (let i = 0; i < rest.length; i += 1) {
    const ch = rest[i]!
    if (ch === '#' && i === rest.indexOf('#')) encoded += ch
    else if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(rest.slice(i + 1, i + 3))) encoded += ch
    else if (URI_CHAR.test(ch)) encoded += ch
    else
      encoded += encodeURIComponent(ch).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      )
  }
  return `${parsed.origin}${encoded}`
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8')

function entryOf(exchange: Exchange) {
  const { request, response, failure } = exchange
  const label = exchange.label === undefined ? '' : ` (${exchange.label})`
  return {
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    request: {
      method: request.method,
      url: uriOf(request.url),
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: headersOf(request.headers),
      queryString: queryOf(request.url),
      ...(request.body === undefined
        ? {}
        : {
            postData: {
              mimeType: header(request.headers, 'content-type') ?? '',
              text: request.body,
            },
          }),
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : utf8Bytes(request.body),
    },
    response:
      response === undefined
        ? {
            status: 0,
            statusText: '',
            httpVersion: '',
            cookies: [],
            headers: [],
            content: { size: 0, mimeType: 'x-unknown' },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
            _error: `${failure?.kind ?? 'other'}: ${failure?.message ?? 'no response'}`,
          }
        : {
            status: response.status,
            statusText: response.statusText,
            httpVersion: HTTP_VERSION,
            cookies: [],
            headers: headersOf(response.headers),
            content: {
              size: response.bytes,
              mimeType: header(response.headers, 'content-type') ?? 'x-unknown',
              text: response.body,
              ...(response.truncated ? { comment: 'cut at the body cap' } : {}),
            },
            redirectURL: header(response.headers, 'location') ?? '',
            headersSize: -1,
            bodySize: response.bytes,
          },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: 0,
      wait: exchange.durationMs,
      receive: 0,
    },
    comment: `${exchange.id}${label}`,
    _tokencheck: {
      exchange: exchange.id,
      scenario: exchange.scenario,
      ...(exchange.label === undefined ? {} : { label: exchange.label }),
    },
  }
}
