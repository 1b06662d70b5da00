import { HttpClient } from '../../src/http/client.ts'
import { Recorder } from '../../src/http/recorder.ts'
import { Redactor } from '../../src/http/redact.ts'
import {
  addCredentialSecrets,
  runScenarios,
  type CredentialHints,
  type Credentials,
  type Endpoints,
} from '../../src/scenarios/index.ts'
import { loadProfile } from '../../src/openapi/load.ts'
import type { Profile } from '../../src/openapi/profile.ts'
import type { Authority } from '../support/authority.ts'

export const HINTS: CredentialHints = {
  clientSecret: 'set TOKENCHECK_CLIENT_SECRET',
  client2: 'set TOKENCHECK_CLIENT2_ID and TOKENCHECK_CLIENT2_SECRET',
  specialUser: 'set TOKENCHECK_SPECIAL_USERNAME and TOKENCHECK_SPECIAL_PASSWORD',
  specialClient: 'set TOKENCHECK_SPECIAL_CLIENT_ID and TOKENCHECK_SPECIAL_CLIENT_SECRET',
}

export const SPECIAL_USER = { username: 'ann é+&=%@: x', password: 'p w+&=%@:ü' }
export const SPECIAL_CLIENT = { clientId: 'special client', clientSecret: 'a:b c+&=%é' }

/** A fixture authority's users and clients, and the credentials that use them. */
export const USERS = { alice: 'wonder land', [SPECIAL_USER.username]: SPECIAL_USER.password }
export const CLIENTS = {
  'client-1': 'secret-1',
  'client-2': 'secret-2',
  [SPECIAL_CLIENT.clientId]: SPECIAL_CLIENT.clientSecret,
}
export const FULL_CREDENTIALS: Credentials = {
  user: { username: 'alice', password: 'wonder land' },
  client: { clientId: 'client-1', clientSecret: 'secret-1' },
  client2: { clientId: 'client-2', clientSecret: 'secret-2' },
  specialUser: SPECIAL_USER,
  specialClient: SPECIAL_CLIENT,
}

/** The plain RFC 6749 profile, changed as a test needs. */
export function profileWith(change: (profile: Profile) => Partial<Profile> = () => ({})): Profile {
  const profile = loadProfile('rfc6749-password')
  return { ...profile, ...change(profile) }
}

export function endpointsOf(authority: Authority, extra: Partial<Endpoints> = {}): Endpoints {
  return {
    tokenUrl: `${authority.url}/token`,
    protectedResourceUrl: `${authority.url}/resource`,
    jwksUrl: `${authority.url}/jwks`,
    unavailable: { discovery: 'the spec names no discovery document' },
    ...extra,
  }
}

export async function runAgainst(
  authority: Authority,
  options: {
    profile?: Profile
    credentials?: Credentials
    endpoints?: Endpoints
    selected?: readonly string[]
    maxWaitSeconds?: number
    allowLockoutRisk?: boolean
    sleep?: (ms: number) => Promise<void>
  } = {},
) {
  const client = new HttpClient({ timeoutMs: 5000 })
  const redactor = new Redactor()
  const credentials = options.credentials ?? FULL_CREDENTIALS
  addCredentialSecrets(redactor, credentials)
  try {
    const run = await runScenarios({
      profile: options.profile ?? profileWith(),
      endpoints: options.endpoints ?? endpointsOf(authority),
      credentials,
      hints: HINTS,
      options: {
        maxWaitSeconds: options.maxWaitSeconds ?? 10,
        allowLockoutRisk: options.allowLockoutRisk ?? false,
      },
      recorder: new Recorder(client, redactor),
      ...(options.selected === undefined ? {} : { selected: new Set(options.selected) }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    })
    return {
      ...run,
      record: (id: string) => run.records.find((record) => record.id === id),
      exchangesOf: (id: string) => run.exchanges.filter((exchange) => exchange.scenario === id),
    }
  } finally {
    await client.close()
  }
}
