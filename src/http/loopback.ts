import { isIP } from 'node:net'

/**
 * True when a URL's host is this machine: `localhost` (and `*.localhost`), 127.0.0.0/8, `::1`.
 * Loopback targets are spared the self rate limit and may use plain `http://`.
 * @see [RFC 6761 §6.3](https://www.rfc-editor.org/rfc/rfc6761.html#section-6.3)
 */
export function isLoopback(url: URL | string): boolean {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1'
  return false
}
