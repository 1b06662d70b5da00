import { isIP } from 'node:net'

/**
 * True when a host name or address is this machine: `localhost` and every name under
 * `.localhost` (`app.localhost`), 127.0.0.0/8, `::1`. The one loopback rule of tokencheck: the
 * client's pacing and plain-`http://` refusal, the TLS and issuer checks, the mock's CORS default
 * and its bind warning all use it.
 * @see [RFC 6761 §6.3](https://www.rfc-editor.org/rfc/rfc6761.html#section-6.3) (`.localhost`
 * resolves to loopback), [RFC 8252 §8.3](https://www.rfc-editor.org/rfc/rfc8252.html#section-8.3)
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (isIP(name) === 4) return name.startsWith('127.')
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1'
  return false
}

/** True when a URL's host is this machine ({@link isLoopbackHost}); false for text that is no URL. */
export function isLoopback(url: URL | string): boolean {
  try {
    return isLoopbackHost((typeof url === 'string' ? new URL(url) : url).hostname)
  } catch {
    return false
  }
}
