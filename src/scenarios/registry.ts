import {
  clientBasicAndBody,
  clientNoIdentification,
  clientNone,
  clientSecretSpecialCharactersBasic,
  clientWrongSecretBasic,
  clientWrongSecretBody,
} from './client.ts'
import { discoveryDocument, discoveryJwks } from './discovery.ts'
import { SETUP } from './grants.ts'
import {
  bodyJson,
  bodyOtherMediaType,
  grantEmpty,
  grantMissing,
  grantUnsupported,
  methodGet,
  paramsDuplicated,
  paramsInQuery,
  paramsMissingPassword,
  paramsMissingUsername,
  paramsUnknownIgnored,
  scopeInvalid,
} from './params.ts'
import {
  passwordRepeatedWrongPassword,
  passwordSpecialCharacters,
  passwordSpecialCharactersUnencoded,
  passwordUnknownUser,
  passwordValid,
  passwordWrongPassword,
} from './password.ts'
import {
  refreshAccessToken,
  refreshGarbage,
  refreshNoClientAuth,
  refreshOtherClient,
  refreshReused,
  refreshValid,
  refreshWiderScope,
} from './refresh.ts'
import {
  resourceAlgNoneToken,
  resourceExpiredToken,
  resourceInsufficientScope,
  resourceLowercaseBearer,
  resourceNoToken,
  resourceTamperedToken,
  resourceTokenInQuery,
  resourceTokenTwoWays,
  resourceValidToken,
} from './resource.ts'
import type { Scenario } from './scenario.ts'

/**
 * The scenario registry: every scenario, in the order a run sends them. Ids, send order and
 * families are derived from it, so a scenario's id is written once, in its definition.
 *
 * The order: discovery first; `password.valid` before everything that uses its tokens, and the
 * resource scenarios that present a live token right after it, while short-lived tokens still
 * live; the expiry wait before the refreshes (a refresh, or a replayed refresh token, may revoke
 * the tokens presented); the repeated wrong passwords last, so throttling or a lock-out cannot
 * spoil the rest.
 */
export const SCENARIOS = [
  discoveryDocument,
  discoveryJwks,
  passwordValid,
  resourceValidToken,
  resourceLowercaseBearer,
  resourceTokenInQuery,
  resourceTokenTwoWays,
  resourceTamperedToken,
  resourceAlgNoneToken,
  resourceNoToken,
  resourceInsufficientScope,
  passwordSpecialCharacters,
  passwordSpecialCharactersUnencoded,
  clientSecretSpecialCharactersBasic,
  grantMissing,
  grantEmpty,
  grantUnsupported,
  paramsMissingUsername,
  paramsMissingPassword,
  paramsDuplicated,
  paramsUnknownIgnored,
  paramsInQuery,
  bodyJson,
  bodyOtherMediaType,
  methodGet,
  scopeInvalid,
  clientNone,
  clientNoIdentification,
  clientWrongSecretBasic,
  clientWrongSecretBody,
  clientBasicAndBody,
  passwordWrongPassword,
  passwordUnknownUser,
  resourceExpiredToken,
  refreshValid,
  refreshReused,
  refreshGarbage,
  refreshAccessToken,
  refreshOtherClient,
  refreshNoClientAuth,
  refreshWiderScope,
  passwordRepeatedWrongPassword,
] as const satisfies readonly Scenario[]

/** The id of a scenario in the registry. */
export type RegisteredScenarioId = (typeof SCENARIOS)[number]['id']

/**
 * A name exchanges are recorded under, which checks read: a registered scenario, or `setup` (the
 * grants sent for other scenarios' tokens).
 */
export type ScenarioId = RegisteredScenarioId | typeof SETUP

/** Every registered scenario's id, in send order. */
export const SCENARIO_IDS: readonly RegisteredScenarioId[] = SCENARIOS.map(
  (scenario) => scenario.id,
)

type FamilyOf<Id> = Id extends `${infer Family}.${string}` ? Family : never

/** What a scenario varies, the part of its id before the dot: `password`, `resource`… */
export type ScenarioFamily = FamilyOf<RegisteredScenarioId>

/** The family of a registered scenario's id. */
export function familyOf(id: RegisteredScenarioId): ScenarioFamily {
  return id.slice(0, id.indexOf('.')) as ScenarioFamily
}

/** Every family, in the order its first scenario is sent. */
export const SCENARIO_FAMILIES: readonly ScenarioFamily[] = [...new Set(SCENARIO_IDS.map(familyOf))]

/** The scenario whose grant issues the tokens other scenarios present. */
export const VALID_GRANT = 'password.valid' satisfies RegisteredScenarioId

/** The families whose scenarios present tokens `VALID_GRANT` issued, so it is sent with them. */
export const TOKEN_FAMILIES: readonly ScenarioFamily[] = ['resource', 'refresh']

/** Scenarios that need another sent first, beside the token families' `password.valid`. */
export const PREREQUISITES: Partial<Record<RegisteredScenarioId, RegisteredScenarioId>> = {
  'discovery.jwks': 'discovery.document',
}

export function isScenarioId(id: string): id is RegisteredScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(id)
}

export function scenarioById(id: RegisteredScenarioId): Scenario<RegisteredScenarioId> {
  const scenario = SCENARIOS.find((candidate) => candidate.id === id)
  if (scenario === undefined) throw new Error(`no scenario \`${id}\``)
  return scenario
}

export { SETUP }
