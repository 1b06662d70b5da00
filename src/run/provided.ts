import type { Exchange } from '../http/exchange.ts'
import type { ScenarioRecord } from '../report/model.ts'
import type { Endpoints } from '../scenarios/index.ts'
import type { Profile } from '../spec/profile.ts'
import type { RunPlan } from './plan.ts'

/** A target once its scenarios ran: what the suites judge and the reporter writes. Redacted. */
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

/** What `tokencheck run` gives vitest, and what its global setup gives the suites. */
export const PLAN_KEY = 'tokencheck:plan'
export const TARGETS_KEY = 'tokencheck:targets'

declare module 'vitest' {
  export interface ProvidedContext {
    'tokencheck:plan': RunPlan
    'tokencheck:targets': PreparedTarget[]
  }
}
