import type { Check } from '../checks/check.ts'
import { pairSelected, type Selection } from './selection.ts'

/** The suite files, each the tests of one family of scenarios: `suites/<family>.test.ts`. */
export const FAMILIES = {
  token: /^((password|grant|params|body|method|scope)\.|setup$)/,
  client: /^client\./,
  refresh: /^refresh\./,
  resource: /^resource\./,
  discovery: /^discovery\./,
} as const satisfies Record<string, RegExp>
export type Family = keyof typeof FAMILIES

/** The families with at least one selected test: vitest fails a suite file that defines none. */
export function familiesWithTests(catalogue: readonly Check[], selection: Selection): Family[] {
  return (Object.keys(FAMILIES) as Family[]).filter((family) =>
    catalogue.some((check) =>
      check.reads.some(
        (scenario) =>
          FAMILIES[family].test(scenario) && pairSelected(selection, check.id, scenario),
      ),
    ),
  )
}
