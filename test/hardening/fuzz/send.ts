/**
 * Turns a generated request into bytes, filling in the tokens the mock issued, and sends it on
 * an undici Pool. An answer is recorded whole; a failure (no answer, a reset) is recorded as such:
 * the fuzzer's judge counts it against the mock.
 */
import type { Pool } from 'undici'
import type { Body, Encoding, FormPair, FuzzRequest } from './requests.ts'
import type { Slot } from './values.ts'

export interface Tokens {
  accessToken: string
  refreshToken: string | undefined
}

/** What went on the wire, as the judge needs it. */
export interface Sent {
  method: string
  target: string
  headers: Record<string, string>
  bodyBytes: number
}

export type Answer =
  { status: number; headers: Record<string, string>; body: string } | { failure: string }

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)

function fill(value: string | Slot, tokens: Tokens): string {
  if (typeof value === 'string') return value
  switch (value.slot) {
    case 'access-token':
      return tokens.accessToken
    case 'tampered-access-token': {
      const [header, payload, signature] = tokens.accessToken.split('.')
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as object
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')
      return `${header}.${forged}.${signature}`
    }
    case 'refresh-token':
      return tokens.refreshToken ?? 'no-refresh-token'
  }
}

const BROKEN_PERCENT = ['%', '%z', '%zz', '%g0']
const INVALID_UTF8 = ['%ff', '%c3%28', '%ed%a0%80', '%c0%af']

function encodeValue(value: string, encoding: Encoding, salt: number): Buffer {
  switch (encoding) {
    case 'form':
      return Buffer.from(formEncode(value))
    case 'percent':
      return Buffer.from(encodeURIComponent(value))
    case 'raw':
      return Buffer.from(value, 'utf8')
    case 'broken-percent':
      return Buffer.from(`${formEncode(value)}${BROKEN_PERCENT[salt % BROKEN_PERCENT.length]}`)
    case 'invalid-utf8':
      return salt % 2 === 0
        ? Buffer.from(`${formEncode(value)}${INVALID_UTF8[salt % INVALID_UTF8.length]}`)
        : Buffer.concat([Buffer.from(formEncode(value)), Buffer.from([0xff, 0xc0, 0x80])])
  }
}

function formBody(pairs: FormPair[], separator: string, tokens: Tokens): Buffer {
  const parts = pairs.map((pair, i) =>
    Buffer.concat([
      encodeValue(pair.name, pair.encoding === 'invalid-utf8' ? 'form' : pair.encoding, i),
      Buffer.from('='),
      encodeValue(fill(pair.value, tokens), pair.encoding, i),
    ]),
  )
  return Buffer.concat(
    parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from(separator), part])),
  )
}

function multipartBody(body: Extract<Body, { kind: 'multipart' }>, tokens: Tokens): Buffer {
  const eol = body.shape === 'lf' ? '\n' : '\r\n'
  const chunks: Buffer[] = []
  body.pairs.forEach((pair, i) => {
    const filename = body.shape === 'file-part' && i === 0 ? '; filename="x.txt"' : ''
    const disposition =
      body.shape === 'no-disposition' && i === 0
        ? 'Content-Type: text/plain'
        : `Content-Disposition: form-data; name="${pair.name}"${filename}`
    const raw = fill(pair.value, tokens)
    const value =
      pair.encoding === 'invalid-utf8'
        ? Buffer.concat([Buffer.from(raw), Buffer.from([0xff, 0xfe])])
        : pair.encoding === 'raw' || pair.encoding === 'form'
          ? Buffer.from(raw)
          : encodeValue(raw, pair.encoding, i)
    chunks.push(
      Buffer.from(`--${body.boundary}${eol}${disposition}${eol}${eol}`),
      value,
      Buffer.from(eol),
    )
  })
  if (body.shape !== 'unclosed') chunks.push(Buffer.from(`--${body.boundary}--${eol}`))
  return Buffer.concat(chunks)
}

function bytesOf(body: Body, tokens: Tokens): Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined
    case 'form':
      return formBody(body.pairs, body.separator, tokens)
    case 'multipart':
      return multipartBody(body, tokens)
    case 'json':
      return Buffer.from(body.text)
    case 'bytes':
      return Buffer.from(body.bytes)
  }
}

const MEDIA_TYPES: Record<Body['kind'], string | undefined> = {
  none: undefined,
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
  json: 'application/json',
  bytes: 'application/octet-stream',
}

function contentTypeOf(request: FuzzRequest): string | undefined {
  const { contentType, body } = request
  if (contentType.kind === 'none') return undefined
  if (contentType.kind === 'given') return contentType.value
  const media = MEDIA_TYPES[body.kind]
  if (media === undefined || body.kind !== 'multipart') return media
  if (contentType.boundary === 'none') return media
  const boundary = contentType.boundary === 'other' ? 'not-the-boundary' : body.boundary
  return `${media}; boundary=${/^[A-Za-z0-9_-]+$/.test(boundary) ? boundary : `"${boundary.replace(/"/g, '')}"`}`
}

/** Sends one request; HEAD and GET-like requests carry a body only when one was generated. */
export async function send(
  pool: Pool,
  request: FuzzRequest,
  tokens: Tokens,
): Promise<{ sent: Sent; answer: Answer }> {
  const body = request.method === 'HEAD' ? undefined : bytesOf(request.body, tokens)
  const flat: string[] = []
  const headers: Record<string, string> = {}
  const contentType = body === undefined ? undefined : contentTypeOf(request)
  const all: [string, string][] = request.headers.map(([name, value]) => [
    name,
    fill(value, tokens),
  ])
  if (contentType !== undefined) all.push(['content-type', contentType])
  for (const [name, value] of all) {
    flat.push(name, value)
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  const sent = {
    method: request.method,
    target: request.target,
    headers,
    bodyBytes: body?.length ?? 0,
  }
  try {
    const response = await pool.request({
      method: request.method,
      path: request.target,
      headers: flat,
      ...(body === undefined ? {} : { body }),
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    })
    const text = await response.body.text()
    const answerHeaders: Record<string, string> = {}
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value
    }
    return { sent, answer: { status: response.statusCode, headers: answerHeaders, body: text } }
  } catch (error) {
    const { code, message } = error as { code?: string; message: string }
    return { sent, answer: { failure: `${code ?? 'error'}: ${message}` } }
  }
}
