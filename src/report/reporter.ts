import type { Reporter, SerializedError, TestCase, TestModule, Vitest } from 'vitest/node'
import type { Result } from '../checks/check.ts'
import type { Output } from '../cli/io.ts'
import type { TestMeta } from '../run/test-meta.ts'
import { SCENARIO_IDS } from '../scenarios/ids.ts'
import type { KnownSecrets } from './leak-guard.ts'
import type { CheckRecord, TargetReport } from './model.ts'
import { summaryText, type TargetSummary } from './summary.ts'
import { buildTargetReport } from './target-report.ts'
import { writeReports } from './write.ts'
import '../run/provided.ts'
import '../run/test-meta.ts'

export interface RunSummary {
  targets: TargetSummary[]
  reports: TargetReport[]
  /** A MUST failed, a check or scenario broke, or a target could not be run. */
  failed: boolean
  /** What went wrong in tokencheck itself (a suite that did not load…). */
  internalErrors: string[]
}

export interface ReporterOptions {
  reportRoot: string
  /** The run's start: the folders' timestamp. */
  startedAt: string
  output: Output
  /** The run's own credentials: a report holding one, in any encoding, is not written. */
  secrets?: KnownSecrets
}

/**
 * tokencheck's vitest reporter: when the run ends it gathers every test's result from its meta,
 * writes each target's reports and prints the summary. vitest's own reporter shows progress.
 */
export class TokencheckReporter implements Reporter {
  summary: RunSummary | undefined
  #vitest: Vitest | undefined
  readonly #options: ReporterOptions

  constructor(options: ReporterOptions) {
    this.#options = options
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    const internalErrors = [
      ...unhandledErrors.map((error) => error.message),
      ...testModules.flatMap((module) => module.errors().map((error) => error.message)),
    ]
    const targets = this.#vitest?.getRootProject().getProvidedContext()['tokencheck:targets']
    if (targets === undefined) {
      this.summary = {
        targets: [],
        reports: [],
        failed: true,
        internalErrors: internalErrors.length > 0 ? internalErrors : ['the scenarios did not run'],
      }
      return
    }
    const collected = collect(testModules)
    const finishedAt = Date.now()
    const reports = targets.map((target) => {
      const found: Collected = collected.get(target.name) ?? { checks: new Map(), results: [] }
      return buildTargetReport(
        target,
        [...found.checks.values()],
        sortResults(found.results),
        finishedAt,
      )
    })
    const summaries = reports.map((report) => this.#write(report))
    this.summary = {
      targets: summaries,
      reports,
      failed:
        summaries.some((s) => s.totals.fail > 0 || s.totals.error > 0 || s.error !== undefined) ||
        internalErrors.length > 0,
      internalErrors,
    }
    this.#options.output.out(`\n${summaryText(summaries)}`)
  }

  #write(report: TargetReport): TargetSummary {
    const { dir } = writeReports(report, this.#options.reportRoot, {
      ...(this.#options.secrets === undefined ? {} : { secrets: this.#options.secrets }),
    })
    return {
      name: report.target.name,
      folder: dir,
      totals: report.totals.all,
      ...(report.error === undefined ? {} : { error: report.error }),
    }
  }
}

interface Collected {
  checks: Map<string, CheckRecord>
  results: Result[]
}

function collect(testModules: ReadonlyArray<TestModule>): Map<string, Collected> {
  const byTarget = new Map<string, Collected>()
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const meta = test.meta().tokencheck
      if (meta === undefined) continue
      const entry: Collected = byTarget.get(meta.target) ?? { checks: new Map(), results: [] }
      byTarget.set(meta.target, entry)
      entry.checks.set(meta.check.id, meta.check)
      entry.results.push(meta.result ?? unfinished(test, meta))
    }
  }
  return byTarget
}

/** A test that ended without a result: it broke or was cut short; never a pass. */
function unfinished(test: TestCase, meta: TestMeta): Result {
  const state = test.result()
  const message =
    state.state === 'failed'
      ? (state.errors[0]?.message ?? 'the test failed')
      : `the test did not finish (${state.state})`
  return {
    checkId: meta.check.id,
    scenario: meta.scenario,
    clause: meta.check.clause,
    standard: meta.check.standard,
    level: meta.check.level,
    outcome: 'error',
    message,
    exchangeIds: [],
  }
}

const SCENARIO_ORDER = new Map<string, number>(SCENARIO_IDS.map((id, index) => [id, index]))

function sortResults(results: Result[]): Result[] {
  return results.sort(
    (a, b) =>
      (SCENARIO_ORDER.get(a.scenario) ?? 999) - (SCENARIO_ORDER.get(b.scenario) ?? 999) ||
      a.checkId.localeCompare(b.checkId),
  )
}
