import type { Result } from '../checks/check.ts'
import type { RunPlan } from '../run/plan.ts'
import type { TargetSummary } from '../report/summary.ts'

/** One target's verdicts, as the global setup judged them: what the suites turn into tests. */
export interface JudgedRun {
  targets: { name: string; results: Result[]; error?: string }[]
  /** Each target's report folder and totals, for the reporter's closing table. */
  summaries: TargetSummary[]
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run, from the config helper `tokencheck()`. */
    'tokencheck:plan': RunPlan
    /** The verdicts, from the global setup. */
    'tokencheck:run': JudgedRun
  }
}
