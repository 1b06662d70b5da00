import type { IncomingMessage } from 'node:http'
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Profile } from '../openapi/profile.ts'
import type { SigningKey } from './keys.ts'
import type { CodeStore } from './authorization-code.ts'
import type { RefreshStore } from './refresh-store.ts'
import type { Directory, MockClient, MockUser } from './users.ts'

/** The token authority's state: who exists, its key, its refresh tokens, and what it issued. */
export interface Authority {
  profile: Profile
  directory: Directory
  key: SigningKey
  refresh: RefreshStore
  /** In seconds; `firstAccessToken`, when set, is the first access token's only. */
  lifetimes: { accessToken: number; refreshToken: number; firstAccessToken?: number }
  /** How many access tokens it has issued. */
  accessTokensIssued: number
  /** The `token_type` the vendor's example shows (auth-login's is `bearer`), else `Bearer`. */
  tokenType: string
  /** Every issuer and audience tokens were issued under: a token is valid under any of them. */
  issuers: Set<string>
  audiences: Set<string>
  /** The address the server listens on, for requests without a usable Host header. */
  fallbackHost: string
  /** The members the protected resource's 200 schema lists: what it answers with. */
  resourceFields: ReadonlySet<string>
  /** Whether the resource's 200 schema allows members it does not list (a user's claims). */
  resourceOpen: boolean
  /**
   * The authorization endpoint's path and its codes, when the spec's discovery document names
   * one: then the mock serves the authorization code flow (RFC 6749 §4.1, RFC 7636).
   */
  authorizationPath?: string
  codes?: CodeStore
  /** Whether the users are the spec's defaults, whose passwords are public (the vendor's examples). */
  defaultUsers: boolean
}

/**
 * The URL the client used, from its Host header (so `localhost` and `127.0.0.1` both work and
 * tokens name the issuer the client saw), else the listening address.
 */
export function baseUrlOf(req: IncomingMessage, authority: Authority): string {
  const host = req.headers.host
  const usable =
    host !== undefined && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)
  return `http://${usable ? host : authority.fallbackHost}`
}

/** The issuer: the discovery document's prefix when the spec has one (a Keycloak realm), else the base. */
export function issuerOf(base: string, profile: Profile): string {
  const discovery = profile.discovery?.path
  const suffix = '/.well-known/openid-configuration'
  return discovery?.endsWith(suffix) ? `${base}${discovery.slice(0, -suffix.length)}` : base
}

/** The audience of access tokens: the protected resource, else the base URL. */
export function audienceOf(base: string, profile: Profile): string {
  return profile.protectedResource === undefined ? base : `${base}${profile.protectedResource.path}`
}

/** How many issuers and audiences a mock remembers: a client cycling Host headers cannot grow them. */
const NAMES_KEPT = 32

/** Adds an issuer or audience tokens were issued under, forgetting the oldest past {@link NAMES_KEPT}. */
export function remember(names: Set<string>, name: string): void {
  names.delete(name)
  names.add(name)
  for (const oldest of names) {
    if (names.size <= NAMES_KEPT) break
    names.delete(oldest)
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/** The digests of the directory's own names and secrets, computed once each. */
const expectedDigests = new Map<string, Buffer>()

/** Compares two secrets in constant time (their SHA-256 digests have the same length). */
export function sameSecret(given: string, expected: string): boolean {
  let expectedDigest = expectedDigests.get(expected)
  if (expectedDigest === undefined) {
    expectedDigest = digest(expected)
    // Bounded: the expected values are those of users files, not of requests.
    if (expectedDigests.size < 10_000) expectedDigests.set(expected, expectedDigest)
  }
  return timingSafeEqual(digest(given), expectedDigest)
}

export function findUser(
  authority: Authority,
  username: string,
  password: string,
): MockUser | undefined {
  let found: MockUser | undefined
  // Every user is compared, so the time taken does not tell which usernames exist.
  for (const user of authority.directory.users) {
    const nameMatches = sameSecret(username, user.username)
    const passwordMatches = sameSecret(password, user.password)
    if (nameMatches && passwordMatches) found = user
  }
  return found
}

export function findClient(authority: Authority, clientId: string): MockClient | undefined {
  return authority.directory.clients.find((client) => client.clientId === clientId)
}
