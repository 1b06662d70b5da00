/**
 * The engine of `tokencheck run`: plan → prepare (send every scenario once → exchanges) → judge
 * (catalogue × exchanges → results) → report model → writers. Plain functions over plain data: no
 * test runner in the path (src/vitest/ adapts the same steps for users who run vitest).
 */
import type { KnownSecrets } from '../report/leak-guard.ts'
import type { TargetReport } from '../report/model.ts'
import type { TargetSummary } from '../report/summary.ts'
import { writeReports } from '../report/write.ts'
import { judgeTarget } from './judge-target.ts'
import type { RunPlan } from './plan.ts'
import { prepareTargets } from './prepare.ts'
import type { PreparedTarget } from './prepared.ts'
import type { ProgressListener } from './progress.ts'
import { buildTargetReport } from './target-report.ts'

export interface RunSummary {
  targets: TargetSummary[]
  reports: TargetReport[]
  /** A MUST failed, a check or scenario broke, a target could not be run, or one judged nothing. */
  failed: boolean
  /** Targets whose run judged no MUST-level check at all: it proved nothing, so it cannot pass. */
  judgedNothing: string[]
}

export interface EngineOptions {
  /** The run's own credentials: a report holding one, in any encoding, is not written. */
  secrets?: KnownSecrets
  progress?: ProgressListener
}

/** Judges prepared targets into their report models; sends nothing and writes nothing. */
export function judgeTargets(
  prepared: readonly PreparedTarget[],
  plan: Pick<RunPlan, 'only' | 'skip'>,
  finishedAt: number = Date.now(),
): TargetReport[] {
  return prepared.map((target) => {
    const { checks, results } = judgeTarget(target, plan)
    return buildTargetReport(target, checks, results, finishedAt)
  })
}

/** Writes each report's files under the plan's report root and sums the run up. */
export function writeRun(
  reports: readonly TargetReport[],
  plan: Pick<RunPlan, 'reportRoot'>,
  secrets?: KnownSecrets,
): RunSummary {
  const targets = reports.map((report): TargetSummary => {
    const { dir } = writeReports(report, plan.reportRoot, secrets === undefined ? {} : { secrets })
    return {
      name: report.target.name,
      folder: dir,
      totals: report.totals.all,
      ...(report.error === undefined ? {} : { error: report.error }),
    }
  })
  const judgedNothing = judgedNoMust(reports)
  const failed =
    judgedNothing.length > 0 ||
    targets.some(
      (target) => target.totals.fail > 0 || target.totals.error > 0 || target.error !== undefined,
    )
  return { targets, reports: [...reports], failed, judgedNothing }
}

/** MUST-level outcomes that are a judgement: the check compared the answer with its rule. */
const JUDGED: ReadonlySet<string> = new Set(['pass', 'fail', 'deviation'])

/**
 * The targets whose run judged no MUST-level check at all: it proved nothing, so it cannot pass.
 * A target that could not be run is reported by its error already.
 */
export function judgedNoMust(
  reports: readonly Pick<TargetReport, 'target' | 'results' | 'error'>[],
): string[] {
  return reports
    .filter((report) => report.error === undefined)
    .filter((report) => !report.results.some((r) => r.level === 'MUST' && JUDGED.has(r.outcome)))
    .map((report) => report.target.name)
}

/** A whole run: sends, judges, writes the reports, and returns what it found. */
export async function runEngine(plan: RunPlan, options: EngineOptions = {}): Promise<RunSummary> {
  const prepared = await prepareTargets(plan, undefined, options.progress)
  return writeRun(judgeTargets(prepared, plan), plan, options.secrets)
}
