import type { TargetReport } from './model.ts'

/** `report.json`: the whole target report, two-space indented. */
export function toJson(report: TargetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
