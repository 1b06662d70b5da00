import type { ExchangeFailure, FailureKind } from './exchange.ts'

const KIB = 1024
const MIB = 1024 * KIB

/** `1 MiB`, `512 KiB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`
  if (bytes >= KIB && bytes % KIB === 0) return `${bytes / KIB} KiB`
  return `${bytes} bytes`
}

/** `10 s`, `1.5 s`, `250 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`
}

export function timeoutFailure(timeoutMs: number): ExchangeFailure {
  return { kind: 'timeout', message: `no response within ${formatDuration(timeoutMs)}` }
}

export function oversizeFailure(capBytes: number): ExchangeFailure {
  return { kind: 'body-too-large', message: `body over the ${formatBytes(capBytes)} cap` }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
])

const TLS_HINT: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate issuer is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this host',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer TLS (is it plain http?)',
  EPROTO: 'the TLS handshake failed (is the server plain http?)',
}

/** The error's code, or that of an error it wraps (undici and fetch keep the system one in `cause`). */
function codesOf(error: unknown): string[] {
  const codes: string[] = []
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    current = (current as { cause?: unknown }).cause
  }
  return codes
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Turns a transport error into a failure a person can act on. `hostPort` names the peer; the
 * caller redacts the result like every other recorded text.
 */
export function failureOf(error: unknown, hostPort: string, timeoutMs: number): ExchangeFailure {
  const codes = codesOf(error)
  const has = (...wanted: string[]) => codes.some((code) => wanted.includes(code))
  const fault = (kind: FailureKind, message: string): ExchangeFailure => ({ kind, message })
  if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT')) {
    return timeoutFailure(timeoutMs)
  }
  if (has('ECONNREFUSED')) {
    return fault('refused', `connection refused by ${hostPort}: is the server running there?`)
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_FAIL')) {
    return fault('dns', `cannot resolve the host of ${hostPort} (${codes.at(-1) ?? 'DNS'})`)
  }
  const tls = codes.find((code) => TLS_CODES.has(code) || code.startsWith('ERR_TLS_'))
  if (tls !== undefined || /certificate|SSL routines/i.test(messageOf(error))) {
    const hint = (tls && TLS_HINT[tls]) ?? 'the TLS handshake failed'
    return fault(
      'tls',
      `TLS verification failed for ${hostPort}: ${hint}${tls ? ` (${tls})` : ''}; pass --ca <file> if the server uses a private certificate authority`,
    )
  }
  if (has('ECONNRESET')) {
    return fault('reset', `connection reset by ${hostPort} before a complete answer`)
  }
  if (has('EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED')) {
    return fault('reset', `${hostPort} closed the connection before a complete answer`)
  }
  const parser = codes.find((code) => code.startsWith('HPE_'))
  const isParserError = error instanceof Error && error.name === 'HTTPParserError'
  if (parser !== undefined || isParserError || has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) {
    const detail = isParserError ? messageOf(error).replace(/^.*?\(|\)$/g, '') : parser
    return fault(
      'protocol',
      `the answer from ${hostPort} is not valid HTTP/1.1 (${detail ?? codes[0] ?? 'parse error'})`,
    )
  }
  return fault('other', `the request to ${hostPort} failed: ${messageOf(error)}`)
}
