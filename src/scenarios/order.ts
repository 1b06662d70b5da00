import {
  clientBasicAndBody,
  clientNoIdentification,
  clientNone,
  clientSecretSpecialCharactersBasic,
  clientWrongSecretBasic,
  clientWrongSecretBody,
} from './client.ts'
import { discoveryDocument, discoveryJwks } from './discovery.ts'
import type { ScenarioId } from './ids.ts'
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
  refreshGarbage,
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
 * Every scenario, in the order a run sends them: discovery first; `password.valid` before
 * everything that uses its tokens, and the resource scenarios that present a live token right
 * after it, while short-lived tokens still live; the expiry wait before the refreshes (a refresh, or a replayed refresh token, may revoke the tokens presented); the
 * repeated wrong passwords last, so throttling or a lock-out cannot spoil the rest.
 */
export const SCENARIOS: readonly Scenario[] = [
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
  refreshOtherClient,
  refreshWiderScope,
  passwordRepeatedWrongPassword,
]

export function scenarioById(id: ScenarioId): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.id === id)
  if (scenario === undefined) throw new Error(`no scenario \`${id}\``)
  return scenario
}
