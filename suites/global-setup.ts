import type { TestProject } from 'vitest/node'
import { prepareTargets } from '../src/run/prepare.ts'
import '../src/run/provided.ts'

/**
 * Sends every scenario once per target, in the main process where the credentials are, and
 * gives the suites the redacted exchanges: real targets get one request per scenario however many
 * checks read it.
 */
export default async function setup(project: TestProject): Promise<void> {
  const plan = project.getProvidedContext()['tokencheck:plan']
  project.provide('tokencheck:targets', await prepareTargets(plan))
}
