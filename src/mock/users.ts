import type { ErrorObject } from 'ajv'
import type { Grant } from '../openapi/extension.ts'
import type { Profile } from '../openapi/profile.ts'
import { readYamlInput } from '../yaml-input.ts'
import schema from './users.schema.json' with { type: 'json' }
import { ownSchemaValidator } from '../own-schema.ts'

const validator = ownSchemaValidator(schema)

export interface MockUser {
  username: string
  password: string
  /** Scopes the user may be granted; undefined: any. */
  scopes?: readonly string[]
  /** Claims added to the user's JWT access tokens, id_tokens and resource answers. */
  claims?: Readonly<Record<string, unknown>>
}

export interface MockClient {
  clientId: string
  /** Undefined for a public client (RFC 6749 §2.1). */
  clientSecret?: string
  /** Grants the client may use; undefined: every grant the mock serves. */
  grants?: readonly MockGrant[]
  /** Scopes the client may be granted; undefined: any. */
  scopes?: readonly string[]
  /**
   * Redirect URIs of the authorization code flow, matched exactly but for a loopback URI's port;
   * undefined: any loopback `http` URI (RFC 8252 §7.3).
   */
  redirectUris?: readonly string[]
}

/** The spec's grants, and the authorization code grant where the mock serves its endpoint. */
export type MockGrant = Grant | 'authorization_code'

export interface Directory {
  users: readonly MockUser[]
  clients: readonly MockClient[]
}

/**
 * What a test runner needs to sign in to the mock: its main user and client, a second client,
 * and, where the defaults have them, a user and a client whose credentials hold the characters
 * that encoding gets wrong.
 */
export interface MockCredentials {
  username: string
  password: string
  clientId?: string
  clientSecret?: string
  client2?: { clientId: string; clientSecret?: string }
  specialUser?: { username: string; password: string }
  specialClient?: { clientId: string; clientSecret?: string }
}

/** Characters that change under URL, form and Basic encoding, and non-ASCII. */
const SPECIAL = /[ +&=%:@]|[^\x00-\x7f]/

/** A password with space, `@`, `&`, `=`, `+`, `%`, `:` and a non-ASCII letter. */
const SPECIAL_PASSWORD = 'p@ss w0rd&=ü+%:'

/**
 * The default users and clients: the vendor page's example user and client (the spec's
 * `exampleCredentials`), a user and a confidential client whose credentials hold every character
 * that encoding can break, and a second client for refresh-token binding.
 */
export function defaultDirectory(profile: Profile): Directory {
  const example = profile.exampleCredentials
  const confidential = profile.clientAuthentication.some((m) => m.value !== 'none')
  const publicOnly = !confidential
  const fixedPublic = profile.clients.find((client) => client.type === 'public')?.clientId
  const mainClient: MockClient = publicOnly
    ? { clientId: example.clientId ?? fixedPublic ?? 'tokencheck-public' }
    : {
        clientId: example.clientId ?? 'tokencheck-client',
        clientSecret: example.clientSecret ?? 'tokencheck-client-secret',
      }
  const secondClient: MockClient = publicOnly
    ? { clientId: 'tokencheck-client-2' }
    : { clientId: 'tokencheck-client-2', clientSecret: 'second-client-secret' }
  const clients: MockClient[] = [mainClient, secondClient]
  if (confidential) clients.push({ clientId: 'tokencheck:special', clientSecret: 's3cr:t %+ü/=' })
  // WSO2's usernames are email@organization-key: the special user keeps that shape (no space).
  const specialUsername =
    profile.usernamePattern === undefined
      ? 'sam +&=%:ü@example.org'
      : 'jöhn+&=%:x@example.org@johnsorg'
  return {
    users: [
      { username: example.username ?? 'tokencheck-user', password: example.password ?? 'password' },
      { username: specialUsername, password: SPECIAL_PASSWORD },
    ],
    clients,
  }
}

/** Reads a users file (`users.schema.json`); its users and clients replace the defaults. */
export function loadDirectory(path: string, profile: Profile): Directory {
  const validate = validator()
  const { data } = readYamlInput(path, {
    what: 'users file',
    code: 'ERR_USAGE',
    validate,
    describe: withoutSecrets,
  })
  const { users, clients } = data as { users: MockUser[]; clients?: MockClient[] }
  const fallback = defaultDirectory(profile).clients
  return { users, clients: clients ?? fallback }
}

/** A secret's value never appears in a message, even when it is not a string. */
function withoutSecrets(error: ErrorObject): string | undefined {
  if (error.keyword === 'not' && error.propertyName !== undefined) {
    return `the claim "${error.propertyName}" is one the mock sets itself; give it another name`
  }
  if (!/\/(password|clientSecret)(\/|$)/.test(error.instancePath)) return undefined
  if (error.keyword !== 'type') return undefined
  const data: unknown = error.data
  const kind = data === null ? 'null' : Array.isArray(data) ? 'an array' : `a ${typeof data}`
  return `expected ${String(error.params['type'])}, got ${kind} (its value is not shown)`
}

/** The credentials a runner signs in with, picked from a directory. */
export function credentialsOf(directory: Directory): MockCredentials {
  const [main, ...otherUsers] = directory.users
  if (main === undefined) throw new Error('a directory has at least one user')
  const clients = directory.clients
  const [first, ...others] = clients
  const plain = others.find((client) => !isSpecial(client))
  const special = others.find(isSpecial)
  const specialUser = otherUsers.find((user) => SPECIAL.test(user.username + user.password))
  return {
    username: main.username,
    password: main.password,
    ...(first === undefined ? {} : pick(first)),
    ...(plain === undefined ? {} : { client2: pick(plain) }),
    ...(specialUser === undefined
      ? {}
      : { specialUser: { username: specialUser.username, password: specialUser.password } }),
    ...(special === undefined ? {} : { specialClient: pick(special) }),
  }
}

function isSpecial(client: MockClient): boolean {
  return SPECIAL.test(client.clientId + (client.clientSecret ?? ''))
}

function pick(client: MockClient): { clientId: string; clientSecret?: string } {
  return {
    clientId: client.clientId,
    ...(client.clientSecret === undefined ? {} : { clientSecret: client.clientSecret }),
  }
}
