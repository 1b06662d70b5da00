import type { SpecProblem } from './document.ts'

/** A problem the Profile's derivation found, at a JSON pointer (its line is found later). */
export function profileProblem(
  pointer: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): SpecProblem {
  return { pointer, message, severity, rule: 'profile' }
}
