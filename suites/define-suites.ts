import { describe, inject, test } from 'vitest'
import { catalogue } from '../src/checks/index.ts'
import { FAMILIES, type Family } from '../src/run/families.ts'
import { judgeOne } from '../src/run/judge.ts'
import { pairSelected } from '../src/run/selection.ts'
import '../src/run/provided.ts'
import '../src/run/test-meta.ts'

/** A verdict that fails its test: the message is all a person needs, so no stack. */
class VerdictFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Verdict'
    this.stack = `${this.name}: ${message}`
  }
}

/**
 * One test per target × scenario × check whose scenario is of the family: named by the check's
 * id, inside a suite per target and per scenario. Each judges recorded exchanges only, so the
 * suites are pure and fast. A MUST failure or an error fails the test; a skip skips it; a
 * warning, note or deviation passes it with an annotation. The result rides in `task.meta`.
 */
export function defineTargetSuites(family: Family): void {
  const covers = (scenario: string) => FAMILIES[family].test(scenario)
  const plan = inject('tokencheck:plan')
  const targets = inject('tokencheck:targets')
  for (const target of targets) {
    describe(target.name, () => {
      const scenarios = new Set(catalogue.flatMap((check) => check.reads).filter(covers))
      for (const scenario of scenarios) {
        describe(scenario, () => {
          for (const check of catalogue) {
            if (!check.reads.includes(scenario) || !pairSelected(plan, check.id, scenario)) {
              continue
            }
            const record = {
              id: check.id,
              clause: check.clause,
              standard: check.standard,
              level: check.level,
              title: check.title,
            }
            const meta = { tokencheck: { target: target.name, scenario, check: record } }
            test(check.id, { meta }, async ({ task, skip, annotate }) => {
              await annotate(`${check.clause} (${check.level})`, 'clause')
              const result = judgeOne(check, scenario, target)
              task.meta.tokencheck = { ...meta.tokencheck, result }
              switch (result.outcome) {
                case 'pass':
                  return
                case 'skip':
                  return skip(result.message)
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
        })
      }
    })
  }
}
