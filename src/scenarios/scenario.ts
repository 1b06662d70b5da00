import type { Field } from '../http/form.ts'
import type { Recorder, Sent } from '../http/recorder.ts'
import type { HttpRequest } from '../http/client.ts'
import type { Profile } from '../openapi/profile.ts'
import type { ClientCredentials, CredentialHints, Credentials } from './credentials.ts'
import type { GrantPool } from './grants.ts'
import type { RegisteredScenarioId } from './registry.ts'
import type { Need } from './needs.ts'

/** Where a target's endpoints are for this run. */
export interface Endpoints {
  tokenUrl: string
  protectedResourceUrl?: string
  discoveryUrl?: string
  jwksUrl?: string
  /** Why an endpoint is absent: "the spec names no protected resource; pass --protected-resource". */
  unavailable: Partial<Record<OptionalEndpoint, string>>
  /** Take the JWK Set's URL from the discovery document's `jwks_uri` once it is fetched. */
  jwksFromDiscovery?: boolean
}

export const OPTIONAL_ENDPOINTS = ['protectedResource', 'discovery', 'jwks'] as const
export type OptionalEndpoint = (typeof OPTIONAL_ENDPOINTS)[number]

export interface ScenarioOptions {
  /** The longest token lifetime `resource.expired-token` waits out, in seconds. */
  maxWaitSeconds: number
  /** Allow lock-out-prone repeats with the real username. */
  allowLockoutRisk: boolean
}

/**
 * What the user asked every grant request to carry (`--scope`, `--param name=value`): a scope or
 * parameters the server requires (`audience`, `resource`, a realm…).
 */
export interface GrantExtras {
  scope?: string
  params: readonly Field[]
}

/** What a scenario runs with; it lives in the process that sends requests only. */
export interface ScenarioContext {
  profile: Profile
  endpoints: Endpoints
  credentials: Credentials
  hints: CredentialHints
  options: ScenarioOptions
  extras: GrantExtras
  recorder: Recorder
  grants: GrantPool
  /** The id of the scenario running; `send` records under it. */
  scenario: RegisteredScenarioId
  /** Sends a request as an exchange of the running scenario. */
  send(request: HttpRequest, label?: string): Promise<Sent>
  /**
   * Notes that the scenario uses a token issued by an earlier exchange (by its id), so the checks
   * can compare the request under test with the grant it came from.
   */
  usesGrantFrom(exchangeId: string): void
  /** Waits, for expiry: tests replace it. */
  sleep(ms: number): Promise<void>
}

/** A scenario ran (its exchanges are recorded) or was skipped with a reason. */
export type ScenarioOutcome = { status: 'ran' } | { status: 'skipped'; reason: string }

export const ran = (): ScenarioOutcome => ({ status: 'ran' })
export const skipped = (reason: string): ScenarioOutcome => ({ status: 'skipped', reason })

/**
 * One request variant, named by what it varies. It declares what it needs; the runner skips it
 * with the first unmet need's reason, so it is never silently passed.
 */
export interface Scenario<Id extends string = string> {
  /** `<family>.<variant>`: the family is what the scenario varies (`password`, `resource`…). */
  id: Id
  /** One line for a person: "the valid password grant, once per client authentication method". */
  title: string
  needs: readonly Need[]
  run(context: ScenarioContext): Promise<ScenarioOutcome>
}

/** Keeps the scenario's id a literal, so the registry can derive `ScenarioId` from it. */
export function defineScenario<const Id extends string>(scenario: Scenario<Id>): Scenario<Id> {
  return scenario
}

export type { ClientCredentials }
