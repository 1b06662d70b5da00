import type { Result } from '../checks/check.ts'
import type { CheckRecord } from '../report/model.ts'

/** What each suite test carries to the reporter: the target, the check, the scenario, the result. */
export interface TestMeta {
  target: string
  scenario: string
  check: CheckRecord
  /** Set when the test ran; JSON. */
  result?: Result
}

declare module '@vitest/runner' {
  interface TaskMeta {
    tokencheck?: TestMeta
  }
}
