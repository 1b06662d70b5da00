/**
 * tokencheck as a library: a mock of a token API for a frontend's own tests (`startMock`), the
 * checks run from code with the report as a typed object (`runChecks`), and spec loading and
 * linting. The command line (`tokencheck`) is built on the same functions.
 */
export { startMock } from './mock/index.ts'
export type {
  MockOptions,
  RunningMock,
  MockCredentials,
  Directory,
  MockUser,
  MockClient,
} from './mock/index.ts'
export { runChecks, lintSpec } from './library.ts'
export type { RunChecksOptions } from './library.ts'
export type { RunSummary } from './run/engine.ts'
export type { TargetSummary } from './report/summary.ts'
export type {
  TargetReport,
  ScenarioRecord,
  CheckRecord,
  DriftItem,
  DriftKind,
  Totals,
  OutcomeCounts,
} from './report/model.ts'
export type { Result, Outcome, Level, Standard, Verdict } from './checks/check.ts'
export type { Exchange } from './http/exchange.ts'
export { loadSpec, bundledSpecNames } from './openapi/load.ts'
export type { LoadedSpec } from './openapi/load.ts'
export type { Profile, Deviation } from './openapi/profile.ts'
export type { SpecDocument, SpecProblem } from './openapi/document.ts'
export type { LintResult } from './openapi/lint.ts'
export type { Output } from './output.ts'
export { TokencheckError, isTokencheckError, ERROR_CODES } from './errors.ts'
export type { ErrorCode } from './errors.ts'
export { VERSION } from './version.ts'
