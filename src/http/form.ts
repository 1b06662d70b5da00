import { randomBytes } from 'node:crypto'

/** One request parameter; a name may repeat (`params.duplicated` sends one twice). */
export type Field = readonly [name: string, value: string]

export const FORM_URLENCODED = 'application/x-www-form-urlencoded'

/**
 * `application/x-www-form-urlencoded` in UTF-8: what RFC 6749 requires of every token request.
 * @see [RFC 6749 Appendix B](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-B)
 */
export function formUrlencoded(fields: readonly Field[]): string {
  const params = new URLSearchParams()
  for (const [name, value] of fields) params.append(name, value)
  return params.toString()
}

/** The same fields joined without any encoding: what a careless client sends. */
export function formUnencoded(fields: readonly Field[]): string {
  return fields.map(([name, value]) => `${name}=${value}`).join('&')
}

/**
 * `multipart/form-data`, as a browser's `FormData` sends it: one part per field, values in UTF-8.
 * @see [RFC 7578 §4](https://www.rfc-editor.org/rfc/rfc7578.html#section-4)
 */
export function multipartFormData(fields: readonly Field[]): { body: string; contentType: string } {
  const boundary = `----tokencheck${randomBytes(12).toString('hex')}`
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name.replaceAll('"', '%22')}"\r\n\r\n${value}\r\n`,
  )
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/**
 * The HTTP Basic value of a client: id and secret each form-urlencoded, then joined by `:` and
 * base64-encoded, so a `:` or a non-ASCII character in either survives.
 * @see [RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1)
 */
export function basicAuthorization(clientId: string, secret: string): string {
  const encode = (value: string) => formUrlencoded([['v', value]]).slice(2)
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`, 'utf8').toString('base64')}`
}
