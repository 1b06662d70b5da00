import { readSpecDocument } from '../openapi/document.ts'
import { computeDrift } from '../report/drift.ts'
import type { Result } from '../checks/check.ts'
import type { PreparedTarget } from './prepared.ts'
import { VERSION } from '../version.ts'
import type { CheckRecord, TargetReport } from '../report/model.ts'
import { totalsOf } from '../report/totals.ts'

/** Assembles one target's report from what its scenarios recorded and what its checks found. */
export function buildTargetReport(
  target: PreparedTarget,
  checks: readonly CheckRecord[],
  results: readonly Result[],
  finishedAt: number,
): TargetReport {
  const { profile } = target
  return {
    tool: { name: 'tokencheck', version: VERSION },
    target: {
      name: target.name,
      kind: target.kind,
      baseUrl: target.baseUrl,
      tokenUrl: target.endpoints.tokenUrl,
      ...(target.endpoints.protectedResourceUrl === undefined
        ? {}
        : { protectedResourceUrl: target.endpoints.protectedResourceUrl }),
      ...(target.endpoints.discoveryUrl === undefined
        ? {}
        : { discoveryUrl: target.endpoints.discoveryUrl }),
    },
    spec: {
      name: profile.name,
      title: profile.title,
      file: target.specFile,
      sha256: profile.hash,
      ...(profile.vendorPage === undefined ? {} : { vendorPage: profile.vendorPage }),
    },
    startedAt: target.startedAt,
    durationMs: Math.max(0, finishedAt - Date.parse(target.startedAt)),
    scenarios: target.scenarios,
    exchanges: target.exchanges,
    checks,
    results,
    deviations: profile.deviations,
    drift: computeDrift({
      exchanges: target.exchanges,
      profile,
      document: readSpecDocument(profile.file).data,
    }),
    totals: totalsOf(results),
    ...(target.diagnosis === undefined ? {} : { diagnosis: target.diagnosis }),
    ...(target.error === undefined ? {} : { error: target.error }),
  }
}
