import type { LookupFunction } from 'node:net'
import { rootCertificates } from 'node:tls'
import { Agent, request } from 'undici'
import { VERSION } from '../version.ts'
import type { ExchangeFailure, HeaderList } from './exchange.ts'
import { failureOf, oversizeFailure, timeoutFailure } from './failure.ts'
import { isLoopback } from './loopback.ts'
import { RateLimiter } from './rate-limit.ts'

export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_BODY_CAP_BYTES = 1024 * 1024
/** Requests a second to a non-loopback host. */
export const DEFAULT_RATE = 2

export interface HttpRequest {
  method: string
  url: string
  /** In the order they are sent; a name may repeat. */
  headers?: HeaderList
  body?: string | Uint8Array
}

export interface RawResponse {
  status: number
  statusText: string
  headers: HeaderList
  /** At most the body cap. */
  body: Buffer
  bytes: number
  truncated: boolean
}

/** What happened to one request, unredacted: only src/http/recorder.ts sees it. */
export interface RawResult {
  startedAt: string
  durationMs: number
  /** The headers as sent, the ones the client adds included; names lower-cased. */
  sentHeaders: HeaderList
  response?: RawResponse
  failure?: ExchangeFailure
}

export interface HttpClientOptions {
  timeoutMs?: number
  bodyCapBytes?: number
  /** PEM text of a certificate authority to trust beside the system's. */
  ca?: string
  /** Allow plain `http://` to hosts other than loopback. */
  insecureHttp?: boolean
  /** Requests a second to each non-loopback host; loopback hosts are never limited. */
  ratePerSecond?: number
  /** Resolves host names instead of the system's resolver (tests map a test name to loopback). */
  lookup?: LookupFunction
}

/**
 * The one HTTP client of a run (an undici Agent). It never follows a redirect (a 3xx is the
 * answer, so credentials never travel to another host), verifies TLS, refuses plain `http://` to
 * other hosts unless allowed, paces requests to real hosts, caps each response body, and turns
 * every fault into a failure instead of a rejection.
 * @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2)
 */
export class HttpClient {
  readonly timeoutMs: number
  readonly bodyCapBytes: number
  readonly #insecureHttp: boolean
  readonly #agent: Agent
  readonly #limiter: RateLimiter

  constructor(options: HttpClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.bodyCapBytes = options.bodyCapBytes ?? DEFAULT_BODY_CAP_BYTES
    this.#insecureHttp = options.insecureHttp ?? false
    this.#limiter = new RateLimiter(options.ratePerSecond ?? DEFAULT_RATE)
    this.#agent = new Agent({
      connect: {
        rejectUnauthorized: true,
        timeout: this.timeoutMs,
        ...(options.ca === undefined ? {} : { ca: [...rootCertificates, options.ca] }),
        ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
      },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      // A socket idle for a second is not reused: a server closing an idle socket as a request
      // goes out on it makes a reset that says nothing about the server (servers keep theirs 5 s
      // or more).
      keepAliveTimeout: 1_000,
      keepAliveMaxTimeout: 1_000,
    })
  }

  /** Sends one request; never rejects. */
  async perform(input: HttpRequest): Promise<RawResult> {
    const sentHeaders = headersToSend(input)
    let started = Date.now()
    const result = (parts: Partial<RawResult>): RawResult => ({
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      sentHeaders,
      ...parts,
    })
    let url: URL
    try {
      url = new URL(input.url)
    } catch {
      return result({ failure: { kind: 'other', message: `not a URL: \`${input.url}\`` } })
    }
    const refusal = this.#policyRefusal(url)
    if (refusal !== undefined) return result({ failure: refusal })
    if (!isLoopback(url)) await this.#limiter.wait(url.host)
    started = Date.now()
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), this.timeoutMs)
    try {
      const response = await request(url, {
        dispatcher: this.#agent,
        method: input.method as 'POST',
        headers: sentHeaders.flat(),
        ...(input.body === undefined ? {} : { body: input.body }),
        signal: controller.signal,
      })
      const { body, bytes, truncated } = await readCapped(response.body, this.bodyCapBytes)
      const raw: RawResponse = {
        status: response.statusCode,
        statusText: response.statusText,
        headers: headerList(response.headers),
        body,
        bytes,
        truncated,
      }
      return result({
        response: raw,
        ...(truncated ? { failure: oversizeFailure(this.bodyCapBytes) } : {}),
      })
    } catch (error) {
      const failure = controller.signal.aborted
        ? timeoutFailure(this.timeoutMs)
        : failureOf(error, url.host, this.timeoutMs)
      return result({ failure })
    } finally {
      clearTimeout(timer)
    }
  }

  async close(): Promise<void> {
    await this.#agent.close()
  }

  #policyRefusal(url: URL): ExchangeFailure | undefined {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return {
        kind: 'refused-by-policy',
        message: `refused to send to \`${url.protocol}\` URLs: only http(s) is supported`,
      }
    }
    if (url.protocol === 'http:' && !this.#insecureHttp && !isLoopback(url)) {
      return {
        kind: 'refused-by-policy',
        message: `refused to send a request to ${url.host} over plain http:// (RFC 6749 §3.2 requires TLS): use https://, or pass --insecure-http`,
      }
    }
    return undefined
  }
}

/** The request's headers, with the ones the client adds: a User-Agent and the Content-Length. */
function headersToSend(input: HttpRequest): HeaderList {
  const given = (input.headers ?? []).map(([name, value]) => [name.toLowerCase(), value] as const)
  const names = new Set(given.map(([name]) => name))
  const added: (readonly [string, string])[] = []
  if (!names.has('user-agent')) added.push(['user-agent', `tokencheck/${VERSION}`])
  if (input.body !== undefined && !names.has('content-length')) {
    added.push(['content-length', String(Buffer.byteLength(input.body))])
  }
  return [...given, ...added]
}

function headerList(headers: Record<string, string | string[] | undefined>): HeaderList {
  const list: (readonly [string, string])[] = []
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) list.push([name.toLowerCase(), item])
  }
  return list
}

async function readCapped(
  stream: AsyncIterable<Buffer> & { destroy(): void },
  cap: number,
): Promise<{ body: Buffer; bytes: number; truncated: boolean }> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of stream) {
    bytes += chunk.length
    chunks.push(chunk)
    if (bytes > cap) {
      stream.destroy()
      return { body: Buffer.concat(chunks).subarray(0, cap), bytes, truncated: true }
    }
  }
  return { body: Buffer.concat(chunks), bytes, truncated: false }
}
