import { describe, expect, it } from 'vitest'
import type { Result } from '../../src/checks/check.ts'
import { isTokencheckError } from '../../src/errors.ts'
import {
  baselineFrom,
  compareToBaseline,
  formatBaseline,
  parseBaseline,
  type Baseline,
} from '../../src/report/baseline.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { totalsOf } from '../../src/report/totals.ts'
import { fixtureReport } from './fixtures/target-report.ts'

function withOutcome(
  report: TargetReport,
  checkId: string,
  outcome: Result['outcome'],
): TargetReport {
  const results = report.results.map((r) =>
    r.checkId === checkId ? { ...r, outcome, message: r.message ?? 'now failing' } : r,
  )
  return { ...report, results, totals: totalsOf(results) }
}

const other: TargetReport = { ...fixtureReport, target: { ...fixtureReport.target, name: 'other' } }

describe('baselineFrom', () => {
  it('expects every failed MUST and every check that could not judge, nothing softer', () => {
    const baseline = baselineFrom([fixtureReport])
    expect(baseline.expectedFailures.map((e) => `${e.target} ${e.check} ${e.scenario}`)).toEqual([
      'acme rfc6749.5.1.cache-control-no-store password.valid',
      'acme rfc6749.5.2.invalid-grant password.wrong-password',
      'acme rfc6749.6.refresh-issues-token refresh.valid',
      'acme spec.response-schema password.valid',
    ])
    expect(baseline.expectedFailures[0]).toEqual({
      target: 'acme',
      scenario: 'password.valid',
      check: 'rfc6749.5.1.cache-control-no-store',
      clause: 'RFC 6749 §5.1',
      message: 'expected "Cache-Control: no-store", got `max-age=60`',
    })
  })

  it("replaces the entries of the targets it reads and keeps the others'", () => {
    const previous: Baseline = {
      version: 1,
      expectedFailures: [
        { target: 'acme', scenario: 'grant.missing', check: 'rfc6749.3.2.gone' },
        { target: 'elsewhere', scenario: 'password.valid', check: 'rfc6749.5.1.kept' },
      ],
    }
    const checks = baselineFrom([fixtureReport], previous).expectedFailures.map((e) => e.check)
    expect(checks).toContain('rfc6749.5.1.kept')
    expect(checks).not.toContain('rfc6749.3.2.gone')
  })

  it('round-trips through its file format', () => {
    const baseline = baselineFrom([fixtureReport, other])
    expect(parseBaseline(formatBaseline(baseline), 'b.json')).toEqual(baseline)
  })
})

describe('compareToBaseline', () => {
  const baseline = baselineFrom([fixtureReport])

  it('is ok when the run fails exactly as expected', () => {
    const comparison = compareToBaseline([fixtureReport], baseline)
    expect(comparison).toMatchObject({
      ok: true,
      unexpected: [],
      resolved: [],
      unjudged: [],
      messages: [],
    })
    expect(comparison.expected).toHaveLength(4)
  })

  it('fails on a failure the baseline does not expect, and says which', () => {
    const run = withOutcome(fixtureReport, 'rfc6749.5.1.access-token', 'fail')
    const comparison = compareToBaseline([run], baseline)
    expect(comparison.ok).toBe(false)
    expect(comparison.unexpected.map((u) => u.result.checkId)).toEqual(['rfc6749.5.1.access-token'])
    expect(comparison.messages).toEqual([
      'acme: rfc6749.5.1.access-token [password.valid] failed, and the baseline does not expect it: now failing',
    ])
  })

  it.each([
    ['pass', 'now passes'],
    ['deviation', 'is now a deviation, no failure'],
    ['warn', 'is now a warn, no failure'],
  ] as const)(
    'fails when an expected failure is now a %s, so the baseline stays true',
    (outcome, words) => {
      const run = withOutcome(fixtureReport, 'rfc6749.6.refresh-issues-token', outcome)
      const comparison = compareToBaseline([run], baseline)
      expect(comparison.ok).toBe(false)
      expect(comparison.messages).toEqual([
        `acme: rfc6749.6.refresh-issues-token [refresh.valid] ${words}, but the baseline expects it to fail: run \`tokencheck baseline update\` to drop it`,
      ])
    },
  )

  it('only reports expected failures that were skipped or not run', () => {
    const skipped = withOutcome(fixtureReport, 'rfc6749.6.refresh-issues-token', 'skip')
    const notRun = {
      ...fixtureReport,
      results: fixtureReport.results.filter((r) => r.checkId !== 'spec.response-schema'),
    }
    const comparison = compareToBaseline([skipped], baseline)
    expect(comparison.ok).toBe(true)
    expect(comparison.messages).toEqual([
      'acme: rfc6749.6.refresh-issues-token [refresh.valid] is expected to fail but was not judged in this run (skipped: expected a response, got no response within 10 s)',
    ])
    expect(compareToBaseline([notRun], baseline).unjudged.map((u) => u.reason)).toEqual(['not run'])
  })

  it('matches by target: the same failure of another target is unexpected, and targets not run are ignored', () => {
    const comparison = compareToBaseline([other], baseline)
    expect(comparison.unexpected.map((u) => u.target)).toEqual(['other', 'other', 'other', 'other'])
    expect(comparison.resolved).toEqual([])
    expect(comparison.unjudged).toEqual([])
  })
})

describe('parseBaseline', () => {
  it.each([
    ['not JSON', '{', 'b.json is not JSON'],
    [
      'a missing member',
      '{"version":1,"expectedFailures":[{"target":"a","check":"c"}]}',
      "at `/expectedFailures/0`: must have required property 'scenario'",
    ],
    [
      'an unknown version',
      '{"version":2,"expectedFailures":[]}',
      'at `/version`: must be equal to constant',
    ],
    [
      'an unknown member',
      '{"version":1,"expectedFailures":[],"expected":[]}',
      'must NOT have additional properties "expected"',
    ],
  ])('refuses %s with a configuration error that says where', (_, text, message) => {
    let error: unknown
    try {
      parseBaseline(text, 'b.json')
    } catch (e) {
      error = e
    }
    expect(isTokencheckError(error, 'ERR_CONFIG')).toBe(true)
    expect((error as Error).message).toContain(message)
  })
})
