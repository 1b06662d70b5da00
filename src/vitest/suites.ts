import { describe, inject, test } from 'vitest'
import type { Result } from '../checks/check.ts'
import './provided.ts'

/** A verdict that fails its test: the message is all a person needs, so no stack. */
class VerdictFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Verdict'
    this.stack = `${this.name}: ${message}`
  }
}

/**
 * Defines one test per target × scenario × check, named by the check's id, inside a suite per
 * target and per scenario, from the verdicts tokencheck's global setup judged. A failed MUST or a
 * check that could not judge fails its test; a skip skips it with the reason; a warning, note or
 * documented deviation passes with an annotation saying so. Call it once, in one test file.
 */
export function defineTokencheckSuites(): void {
  const run = inject('tokencheck:run')
  if (run === undefined) {
    throw new Error(
      "tokencheck's verdicts are missing: spread `tokencheck({ … })` (src/vitest/config.ts) into the config's `test`, which adds the global setup",
    )
  }
  for (const target of run.targets) {
    describe(target.name, () => {
      if (target.error !== undefined && target.results.length === 0) {
        test('the target could be run', () => {
          throw new VerdictFailure(target.error!)
        })
      }
      const byScenario = new Map<string, Result[]>()
      for (const result of target.results) {
        byScenario.set(result.scenario, [...(byScenario.get(result.scenario) ?? []), result])
      }
      for (const [scenario, results] of byScenario) {
        describe(scenario, () => {
          for (const result of results) defineTest(result)
        })
      }
    })
  }
}

function defineTest(result: Result): void {
  test(result.checkId, async ({ skip, annotate }) => {
    await annotate(`${result.clause} (${result.level})`, 'clause')
    switch (result.outcome) {
      case 'pass':
        return
      case 'skip':
        return skip(result.message)
      case 'not-applicable':
        return skip(`not applicable: ${result.message ?? ''}`)
      case 'fail':
      case 'error':
        throw new VerdictFailure(result.message ?? result.outcome)
      case 'warn':
      case 'note':
      case 'deviation':
        await annotate(result.message ?? '', result.outcome)
    }
  })
}
