import type { Exchange } from '../http/exchange.ts'
import type { Recorder } from '../http/recorder.ts'
import type { ScenarioRecord } from './record.ts'
import type { Profile } from '../openapi/profile.ts'
import type { CredentialHints, Credentials } from './credentials.ts'
import { freshGrant, GrantPool, SETUP } from './grants.ts'
import {
  familyOf,
  isScenarioId,
  PREREQUISITES,
  SCENARIOS,
  TOKEN_FAMILIES,
  VALID_GRANT,
  type RegisteredScenarioId,
} from './registry.ts'
import { unmetNeed } from './needs.ts'
import type {
  Endpoints,
  GrantExtras,
  Scenario,
  ScenarioContext,
  ScenarioOptions,
  ScenarioOutcome,
} from './scenario.ts'

export interface ScenarioRunSetup {
  profile: Profile
  endpoints: Endpoints
  credentials: Credentials
  hints: CredentialHints
  options: ScenarioOptions
  /** `--scope` and `--param`: sent with every grant request. */
  extras?: GrantExtras
  recorder: Recorder
  /** The scenarios to run; all when absent. Prerequisites run too. */
  selected?: ReadonlySet<string>
  sleep?: (ms: number) => Promise<void>
  /** Told before each scenario runs: its id, its place (1-based) and how many will run. */
  onScenario?: (scenario: RegisteredScenarioId, position: number, of: number) => void
}

export interface ScenarioRun {
  records: ScenarioRecord[]
  exchanges: Exchange[]
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The scenarios that must run for the selected ones: `password.valid` feeds tokens onward. */
export function withPrerequisites(selected: ReadonlySet<string>): Set<string> {
  const all = new Set(selected)
  for (const id of selected) {
    if (!isScenarioId(id)) continue
    if (TOKEN_FAMILIES.includes(familyOf(id))) all.add(VALID_GRANT)
    const prerequisite = PREREQUISITES[id]
    if (prerequisite !== undefined) all.add(prerequisite)
  }
  return all
}

/**
 * Runs a target's scenarios in order, each once, and returns what each did and every exchange.
 * A scenario whose needs are unmet is skipped with the reason; one that throws (a fault of
 * tokencheck) is recorded as an error, and the run goes on.
 */
export async function runScenarios(setup: ScenarioRunSetup): Promise<ScenarioRun> {
  const grants = new GrantPool()
  const toRun = setup.selected === undefined ? undefined : withPrerequisites(setup.selected)
  const records: ScenarioRecord[] = []
  let retried = false
  const scenarios: Scenario<RegisteredScenarioId>[] = SCENARIOS.filter(
    (scenario) => toRun === undefined || toRun.has(scenario.id),
  )
  for (const [index, scenario] of scenarios.entries()) {
    setup.onScenario?.(scenario.id, index + 1, scenarios.length)
    const origins: string[] = []
    const context: ScenarioContext = {
      profile: setup.profile,
      endpoints: setup.endpoints,
      credentials: setup.credentials,
      hints: setup.hints,
      options: setup.options,
      extras: setup.extras ?? { params: [] },
      recorder: setup.recorder,
      grants,
      scenario: scenario.id,
      send: (request, label) => setup.recorder.send(scenario.id, request, label),
      usesGrantFrom: (exchangeId) => {
        if (!origins.includes(exchangeId)) origins.push(exchangeId)
      },
      sleep: setup.sleep ?? defaultSleep,
    }
    const validSent = setup.recorder.exchanges.some((e) => e.scenario === VALID_GRANT)
    if (scenario.needs.includes('access-token') && !grants.primary && validSent && !retried) {
      // One more grant before a scenario that needs a token is skipped: any token serves.
      retried = true
      if (
        unmetNeed(
          scenario.needs.filter((need) => need !== 'access-token'),
          context,
        ) === undefined
      ) {
        await freshGrant(context, undefined, { spare: false }).catch(() => undefined)
      }
    }
    const outcome = await outcomeOf(context, scenario.needs, scenario.run)
    records.push(recordOf(scenario.id, outcome, setup.recorder.exchanges, origins))
  }
  const setupExchanges = setup.recorder.exchanges.filter((exchange) => exchange.scenario === SETUP)
  if (setupExchanges.length > 0) {
    records.push({ id: SETUP, status: 'ran', exchangeIds: setupExchanges.map((e) => e.id) })
  }
  return { records, exchanges: [...setup.recorder.exchanges] }
}

type Outcome = ScenarioOutcome | { status: 'error'; reason: string }

async function outcomeOf(
  context: ScenarioContext,
  needs: Parameters<typeof unmetNeed>[0],
  run: (context: ScenarioContext) => Promise<ScenarioOutcome>,
): Promise<Outcome> {
  const unmet = unmetNeed(needs, context)
  if (unmet !== undefined) return { status: 'skipped', reason: unmet }
  try {
    return await run(context)
  } catch (error) {
    const message = context.recorder.redactor.redactText(
      error instanceof Error ? error.message : String(error),
    )
    return { status: 'error', reason: `tokencheck failed while running the scenario: ${message}` }
  }
}

function recordOf(
  id: RegisteredScenarioId,
  outcome: Outcome,
  exchanges: readonly Exchange[],
  origins: readonly string[],
): ScenarioRecord {
  const exchangeIds = exchanges.filter((exchange) => exchange.scenario === id).map((e) => e.id)
  const from = origins.length === 0 ? {} : { originExchangeIds: [...origins] }
  return outcome.status === 'ran'
    ? { id, status: 'ran', exchangeIds, ...from }
    : { id, status: outcome.status, reason: outcome.reason, exchangeIds, ...from }
}
