/**
 * One HTTP/1.1 request written byte for byte on a new connection, for requests no client library
 * will send (a request target that is not a URL, an unknown method, a byte a parser refuses).
 */
import { connect } from 'node:net'

export interface RawAnswer {
  /** The status code; undefined when the server closed the connection, or never answered. */
  status?: number
  headers: Record<string, string>
  body: string
  /** Why no answer came: `closed without an answer`, `no answer within 5000 ms`. */
  failure?: string
}

export function rawRequest(
  port: number,
  bytes: Buffer | string,
  limitMs = 5_000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ headers: {}, body: '', failure: `no answer within ${limitMs} ms` })
    }, limitMs)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parse(Buffer.concat(chunks).toString('latin1')))
    })
  })
}

function parse(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n')
  const match = /^HTTP\/1\.1 (\d{3})/.exec(text)
  if (end === -1 || match === null) {
    return { headers: {}, body: '', failure: 'closed without an answer' }
  }
  const headers: Record<string, string> = {}
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  const body = Buffer.from(text.slice(end + 4), 'latin1').toString('utf8')
  return { status: Number(match[1]), headers, body }
}
