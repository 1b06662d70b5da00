import type {
  ClientCredentials,
  CredentialHints,
  Credentials,
  UserCredentials,
} from '../scenarios/index.ts'
import type { Profile } from '../openapi/profile.ts'

/** The credentials a real target's run reads, by the config file's key. */
export const ENV_KEYS = [
  'username',
  'password',
  'client-id',
  'client-secret',
  'client2-id',
  'client2-secret',
  'special-username',
  'special-password',
  'special-client-id',
  'special-client-secret',
] as const
export type EnvKey = (typeof ENV_KEYS)[number]
export type EnvNames = Record<EnvKey, string>

/** `TOKENCHECK_USERNAME`, `TOKENCHECK_CLIENT2_SECRET`, …: what a target reads unless its config names others. */
export const DEFAULT_ENV_NAMES: EnvNames = Object.fromEntries(
  ENV_KEYS.map((key) => [key, `TOKENCHECK_${key.toUpperCase().replaceAll('-', '_')}`]),
) as EnvNames

export function envNames(overrides: Partial<EnvNames> = {}): EnvNames {
  return { ...DEFAULT_ENV_NAMES, ...overrides }
}

type Env = Readonly<Record<string, string | undefined>>

/**
 * A real target's credentials, from the environment only (never the command line, where they
 * would show in `ps` and shell history). The username and password are required; so are the
 * client id and secret when every client authentication the spec allows needs a secret (a
 * confidential client, RFC 6749 §2.3.1: without them no password grant can succeed, and the run
 * would judge nothing). The client id falls back to the spec's fixed client (Wogeez's
 * `wogeez-api`); the rest is optional. Every missing variable is named at once.
 */
export function credentialsFromEnv(
  names: EnvNames,
  profile: Profile,
  env: Env = process.env,
): { credentials: Credentials } | { missing: string[] } {
  const read = (key: EnvKey) => {
    const value = env[names[key]]
    return value === undefined || value === '' ? undefined : value
  }
  const username = read('username')
  const password = read('password')
  const clientId = read('client-id') ?? profile.clients[0]?.clientId
  const clientSecret = read('client-secret')
  const confidentialOnly = profile.clientAuthentication.every((method) => method.value !== 'none')
  const missing = [
    ...(username === undefined ? [names.username] : []),
    ...(password === undefined ? [names.password] : []),
    ...(confidentialOnly && clientId === undefined ? [names['client-id']] : []),
    ...(confidentialOnly && clientSecret === undefined ? [names['client-secret']] : []),
  ]
  if (username === undefined || password === undefined || missing.length > 0) return { missing }
  const client = clientOf(clientId, clientSecret)
  const client2 = clientOf(read('client2-id'), read('client2-secret'))
  const specialClient = clientOf(read('special-client-id'), read('special-client-secret'))
  const specialUser = userOf(read('special-username'), read('special-password'))
  return {
    credentials: {
      user: { username, password },
      ...(client === undefined ? {} : { client }),
      ...(client2 === undefined ? {} : { client2 }),
      ...(specialUser === undefined ? {} : { specialUser }),
      ...(specialClient?.clientSecret === undefined ? {} : { specialClient }),
    },
  }
}

function clientOf(clientId?: string, clientSecret?: string): ClientCredentials | undefined {
  if (clientId === undefined) return undefined
  return { clientId, ...(clientSecret === undefined ? {} : { clientSecret }) }
}

function userOf(username?: string, password?: string): UserCredentials | undefined {
  return username === undefined || password === undefined ? undefined : { username, password }
}

/** Skip-reason endings that name the variables to set. */
export function envHints(names: EnvNames): CredentialHints {
  return {
    clientSecret: `set ${names['client-secret']}`,
    client2: `set ${names['client2-id']} and ${names['client2-secret']}`,
    specialUser: `set ${names['special-username']} and ${names['special-password']}`,
    specialClient: `set ${names['special-client-id']} and ${names['special-client-secret']}`,
  }
}
