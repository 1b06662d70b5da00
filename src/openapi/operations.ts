import type { Exchange } from '../http/exchange.ts'
import type { OperationInfo } from './operation-info.ts'
import type { Profile } from './profile.ts'

/**
 * A regular expression for an OpenAPI path template: `{name}` matches one segment. `under`
 * also matches below a server URL's own path (`https://example.com/api` + `/auth/login`) and with
 * or without a trailing slash, as a real server's URLs may be.
 */
export function pathPattern(template: string, options: { under?: boolean } = {}): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&')))
    .join('')
  if (options.under !== true) return new RegExp(`^${escaped}$`)
  return new RegExp(`${escaped.replace(/\/$/, '')}/?$`)
}

/**
 * The spec operation an exchange went to: by method and path (below any server prefix), else by
 * the role its scenario played, since --token-url, --protected-resource and --discovery-url move
 * an endpoint off the spec's path.
 */
export function operationOfExchange(
  exchange: Exchange,
  profile: Profile,
): OperationInfo | undefined {
  const method = exchange.request.method.toLowerCase()
  let path: string
  try {
    path = new URL(exchange.request.url).pathname
  } catch {
    return undefined
  }
  const byPath = profile.operations.filter(
    (op) => op.method === method && pathPattern(op.path, { under: true }).test(path),
  )
  if (byPath.length === 1) return byPath[0]
  if (method === profile.token.method && exchange.request.body !== undefined) return profile.token
  const role = exchange.scenario.startsWith('resource.')
    ? profile.protectedResource
    : exchange.scenario === 'discovery.document'
      ? profile.discovery
      : exchange.scenario === 'discovery.jwks'
        ? profile.jwks
        : undefined
  return role?.method === method ? role : undefined
}
