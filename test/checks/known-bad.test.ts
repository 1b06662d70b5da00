/**
 * Every check fails against the fixture server with its known-bad fault, and passes against the
 * conformant fixture of the same spec. The requests are tokencheck's own scenarios and the
 * verdicts its own judge (test/fixtures/run-against.ts): what `tokencheck run` would report. One
 * server per fault (and per conformant variant); each runs, once, the scenarios its checks read.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Check, Result } from '../../src/checks/check.ts'
import { catalogue, isCheckId } from '../../src/checks/index.ts'
import type { ScenarioId } from '../../src/scenarios/registry.ts'
import type { FaultId } from '../fixtures/faults.ts'
import { judgeOne } from '../../src/run/judge.ts'
import type { PreparedTarget } from '../../src/run/prepared.ts'
import { runAgainst } from '../fixtures/run-against.ts'
import {
  conformantVariant,
  knownBad,
  knownBadScenario,
  specFor,
  startTokenServer,
  type TokenServer,
  type TokenServerOptions,
} from '../fixtures/token-server.ts'

const badOptions = (check: Check): TokenServerOptions => {
  if (!isCheckId(check.id)) throw new Error(`${check.id} is not in CheckId`)
  return { spec: specFor[check.id] ?? 'rfc6749-password', faults: [knownBad[check.id]] }
}
const goodOptions = (check: Check): TokenServerOptions => {
  if (!isCheckId(check.id)) throw new Error(`${check.id} is not in CheckId`)
  return { spec: specFor[check.id] ?? 'rfc6749-password', ...conformantVariant[check.id] }
}

/** Every fixture the table needs, with the scenarios its checks read. */
const needed = new Map<string, { options: TokenServerOptions; scenarios: Set<string> }>()
for (const check of catalogue) {
  for (const options of [badOptions(check), goodOptions(check)]) {
    const key = JSON.stringify(options)
    const entry = needed.get(key) ?? { options, scenarios: new Set<string>() }
    for (const id of [...check.reads, ...(check.alsoReads ?? [])]) entry.scenarios.add(id)
    needed.set(key, entry)
  }
}

/** The fixture for a scenario's own known-bad fault, under the check's spec. */
const scenarioBadOptions = (check: Check, fault: FaultId): TokenServerOptions => {
  if (!isCheckId(check.id)) throw new Error(`${check.id} is not in CheckId`)
  return { spec: specFor[check.id] ?? 'rfc6749-password', faults: [fault] }
}
const scenarioFaults = Object.entries(knownBadScenario).map(([key, fault]) => {
  const [id, scenario] = key.split(' ') as [string, ScenarioId]
  const check = catalogue.find((candidate) => candidate.id === id)
  if (check === undefined) throw new Error(`${id} is not in the catalogue`)
  return { check, scenario, fault: fault! }
})
for (const { check, scenario, fault } of scenarioFaults) {
  const options = scenarioBadOptions(check, fault)
  const key = JSON.stringify(options)
  const entry = needed.get(key) ?? { options, scenarios: new Set<string>() }
  for (const id of [scenario, ...(check.alsoReads ?? [])]) entry.scenarios.add(id)
  needed.set(key, entry)
}

const servers: TokenServer[] = []
const targets = new Map<string, Promise<PreparedTarget>>()

function target(options: TokenServerOptions): Promise<PreparedTarget> {
  const key = JSON.stringify(options)
  let prepared = targets.get(key)
  if (prepared === undefined) {
    prepared = startTokenServer(options).then((server) => {
      servers.push(server)
      return runAgainst(server, needed.get(key)?.scenarios)
    })
    targets.set(key, prepared)
  }
  return prepared
}

async function results(check: Check, options: TokenServerOptions): Promise<Result[]> {
  const prepared = await target(options)
  const reason = check.notApplicable?.(prepared.profile)
  if (reason !== undefined)
    throw new Error(`${check.id} does not apply to ${options.spec}: ${reason}`)
  const broken = prepared.exchanges.find((exchange) => exchange.failure !== undefined)
  if (broken !== undefined) throw new Error(`${broken.id}: ${broken.failure?.message}`)
  return check.reads.map((scenario) => judgeOne(check, scenario, prepared))
}

const summary = (list: readonly Result[]) =>
  list.map((r) => `${r.scenario}: ${r.outcome}${r.message ? ` (${r.message})` : ''}`).join('\n')

const failed = (r: Result) => r.outcome === 'fail' || r.outcome === 'warn' || r.outcome === 'note'

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

describe.each(catalogue.map((check) => [check.id, check] as const))('%s', (_id, check) => {
  const bad = badOptions(check)
  const good = goodOptions(check)

  it(`fails against the ${bad.faults?.[0]} fault (${bad.spec})`, async () => {
    const list = await results(check, bad)
    expect(list.some(failed), summary(list)).toBe(true)
  })

  it(`passes against the conformant fixture (${good.spec})`, async () => {
    const list = await results(check, good)
    expect(
      list.filter((r) => failed(r) || r.outcome === 'error'),
      summary(list),
    ).toEqual([])
    expect(
      list.some((r) => r.outcome === 'pass'),
      summary(list),
    ).toBe(true)
  })
})

describe.each(
  scenarioFaults.map((entry) => [`${entry.check.id} ${entry.scenario}`, entry] as const),
)('%s', (_key, { check, scenario, fault }) => {
  it(`fails against the ${fault} fault`, async () => {
    const prepared = await target(scenarioBadOptions(check, fault))
    const result = judgeOne(check, scenario, prepared)
    expect(failed(result), summary([result])).toBe(true)
  })
})
