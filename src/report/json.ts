import type { TargetReport } from './model.ts'

/**
 * `report.json`: the run as data, two-space indented, with one trailing newline. Its JSON Schema
 * is `report.schema.json` (checked by `writeReports` before it writes).
 */
export function toJson(report: TargetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
