/**
 * An Exchange is one request and its response, or its failure: the evidence for every verdict.
 * It is redacted when it is recorded (src/http/redact.ts): no password, client secret or token
 * is ever in one, in any encoding. What checks need to know about a token is computed from the
 * real token at that moment and kept as {@link TokenFacts}.
 */

/** Headers in the order they were sent or received, names lower-cased; repeats stay repeated. */
export type HeaderList = readonly (readonly [name: string, value: string])[]

export interface RecordedRequest {
  method: string
  /** The full URL, with secrets in its query redacted. */
  url: string
  headers: HeaderList
  /** The body as sent (UTF-8 text; multipart as its text), redacted. */
  body?: string
}

/** What a check may know of a token without the token itself. */
export interface TokenFacts {
  /** The response member that carried it: `access_token`, `refresh_token`, `id_token`. */
  field: string
  length: number
  /** The first 16 hex digits of its SHA-256: equal tokens have equal fingerprints. */
  fingerprint: string
  /** Every character is VSCHAR, %x20-7E (RFC 6749 Appendix A.12, A.17). */
  vschar: boolean
  /** The smallest common alphabet it fits: `hex`, `base64url`, `base64`, `vschar` or `other`. */
  alphabet: 'hex' | 'base64url' | 'base64' | 'vschar' | 'other'
  /** When it parses as a JWS compact serialisation: its header and claims (the signature elided). */
  jwt?: {
    header: Record<string, unknown>
    claims: Record<string, unknown>
    /** Bytes of the decoded signature; 0 for an unsigned token. */
    signatureBytes: number
  }
}

export interface RecordedResponse {
  status: number
  statusText: string
  headers: HeaderList
  /** The body as text (UTF-8, invalid bytes replaced), redacted, at most the body cap. */
  body: string
  /** Bytes received, before any cap. */
  bytes: number
  /** The body went over the cap and was cut. */
  truncated: boolean
  /** The body parsed as JSON, when it parses (whatever the media type), redacted. */
  json?: unknown
  /** Why the body did not parse as JSON, when the media type says JSON. */
  jsonError?: string
  /** Facts about each token the response carried. */
  tokens: readonly TokenFacts[]
}

export const FAILURE_KINDS = [
  'timeout',
  'refused',
  'reset',
  'tls',
  'dns',
  'body-too-large',
  'redirect',
  'protocol',
  'refused-by-policy',
  'other',
] as const
export type FailureKind = (typeof FAILURE_KINDS)[number]

/** Why there is no (whole) response; the message names the fault for a person. */
export interface ExchangeFailure {
  kind: FailureKind
  /** "no response within 10 s", "body over the 1 MiB cap", "connection reset by the server" */
  message: string
}

export interface Exchange {
  /** Unique in a run: the scenario id and a counter, `password.valid#1`. */
  id: string
  /** The scenario that sent it. */
  scenario: string
  /** What this request varied within its scenario, for a person: `client_secret_basic`. */
  label?: string
  request: RecordedRequest
  response?: RecordedResponse
  failure?: ExchangeFailure
  /** ISO 8601. */
  startedAt: string
  durationMs: number
}

/** Every value of a header, in order. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase()
  return headers.filter(([key]) => key === wanted).map(([, value]) => value)
}

/** A header's values joined as RFC 9110 §5.3 allows, or undefined when absent. */
export function header(headers: HeaderList, name: string): string | undefined {
  const values = headerValues(headers, name)
  return values.length === 0 ? undefined : values.join(', ')
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase()
  return essence === '' ? undefined : essence
}
