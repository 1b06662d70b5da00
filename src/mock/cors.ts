import type { IncomingMessage } from 'node:http'
import { isLoopback } from '../http/loopback.ts'

/**
 * A frontend dev server on this machine: `http://localhost:5173`, `http://127.0.0.1:3000`,
 * `http://app.localhost:8080`; an origin only (scheme, host and port), never a path.
 */
function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin)
    const web = url.protocol === 'http:' || url.protocol === 'https:'
    return web && url.origin === origin && isLoopback(url)
  } catch {
    return false
  }
}

/**
 * The CORS headers for a request from a browser: the origin is echoed when it is allowed (any
 * loopback origin by default, or those given; `*` allows any), `WWW-Authenticate` is exposed so a
 * frontend can read a challenge.
 * @see [Fetch Standard §3.2 CORS protocol](https://fetch.spec.whatwg.org/#http-cors-protocol)
 */
export function corsHeaders(
  req: IncomingMessage,
  allowed: readonly string[] | undefined,
): Record<string, string> {
  const origin = req.headers.origin
  if (origin === undefined || !originAllowed(origin, allowed)) return {}
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'WWW-Authenticate, Cache-Control, Pragma',
    vary: 'Origin',
  }
}

export function originAllowed(origin: string, allowed: readonly string[] | undefined): boolean {
  if (allowed === undefined || allowed.length === 0) return isLoopbackOrigin(origin)
  return allowed.includes('*') || allowed.includes(origin)
}

/** True for a CORS preflight: OPTIONS with an Origin and the method the browser wants to send. */
export function isPreflight(req: IncomingMessage): boolean {
  return (
    req.method === 'OPTIONS' &&
    req.headers.origin !== undefined &&
    req.headers['access-control-request-method'] !== undefined
  )
}

/** The headers of a preflight's 204 for a path that takes `methods`. */
export function preflightHeaders(
  req: IncomingMessage,
  allowed: readonly string[] | undefined,
  methods: readonly string[],
): Record<string, string> {
  const base = corsHeaders(req, allowed)
  if (base['access-control-allow-origin'] === undefined) return {}
  return {
    ...base,
    'access-control-allow-methods': methods.join(', '),
    'access-control-allow-headers': 'Authorization, Content-Type, Prefer',
    'access-control-max-age': '600',
  }
}
