import type { Check } from '../checks/check.ts'
import { SCENARIO_IDS } from '../scenarios/registry.ts'

export interface Selection {
  only: readonly string[]
  skip: readonly string[]
}

function matcher(pattern: string): (id: string) => boolean {
  if (!pattern.includes('*')) return (id) => id === pattern
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  const regExp = new RegExp(`^${source}$`)
  return (id) => regExp.test(id)
}

function matchesAny(patterns: readonly string[], ...ids: string[]): boolean {
  return patterns.some((pattern) => ids.some(matcher(pattern)))
}

/** Whether the test of a check on a scenario is in the run: `--only` names either, `--skip` neither. */
export function pairSelected(selection: Selection, checkId: string, scenario: string): boolean {
  if (selection.only.length > 0 && !matchesAny(selection.only, checkId, scenario)) return false
  return !matchesAny(selection.skip, checkId, scenario)
}

/**
 * The scenarios a selection needs sent, or undefined for all: those `--only` names itself, and
 * those a selected check reads or compares with (`alsoReads`); never one `--skip` names.
 */
export function scenariosToRun(
  selection: Selection,
  catalogue: readonly Check<string>[],
): Set<string> | undefined {
  if (selection.only.length === 0 && selection.skip.length === 0) return undefined
  const run = new Set<string>()
  for (const scenario of SCENARIO_IDS) {
    if (matchesAny(selection.skip, scenario)) continue
    if (selection.only.length === 0 || matchesAny(selection.only, scenario)) run.add(scenario)
    for (const check of catalogue) {
      if (check.reads.includes(scenario) && pairSelected(selection, check.id, scenario)) {
        run.add(scenario)
        // What the check compares with is sent too, unless left out by name.
        for (const also of check.alsoReads ?? []) {
          if (!matchesAny(selection.skip, also)) run.add(also)
        }
      }
    }
  }
  return run
}

/** The patterns that match no check and no scenario: a typo, for a usage error. */
export function unknownPatterns(
  selection: Selection,
  catalogue: readonly Check<string>[],
): string[] {
  const ids = [...SCENARIO_IDS, ...catalogue.map((check) => check.id)]
  return [...selection.only, ...selection.skip].filter((pattern) => !ids.some(matcher(pattern)))
}
