import type { Endpoints, OptionalEndpoint } from '../scenarios/scenario.ts'
import type { OperationInfo } from '../openapi/operation-info.ts'
import type { Profile } from '../openapi/profile.ts'
import type { TargetPlan } from './plan.ts'

/** The spec's path under a base URL: `https://idp.example/api` + `/token`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`
}

const FLAG: Record<OptionalEndpoint, string | undefined> = {
  protectedResource: '--protected-resource',
  discovery: '--discovery-url',
  jwks: undefined,
}

const WHAT: Record<OptionalEndpoint, string> = {
  protectedResource: 'protected resource',
  discovery: 'discovery document',
  jwks: 'JWK Set',
}

/**
 * Where each endpoint of a target is: a URL given for the run, else the spec's path under the
 * base URL (the mock's own for a mock target). Against a real target, a path the spec marks as
 * served only by the mock (`x-tokencheck-source: tokencheck`) is not guessed at: the endpoint is
 * unavailable with the flag that provides it, and the JWK Set comes from discovery's `jwks_uri`.
 */
export function endpointsFor(target: TargetPlan, profile: Profile, mockUrl?: string): Endpoints {
  const base = target.kind === 'mock' ? mockUrl : target.baseUrl
  const tokenUrl = target.kind === 'real' ? target.tokenUrl : undefined
  const endpoints: Endpoints = {
    tokenUrl: tokenUrl ?? joinUrl(base!, profile.token.path),
    unavailable: {},
  }
  const given: Partial<Record<OptionalEndpoint, string>> =
    target.kind === 'real'
      ? {
          ...(target.protectedResourceUrl === undefined
            ? {}
            : { protectedResource: target.protectedResourceUrl }),
          ...(target.discoveryUrl === undefined ? {} : { discovery: target.discoveryUrl }),
        }
      : {}
  const operations: Record<OptionalEndpoint, OperationInfo | undefined> = {
    protectedResource: profile.protectedResource,
    discovery: profile.discovery,
    jwks: profile.jwks,
  }
  for (const role of ['protectedResource', 'discovery', 'jwks'] as const) {
    const found = locate(role, given[role], operations[role], target, base)
    if ('url' in found) {
      if (role === 'protectedResource') endpoints.protectedResourceUrl = found.url
      if (role === 'discovery') endpoints.discoveryUrl = found.url
      if (role === 'jwks') endpoints.jwksUrl = found.url
    } else {
      endpoints.unavailable[role] = found.reason
    }
  }
  if (
    endpoints.jwksUrl === undefined &&
    endpoints.discoveryUrl !== undefined &&
    target.kind === 'real'
  ) {
    endpoints.jwksFromDiscovery = true
    endpoints.unavailable.jwks = `${endpoints.unavailable.jwks ?? 'the spec names no JWK Set'}, and the discovery document named no "jwks_uri"`
  }
  return endpoints
}

function locate(
  role: OptionalEndpoint,
  given: string | undefined,
  operation: OperationInfo | undefined,
  target: TargetPlan,
  base: string | undefined,
): { url: string } | { reason: string } {
  if (given !== undefined) return { url: given }
  const flag = FLAG[role] === undefined ? '' : `; pass ${FLAG[role]} <url>`
  if (operation === undefined) return { reason: `the spec names no ${WHAT[role]}${flag}` }
  const where = `${operation.method.toUpperCase()} ${operation.path}`
  if (target.kind === 'real' && operation.source === 'tokencheck') {
    return {
      reason: `the spec's ${WHAT[role]} (${where}) is served by the embedded mock only${flag}`,
    }
  }
  if (base === undefined) {
    return {
      reason: `with --token-url alone the spec's ${WHAT[role]} (${where}) has no base URL${flag || '; pass --base-url <url>'}`,
    }
  }
  return { url: joinUrl(base, operation.path) }
}
