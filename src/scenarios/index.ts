export {
  familyOf,
  isScenarioId,
  SCENARIO_FAMILIES,
  SCENARIO_IDS,
  SCENARIOS,
  scenarioById,
  type RegisteredScenarioId,
  type ScenarioFamily,
  type ScenarioId,
} from './registry.ts'
export { addCredentialSecrets } from './credentials.ts'
export { runScenarios, type ScenarioRun, type ScenarioRunSetup } from './run-scenarios.ts'
export type { Scenario, ScenarioContext, Endpoints, ScenarioOptions } from './scenario.ts'
export type {
  Credentials,
  CredentialHints,
  ClientCredentials,
  UserCredentials,
} from './credentials.ts'
export type { Need } from './needs.ts'
