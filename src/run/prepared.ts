import type { Exchange } from '../http/exchange.ts'
import type { ScenarioRecord } from '../scenarios/record.ts'
import type { Endpoints } from '../scenarios/index.ts'
import type { Profile } from '../openapi/profile.ts'

/** A target once its scenarios ran: what the judge reads and the report is built from. Redacted. */
export interface PreparedTarget {
  name: string
  kind: 'mock' | 'real'
  /** The base URL the run used: the mock's, or the one given. */
  baseUrl: string
  /** The endpoints' URLs (no reasons: those are in the scenario records). */
  endpoints: Pick<Endpoints, 'tokenUrl' | 'protectedResourceUrl' | 'discoveryUrl' | 'jwksUrl'>
  profile: Profile
  /** The spec file as a person would name it. */
  specFile: string
  /** ISO 8601, and how long sending took. */
  startedAt: string
  durationMs: number
  scenarios: ScenarioRecord[]
  exchanges: Exchange[]
  /**
   * What the run could not do and how to fix it, said once before any verdict: the valid password
   * grant was refused (see diagnosis.ts).
   */
  diagnosis?: string
  /** Why the target could not be run at all (the mock did not start…). */
  error?: string
  /** The probe found the target unreachable (`error` says why): no scenario was sent. */
  unreachable?: boolean
}
