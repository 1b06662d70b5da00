import type { HttpClient, HttpRequest, RawResponse } from './client.ts'
import {
  header,
  mediaTypeOf,
  type Exchange,
  type RecordedRequest,
  type RecordedResponse,
  type TokenFacts,
} from './exchange.ts'
import type { Redactor } from './redact.ts'
import { TOKEN_FIELDS, tokenFacts, type TokenField } from './token-facts.ts'

/** What a scenario gets back from `send()`: the redacted exchange, and real values for itself. */
export interface Sent {
  exchange: Exchange
  /**
   * The response body as parsed JSON with its real values, for the scenario that sent the request
   * (a refresh token to use next). Never recorded, never leaves the process.
   */
  json?: unknown
  /** The real tokens the response carried, by member. */
  tokens: Partial<Record<TokenField, string>>
  /** When the response ended, in ms since the epoch: a token's lifetime counts from here. */
  receivedAt: number
}

/**
 * Sends requests for one target and records each as a redacted Exchange. Tokens a response
 * carries join the secret set before that very response is recorded; their facts are computed
 * from the real values first.
 */
export class Recorder {
  readonly exchanges: Exchange[] = []
  readonly #counters = new Map<string, number>()

  constructor(
    readonly client: HttpClient,
    readonly redactor: Redactor,
  ) {}

  async send(scenario: string, request: HttpRequest, label?: string): Promise<Sent> {
    const raw = await this.client.perform(request)
    const count = (this.#counters.get(scenario) ?? 0) + 1
    this.#counters.set(scenario, count)
    const parsed = raw.response === undefined ? undefined : parseBody(raw.response)
    const tokens: Partial<Record<TokenField, string>> = {}
    const facts: TokenFacts[] = []
    if (isObject(parsed?.json)) {
      for (const field of TOKEN_FIELDS) {
        const value = parsed.json[field]
        if (typeof value !== 'string' || value === '') continue
        tokens[field] = value
        facts.push(tokenFacts(field, value))
        this.redactor.addSecret(value)
      }
    }
    const exchange: Exchange = {
      id: `${scenario}#${count}`,
      scenario,
      ...(label === undefined ? {} : { label }),
      request: this.#recordRequest(request, raw.sentHeaders),
      ...(raw.response === undefined
        ? {}
        : { response: this.#recordResponse(raw.response, parsed, facts) }),
      ...(raw.failure === undefined
        ? {}
        : {
            failure: {
              kind: raw.failure.kind,
              message: this.redactor.redactText(raw.failure.message),
            },
          }),
      startedAt: raw.startedAt,
      durationMs: raw.durationMs,
    }
    this.exchanges.push(exchange)
    return {
      exchange,
      ...(parsed?.json === undefined ? {} : { json: parsed.json }),
      tokens,
      receivedAt: Date.parse(raw.startedAt) + raw.durationMs,
    }
  }

  #recordRequest(request: HttpRequest, sentHeaders: RecordedRequest['headers']): RecordedRequest {
    const mediaType = mediaTypeOf(header(sentHeaders, 'content-type'))
    return {
      method: request.method,
      url: this.redactor.redactUrl(request.url),
      headers: this.redactor.redactHeaders(sentHeaders),
      ...(request.body === undefined
        ? {}
        : {
            body: this.redactor.redactBody(Buffer.from(request.body).toString('utf8'), mediaType),
          }),
    }
  }

  #recordResponse(
    response: RawResponse,
    parsed: ParsedBody | undefined,
    tokens: readonly TokenFacts[],
  ): RecordedResponse {
    const mediaType = mediaTypeOf(header(response.headers, 'content-type'))
    return {
      status: response.status,
      statusText: response.statusText,
      headers: this.redactor.redactHeaders(response.headers),
      body: this.redactor.redactBody(parsed?.text ?? '', mediaType),
      bytes: response.bytes,
      truncated: response.truncated,
      ...(parsed?.json === undefined ? {} : { json: this.redactor.redactJson(parsed.json) }),
      ...(parsed?.jsonError === undefined
        ? {}
        : { jsonError: this.redactor.redactText(parsed.jsonError) }),
      tokens,
    }
  }
}

interface ParsedBody {
  text: string
  json?: unknown
  jsonError?: string
}

/** The body as text, and as JSON when it parses; a parse error is kept when JSON was promised. */
function parseBody(response: RawResponse): ParsedBody {
  const text = response.body.toString('utf8')
  const mediaType = mediaTypeOf(header(response.headers, 'content-type'))
  const promisesJson =
    mediaType !== undefined && /^application\/(?:[\w.-]+\+)?json$/.test(mediaType)
  if (text.trim() === '') {
    return promisesJson ? { text, jsonError: 'the body is empty' } : { text }
  }
  try {
    return { text, json: JSON.parse(text) as unknown }
  } catch (error) {
    if (!promisesJson) return { text }
    const reason = response.truncated
      ? `the body was cut at ${response.body.length} bytes`
      : // V8 quotes part of the body in its message: keep only the reason.
        (error as Error).message.replace(/, ".*" is not valid JSON$/s, ': not valid JSON')
    return { text, jsonError: reason }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
