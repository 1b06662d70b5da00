import { hasClientAuth, hasGrant } from '../openapi/profile.ts'
import { defaultMethod, isConfidential } from './client-auth.ts'
import { lastGrantAnswer } from './grants.ts'
import type { ScenarioContext } from './scenario.ts'

/**
 * What a scenario can need of a target. Each unmet need is a skip reason a person can act on;
 * a scenario with one is skipped, never passed.
 */
export const NEEDS = [
  'usable-client',
  'client-secret',
  'confidential-profile',
  'basic-auth',
  'post-auth',
  'refresh-grant',
  'protected-resource',
  'discovery',
  'jwks',
  'second-client',
  'special-user',
  'special-client',
  'access-token',
] as const
export type Need = (typeof NEEDS)[number]

const UNMET: Record<Need, (context: ScenarioContext) => string | undefined> = {
  'usable-client': ({ profile, credentials, hints }) =>
    defaultMethod(profile, credentials.client) === undefined
      ? `none of the client authentication methods the spec allows (${methods(profile)}) can be used without a client secret: ${hints.clientSecret}`
      : undefined,
  'client-secret': ({ credentials, hints }) =>
    isConfidential(credentials.client)
      ? undefined
      : `needs a confidential client's secret: ${hints.clientSecret}`,
  'confidential-profile': ({ profile }) =>
    hasClientAuth(profile, 'client_secret_basic') || hasClientAuth(profile, 'client_secret_post')
      ? undefined
      : 'the spec documents a public client only (client authentication `none`)',
  'basic-auth': ({ profile }) =>
    hasClientAuth(profile, 'client_secret_basic')
      ? undefined
      : 'the spec allows no HTTP Basic client authentication (`client_secret_basic`)',
  'post-auth': ({ profile }) =>
    hasClientAuth(profile, 'client_secret_post')
      ? undefined
      : 'the spec allows no client credentials in the body (`client_secret_post`)',
  'refresh-grant': ({ profile }) =>
    hasGrant(profile, 'refresh_token') ? undefined : 'the spec documents no `refresh_token` grant',
  'protected-resource': ({ endpoints }) =>
    endpoints.protectedResourceUrl === undefined
      ? (endpoints.unavailable.protectedResource ?? 'no protected resource')
      : undefined,
  discovery: ({ endpoints }) =>
    endpoints.discoveryUrl === undefined
      ? (endpoints.unavailable.discovery ?? 'no discovery document')
      : undefined,
  jwks: ({ endpoints }) =>
    endpoints.jwksUrl === undefined ? (endpoints.unavailable.jwks ?? 'no JWK Set') : undefined,
  'second-client': ({ credentials, hints }) =>
    credentials.client2 === undefined ? `needs a second client: ${hints.client2}` : undefined,
  'special-user': ({ credentials, hints }) =>
    credentials.specialUser === undefined
      ? `needs a user whose username and password hold special characters: ${hints.specialUser}`
      : undefined,
  'special-client': ({ credentials, hints }) =>
    credentials.specialClient?.clientSecret === undefined
      ? `needs a client whose secret holds special characters: ${hints.specialClient}`
      : undefined,
  'access-token': ({ grants, recorder }) =>
    grants.primary === undefined
      ? `\`password.valid\` obtained no access token to present${lastGrantAnswer(recorder.exchanges)}`
      : undefined,
}

function methods(profile: ScenarioContext['profile']): string {
  return profile.clientAuthentication.map((entry) => `\`${entry.value}\``).join(', ')
}

/** The reason of the first unmet need, or undefined when every need is met. */
export function unmetNeed(needs: readonly Need[], context: ScenarioContext): string | undefined {
  for (const need of needs) {
    const reason = UNMET[need](context)
    if (reason !== undefined) return reason
  }
  return undefined
}
