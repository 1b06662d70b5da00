import type { Duplex } from 'node:stream'
import { STATUS_PHRASES } from '../http/status-phrases.ts'
import type { ErrorStyle } from '../openapi/extension.ts'
import { errorBody, fault, type Answer } from './respond.ts'

/**
 * The URL of a request target (RFC 9112 §3.2): an origin-form target (`/path?query`) is a path
 * on this server even when it starts with `//`, so it is never read as a host; an absolute-form
 * one (`http://host/path`) is parsed as it is. Undefined when the target is not a URL.
 * @see [RFC 9112 §3.2](https://www.rfc-editor.org/rfc/rfc9112.html#section-3.2)
 */
export function requestUrl(target: string | undefined): URL | undefined {
  const text = target ?? '/'
  try {
    return text.startsWith('/') ? new URL(`http://mock.invalid${text}`) : new URL(text)
  } catch {
    return undefined
  }
}

/**
 * Answers a request Node's HTTP parser refused (an unknown method, a byte not allowed in a
 * request target, headers over the limit) the way Node would, 431 for headers too large and 400
 * otherwise, but in the vendor's error style; then closes the connection, as the request's end
 * cannot be found. Nothing of the request is repeated: it may hold a secret.
 * @see [RFC 9110 §15.5.1](https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1)
 */
export function answerUnparsable(
  error: NodeJS.ErrnoException,
  socket: Duplex,
  style: ErrorStyle,
): Answer | undefined {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return undefined
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const description =
    status === 431
      ? 'the request headers are larger than the server accepts'
      : 'the request is not valid HTTP/1.1 (its method, target or headers)'
  const { body, mediaType } = errorBody(style, fault(status, 'invalid_request', description))
  const text = JSON.stringify(body)
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_PHRASES[status]?.[0] ?? 'Bad Request'}`,
      `content-type: ${mediaType}`,
      `content-length: ${Buffer.byteLength(text)}`,
      'connection: close',
      '',
      text,
    ].join('\r\n'),
  )
  return { status, outcome: 'invalid_request' }
}
