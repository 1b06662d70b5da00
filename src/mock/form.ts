import Busboy from 'busboy'
import { Readable } from 'node:stream'

/** A parsed form body: every parameter with every value it was given, in order. */
export type FormParams = ReadonlyMap<string, readonly string[]>

export type FormResult = { ok: true; params: FormParams } | { ok: false; problem: string }

/**
 * Parses `application/x-www-form-urlencoded` strictly (WHATWG URL §5.1 with the RFC 6749
 * Appendix B reading): `+` is a space, every `%` starts two hex digits, and the bytes decode as
 * UTF-8 or the body is refused. `URLSearchParams` would quietly keep a bad `%` and replace bad
 * UTF-8, so a badly encoded password would be compared instead of refused.
 * @see [RFC 6749 Appendix B](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-B)
 */
export function parseUrlencoded(body: string): FormResult {
  const params = new Map<string, string[]>()
  if (body === '') return { ok: true, params }
  for (const pair of body.split('&')) {
    if (pair === '') continue
    const at = pair.indexOf('=')
    const rawName = at === -1 ? pair : pair.slice(0, at)
    const rawValue = at === -1 ? '' : pair.slice(at + 1)
    const name = formDecode(rawName)
    const value = formDecode(rawValue)
    if (name === undefined || value === undefined) {
      return {
        ok: false,
        problem: `the body has invalid percent-encoding or UTF-8 near \`${safeExcerpt(rawName)}\``,
      }
    }
    const values = params.get(name) ?? []
    values.push(value)
    params.set(name, values)
  }
  return { ok: true, params }
}

/** `+` as a space, then strict percent-decoding as UTF-8; undefined when the text is not valid. */
export function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return undefined
  }
}

/** A parameter name, shortened, for a message: never a value (it may be a secret). */
function safeExcerpt(name: string): string {
  return name.length > 30 ? `${name.slice(0, 30)}…` : name
}

const MULTIPART_LIMITS = {
  fields: 50,
  fieldSize: 64 * 1024,
  files: 0,
  parts: 50,
  fieldNameSize: 100,
}

/**
 * Parses `multipart/form-data` (RFC 7578) with busboy: text fields only, UTF-8, within limits.
 * A file part, a malformed body or undecodable text is refused.
 * @see [RFC 7578](https://www.rfc-editor.org/rfc/rfc7578.html)
 */
export function parseMultipart(body: Buffer, contentType: string): Promise<FormResult> {
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: FormResult) => {
      if (settled) return
      settled = true
      resolve(result)
    }
    let parser: Busboy.Busboy
    try {
      parser = Busboy({
        headers: { 'content-type': contentType },
        limits: MULTIPART_LIMITS,
        defParamCharset: 'utf8',
      })
    } catch (error) {
      finish({
        ok: false,
        problem: `the multipart body cannot be read: ${(error as Error).message}`,
      })
      return
    }
    const params = new Map<string, string[]>()
    let problem: string | undefined
    // busboy gives a part without a name (`form-data` alone, or `name=""`) an undefined one.
    parser.on('field', (name: string | undefined, value, info) => {
      if (name === undefined || name === '') {
        problem ??= 'a part of the multipart body has no field name (RFC 7578 §4.2)'
        return
      }
      if (info.nameTruncated || info.valueTruncated)
        problem ??= `the field "${safeExcerpt(name)}" is too long`
      if (value.includes('\uFFFD') || name.includes('\uFFFD')) {
        problem ??= `the field "${safeExcerpt(name)}" is not valid UTF-8`
      }
      const values = params.get(name) ?? []
      values.push(value)
      params.set(name, values)
    })
    parser.on('file', (name: string | undefined, stream) => {
      stream.resume()
      problem ??= `the part "${safeExcerpt(name ?? '')}" is a file; the token request takes text fields only`
    })
    parser.on(
      'filesLimit',
      () => (problem ??= 'the token request takes text fields only, not files'),
    )
    parser.on('fieldsLimit', () => (problem ??= 'the body has too many fields'))
    parser.on('partsLimit', () => (problem ??= 'the body has too many parts'))
    parser.on('error', (error: Error) =>
      finish({ ok: false, problem: `the multipart body is malformed: ${error.message}` }),
    )
    parser.on('close', () =>
      finish(problem === undefined ? { ok: true, params } : { ok: false, problem }),
    )
    Readable.from([body]).pipe(parser)
  })
}

/** The one value of a parameter; undefined when absent or empty (RFC 6749 §3.2: empty is omitted). */
export function single(params: FormParams, name: string): string | undefined {
  const value = params.get(name)?.[0]
  return value === undefined || value === '' ? undefined : value
}

/** The first parameter given more than once (RFC 6749 §3.2: parameters MUST NOT be repeated). */
export function repeated(params: FormParams): string | undefined {
  for (const [name, values] of params) if (values.length > 1) return name
  return undefined
}
