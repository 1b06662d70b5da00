/**
 * Every check fails against the fixture server with its known-bad fault, and passes against the
 * conformant fixture of the same spec. One server per fault (and per conformant variant), each
 * scenario sent once per server and shared by every check that reads it.
 *
 * The requests come from test/fixtures/send-scenario.ts, a stand-in for the engine's scenarios.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Check, Verdict } from '../../src/checks/check.ts'
import { catalogue, isCheckId, type CheckId } from '../../src/checks/index.ts'
import type { Exchange } from '../../src/http/exchange.ts'
import type { ScenarioId } from '../../src/scenarios/ids.ts'
import { conformantVariant, knownBad, specFor, type FaultId } from '../fixtures/faults.ts'
import { closeAgent, sendScenario, type ScenarioRun } from '../fixtures/send-scenario.ts'
import {
  startTokenServer,
  type TokenServer,
  type TokenServerOptions,
} from '../fixtures/token-server.ts'

interface Fixture {
  server: TokenServer
  runs: Map<string, Promise<ScenarioRun>>
}

const fixtures = new Map<string, Promise<Fixture>>()

function fixture(options: TokenServerOptions): Promise<Fixture> {
  const key = JSON.stringify(options)
  let started = fixtures.get(key)
  if (started === undefined) {
    started = startTokenServer(options).then((server) => ({ server, runs: new Map() }))
    fixtures.set(key, started)
  }
  return started
}

async function scenario(fx: Fixture, id: string): Promise<ScenarioRun> {
  let run = fx.runs.get(id)
  if (run === undefined) {
    run = sendScenario(id as ScenarioId, fx.server)
    fx.runs.set(id, run)
  }
  const result = await run
  const failed =
    result.status === 'ran' ? result.exchanges.find((e: Exchange) => e.failure) : undefined
  if (failed !== undefined) throw new Error(`${failed.id}: ${failed.failure?.message}`)
  return result
}

/** The check's verdict on each scenario it reads, as the runner would give them. */
async function verdicts(check: Check, options: TokenServerOptions): Promise<[string, Verdict][]> {
  const fx = await fixture(options)
  const reason = check.notApplicable?.(fx.server.profile)
  if (reason !== undefined)
    throw new Error(`${check.id} does not apply to ${options.spec}: ${reason}`)
  const related: Record<string, readonly Exchange[]> = {}
  for (const id of check.alsoReads ?? []) {
    const run = await scenario(fx, id)
    if (run.status === 'ran') related[id] = run.exchanges
  }
  const results: [string, Verdict][] = []
  for (const id of check.reads) {
    const run = await scenario(fx, id)
    if (run.status === 'skipped') {
      results.push([id, { outcome: 'skip', reason: run.reason }])
      continue
    }
    const [first] = run.exchanges
    if (first === undefined) throw new Error(`${id} sent nothing`)
    results.push([
      id,
      check.judge({
        exchange: first,
        exchanges: run.exchanges,
        profile: fx.server.profile,
        related,
      }),
    ])
  }
  return results
}

const summary = (results: [string, Verdict][]) =>
  results
    .map(
      ([id, v]) =>
        `${id}: ${v.outcome}${'message' in v ? ` (${v.message})` : 'reason' in v ? ` (${v.reason})` : ''}`,
    )
    .join('\n')

afterAll(async () => {
  for (const started of fixtures.values()) {
    const { server } = await started
    await closeAgent(server)
    await server.close()
  }
})

describe.each(catalogue.map((check) => [check.id, check] as const))('%s', (id, check) => {
  if (!isCheckId(id)) throw new Error(`${id} is not in CheckId`)
  const checkId: CheckId = id
  const fault: FaultId = knownBad[checkId]
  const spec = specFor[checkId] ?? 'rfc6749-password'

  it(`fails against the ${fault} fault (${spec})`, async () => {
    const results = await verdicts(check, { spec, faults: [fault] })
    expect(
      results.some(([, v]) => v.outcome === 'fail'),
      summary(results),
    ).toBe(true)
  })

  it(`passes against the conformant fixture (${spec})`, async () => {
    const results = await verdicts(check, { spec, ...conformantVariant[checkId] })
    expect(
      results.filter(([, v]) => v.outcome === 'fail' || v.outcome === 'error'),
      summary(results),
    ).toEqual([])
    expect(
      results.some(([, v]) => v.outcome === 'pass'),
      summary(results),
    ).toBe(true)
  })
})
