import type { Exchange, RecordedResponse } from '../http/exchange.ts'
import type { ScenarioId } from '../scenarios/registry.ts'
import type { Profile } from '../openapi/profile.ts'
import type { CheckId } from './index.ts'

/** A requirement's force, as its standard words it. */
export const LEVELS = ['MUST', 'SHOULD', 'ADVISORY'] as const
export type Level = (typeof LEVELS)[number]

/** The standards a report summarises by; `vendor spec` is the target's own OpenAPI document. */
export const STANDARDS = [
  'RFC 6749',
  'RFC 6750',
  'RFC 9457',
  'OIDC Discovery',
  'RFC 9068',
  'RFC 9700',
  'vendor spec',
] as const
export type Standard = (typeof STANDARDS)[number]

/** What a check's `judge` returns: a value, never an exception. */
export type Verdict =
  | { outcome: 'pass' }
  | { outcome: 'fail'; message: string; expected?: string; actual?: string }
  | { outcome: 'skip'; reason: string }
  /** The spec rules the check out (RFC 9457 on RFC 6749 error JSON, JWT checks on opaque tokens). */
  | { outcome: 'not-applicable'; reason: string }
  /**
   * Could not be judged: the check itself broke, or the answer it reads cannot be judged (no
   * response, a redirect, a 503). Never counted as a pass.
   */
  | { outcome: 'error'; message: string }

export interface JudgeInput {
  /** The request under test: the last exchange of the scenario being judged. */
  exchange: Exchange
  /**
   * The earlier exchanges that issued the tokens the scenario used (its grant), then every
   * exchange of the scenario, in the order they were sent.
   */
  exchanges: readonly Exchange[]
  profile: Profile
  /**
   * The exchanges of the scenarios the check names in `alsoReads`, by scenario id, for checks that
   * compare two scenarios (the discovery document's issuer with the `iss` of issued tokens). A
   * scenario that was skipped or not run is absent; the check then skips with that reason.
   */
  related?: Readonly<Partial<Record<ScenarioId, readonly Exchange[]>>>
}

/** A check; its id is a `CheckId` once it is in the catalogue (`checks/index.ts`). */
export interface Check<Id extends string = CheckId> {
  /** `<source>.<section>.<slug>`: `rfc6749.5.1.cache-control-no-store`, `spec.response-schema`. */
  id: Id
  /** The clause it enforces: `RFC 6749 §5.1`. */
  clause: string
  standard: Standard
  level: Level
  /** One line on what it requires, for reports: "the token response forbids caching". */
  title: string
  /** The scenarios whose exchanges it judges; each pair is one test. Checks never send requests. */
  reads: readonly ScenarioId[]
  /** Scenarios whose exchanges it also needs, as context (`JudgeInput.related`); never judged. */
  alsoReads?: readonly ScenarioId[]
  /**
   * The check's verdict means something only when the valid password grant, sent with the same
   * client authentication and parameters, was granted: a check that expects a variant to work,
   * or to be refused with a particular code. Without such a grant the check does not judge
   * ("could not judge: the valid request was refused"), never blaming the variant.
   */
  needsBaseline?: boolean
  /**
   * The answer under test shows the check's premise by itself (an `invalid_client` answer is about
   * the client, whatever the valid request got), so a refused baseline does not stop it judging.
   */
  premiseShown?: (response: RecordedResponse) => boolean
  /**
   * The check compares the request under test with the grant that issued its token, so it reads
   * that grant's exchange too. Every other check reads the scenario's own exchanges only: a grant
   * is judged once, under its own scenario (`password.valid`, `setup`).
   */
  readsGrant?: boolean
  /** A reason it does not apply to this target, or undefined when it does. */
  notApplicable?: (profile: Profile) => string | undefined
  /** Pure over redacted exchanges. */
  judge(input: JudgeInput): Verdict
}

export function defineCheck<const C extends Check<string>>(check: C): C {
  return check
}

export const pass = (): Verdict => ({ outcome: 'pass' })

export function fail(
  message: string,
  details: { expected?: string; actual?: string } = {},
): Verdict {
  return { outcome: 'fail', message, ...details }
}

export const skip = (reason: string): Verdict => ({ outcome: 'skip', reason })

export const notApplicable = (reason: string): Verdict => ({ outcome: 'not-applicable', reason })

/**
 * What a verdict becomes in a report: a failure takes the level of its check (MUST → `fail`,
 * SHOULD → `warn`, ADVISORY → `note`), and becomes `deviation` when the spec documents it.
 */
export const OUTCOMES = [
  'pass',
  'fail',
  'warn',
  'note',
  'deviation',
  'not-applicable',
  'skip',
  'error',
] as const
export type Outcome = (typeof OUTCOMES)[number]

const FAILED_AT: Record<Level, Outcome> = { MUST: 'fail', SHOULD: 'warn', ADVISORY: 'note' }

export interface Result {
  checkId: CheckId
  scenario: ScenarioId
  clause: string
  standard: Standard
  level: Level
  outcome: Outcome
  /** The verdict's message or reason; for a deviation, the check's message. */
  message?: string
  expected?: string
  actual?: string
  /** For a deviation: the vendor page's words and line. */
  deviation?: { quote: string; line?: number; clause: string }
  /** The exchanges judged. */
  exchangeIds: readonly string[]
}

/** Applies the check's level and the spec's documented deviations to a verdict. */
export function resultOf(
  check: Check,
  scenario: ScenarioId,
  verdict: Verdict,
  profile: Profile,
  exchangeIds: readonly string[],
  /** False when the exchange does not show the alternative the deviation documents. */
  deviationHolds = true,
): Result {
  const base = {
    checkId: check.id,
    scenario,
    clause: check.clause,
    standard: check.standard,
    level: check.level,
    exchangeIds,
  }
  switch (verdict.outcome) {
    case 'pass':
      return { ...base, outcome: 'pass' }
    case 'skip':
      return { ...base, outcome: 'skip', message: verdict.reason }
    case 'not-applicable':
      return { ...base, outcome: 'not-applicable', message: verdict.reason }
    case 'error':
      return { ...base, outcome: 'error', message: verdict.message }
    case 'fail': {
      const details = {
        message: verdict.message,
        ...(verdict.expected === undefined ? {} : { expected: verdict.expected }),
        ...(verdict.actual === undefined ? {} : { actual: verdict.actual }),
      }
      const deviation = profile.deviations.find((d) => d.check === check.id)
      if (deviation !== undefined && deviationHolds) {
        return {
          ...base,
          ...details,
          outcome: 'deviation',
          deviation: {
            quote: deviation.quote,
            clause: deviation.clause,
            ...(deviation.line === undefined ? {} : { line: deviation.line }),
          },
        }
      }
      return { ...base, ...details, outcome: FAILED_AT[check.level] }
    }
  }
}
