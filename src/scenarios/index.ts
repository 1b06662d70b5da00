export { SCENARIOS, scenarioById } from './order.ts'
export { addCredentialSecrets } from './credentials.ts'
export { runScenarios, type ScenarioRun, type ScenarioRunSetup } from './run-scenarios.ts'
export { SCENARIO_IDS, type ScenarioId } from './ids.ts'
export type { Scenario, ScenarioContext, Endpoints, ScenarioOptions } from './scenario.ts'
export type {
  Credentials,
  CredentialHints,
  ClientCredentials,
  UserCredentials,
} from './credentials.ts'
export type { Need } from './needs.ts'
