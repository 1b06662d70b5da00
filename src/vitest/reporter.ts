import type { Reporter, TestProject, Vitest } from 'vitest/node'
import { processOutput, type Output } from '../output.ts'
import { summaryText } from '../report/summary.ts'
import './provided.ts'

/**
 * A vitest reporter that ends the run with tokencheck's summary table and the report folders,
 * beside whatever reporters the config already has: `reporters: ['default', new
 * TokencheckReporter()]`. The reports themselves are written by the global setup.
 */
export class TokencheckReporter implements Reporter {
  #project: TestProject | undefined
  readonly #output: Output

  /** vitest passes a reporter named on its command line its options: `{}`. */
  constructor(options: { output?: Output } = {}) {
    this.#output = options.output ?? processOutput
  }

  onInit(vitest: Vitest): void {
    this.#project = vitest.getRootProject()
  }

  onTestRunEnd(): void {
    const run = this.#project?.getProvidedContext()['tokencheck:run']
    if (run !== undefined) this.#output.out(`\n${summaryText(run.summaries)}`)
  }
}
