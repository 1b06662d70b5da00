import type { Level, Outcome, Result, Standard } from '../checks/check.ts'
import type { Exchange } from '../http/exchange.ts'
import type { ScenarioRecord } from '../scenarios/record.ts'
import type { Deviation } from '../openapi/profile.ts'

export type { ScenarioRecord }

/**
 * Everything one run against one target found: what `report.json` holds (its JSON Schema is
 * `report.schema.json`) and what every writer renders. Redacted throughout: it is built from
 * redacted exchanges only.
 */
export interface TargetReport {
  tool: { name: 'tokencheck'; version: string }
  target: {
    /** The config's target name, or the spec's name for an embedded mock. */
    name: string
    kind: 'mock' | 'real'
    baseUrl: string
    tokenUrl: string
    protectedResourceUrl?: string
    discoveryUrl?: string
  }
  spec: { name: string; title: string; file: string; sha256: string; vendorPage?: string }
  /** ISO 8601. */
  startedAt: string
  durationMs: number
  scenarios: readonly ScenarioRecord[]
  exchanges: readonly Exchange[]
  /** The catalogue entries the run used. */
  checks: readonly CheckRecord[]
  results: readonly Result[]
  /** What the spec documents as departures from a standard, quoted from the vendor page. */
  deviations: readonly Deviation[]
  /** Where the target departs from its own spec, apart from RFC failures. */
  drift: readonly DriftItem[]
  totals: Totals
  /** What the run could not do and how to fix it, said once before any verdict. */
  diagnosis?: string
  /** Why the run could not judge this target at all (its mock did not start…); absent when it could. */
  error?: string
}

export interface CheckRecord {
  id: string
  clause: string
  standard: Standard
  level: Level
  title: string
}

export const DRIFT_KINDS = [
  'undocumented-status',
  'undocumented-media-type',
  'undocumented-field',
  'documented-field-never-seen',
  'example-value-differs',
] as const
export type DriftKind = (typeof DRIFT_KINDS)[number]

export interface DriftItem {
  kind: DriftKind
  /** The operation it concerns, `POST /auth/token/`. */
  operation: string
  /** "status 401 is not documented for POST /auth/token/ (seen in password.wrong-password#1)" */
  message: string
  /** The spec's documented value, and the one seen. */
  documented?: string
  observed?: string
  exchangeIds: readonly string[]
}

export type OutcomeCounts = Record<Outcome, number>

export interface Totals {
  all: OutcomeCounts
  byStandard: Record<Standard, OutcomeCounts>
  byLevel: Record<Level, OutcomeCounts>
}
