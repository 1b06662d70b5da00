/** The report writers, the drift section, totals and the expected-failures baseline. */
export type {
  CheckRecord,
  DriftItem,
  DriftKind,
  OutcomeCounts,
  ScenarioRecord,
  TargetReport,
  Totals,
} from './model.ts'
export { DRIFT_KINDS } from './model.ts'
export { countOf, OUTCOME_LABELS, OUTCOME_ORDER, totalsOf, emptyCounts } from './totals.ts'
export { computeDrift, type DriftInput } from './drift.ts'
export { toJson } from './json.ts'
export { reportSchema, reportSchemaProblems } from './schema.ts'
export { toJunit } from './junit.ts'
export { toHtml } from './html.ts'
export { MARKDOWN_MAX_LISTED, toMarkdown } from './markdown.ts'
export { toHar } from './har.ts'
export { leaksIn, type KnownSecrets } from './leak-guard.ts'
export {
  REPORT_FILES,
  renderReports,
  targetDirName,
  timestampDirName,
  writeReports,
  type ReportFormat,
  type WrittenReports,
} from './write.ts'
export { latestRunDirs, readReport } from './report-dirs.ts'
export {
  BASELINE_FILE,
  baselineFrom,
  compareToBaseline,
  FAILING_OUTCOMES,
  formatBaseline,
  parseBaseline,
  readBaseline,
  writeBaseline,
  type Baseline,
  type BaselineComparison,
  type ExpectedFailure,
  type TargetResult,
} from './baseline.ts'
