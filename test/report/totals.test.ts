import { describe, expect, it } from 'vitest'
import type { Result } from '../../src/checks/check.ts'
import { countOf, totalsOf, utcTime } from '../../src/report/totals.ts'
import { fixtureReport } from './fixtures/target-report.ts'

const r = (outcome: Result['outcome'], standard: Result['standard'], level: Result['level']) => ({
  outcome,
  standard,
  level,
})

describe('totalsOf', () => {
  const totals = totalsOf([
    r('fail', 'RFC 6749', 'MUST'),
    r('fail', 'RFC 6749', 'MUST'),
    r('warn', 'RFC 6750', 'SHOULD'),
    r('deviation', 'RFC 6749', 'MUST'),
    r('note', 'RFC 9700', 'ADVISORY'),
    r('pass', 'vendor spec', 'MUST'),
  ])

  it('counts overall, by standard and by level', () => {
    expect(totals.all).toEqual({
      pass: 1,
      fail: 2,
      warn: 1,
      note: 1,
      deviation: 1,
      skip: 0,
      'not-applicable': 0,
      error: 0,
    })
    expect(totals.byStandard['RFC 6749']).toMatchObject({ fail: 2, deviation: 1, pass: 0 })
    expect(totals.byStandard['vendor spec']).toMatchObject({ pass: 1 })
    expect(totals.byLevel.MUST).toMatchObject({ fail: 2, deviation: 1, pass: 1 })
    expect(totals.byLevel.ADVISORY).toMatchObject({ note: 1 })
  })

  it('has every standard and level, at zero when nothing was judged', () => {
    expect(Object.keys(totals.byStandard)).toEqual([
      'RFC 6749',
      'RFC 6750',
      'RFC 9457',
      'OIDC Discovery',
      'RFC 9068',
      'RFC 9700',
      'vendor spec',
    ])
    expect(countOf(totals.byStandard['OIDC Discovery'])).toBe(0)
    expect(countOf(totalsOf([]).all)).toBe(0)
  })

  it("agrees with the fixture's hand count: 13 verdicts, 3 failures, 1 error", () => {
    expect(countOf(fixtureReport.totals.all)).toBe(fixtureReport.results.length)
    expect(fixtureReport.totals.all).toEqual({
      pass: 1,
      fail: 3,
      warn: 3,
      note: 1,
      deviation: 1,
      skip: 3,
      'not-applicable': 0,
      error: 1,
    })
  })
})

describe('utcTime', () => {
  it.each([
    ['2026-03-01T09:00:00.000Z', '2026-03-01 09:00:00 UTC'],
    ['2026-03-01T10:00:00+01:00', '2026-03-01 09:00:00 UTC'],
    ['not a time', 'not a time'],
  ])('%s → %s', (iso, shown) => {
    expect(utcTime(iso)).toBe(shown)
  })
})
