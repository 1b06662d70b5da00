import { describe, expect, it } from 'vitest'
import type { Result } from '../../src/checks/check.ts'
import type { CheckId } from '../../src/checks/index.ts'
import { targetDirName, timestampDirName } from '../../src/report/write.ts'
import { summaryText } from '../../src/report/summary.ts'
import { emptyCounts, totalsOf } from '../../src/report/totals.ts'

const result = (fields: Partial<Result>): Result => ({
  checkId: 'rfc6749.5.1.x' as CheckId,
  scenario: 'password.valid',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  outcome: 'pass',
  exchangeIds: [],
  ...fields,
})

describe('totals', () => {
  it('counts by outcome, standard and level', () => {
    const totals = totalsOf([
      result({}),
      result({ outcome: 'fail' }),
      result({ level: 'SHOULD', outcome: 'warn', standard: 'RFC 6750' }),
      result({ outcome: 'deviation' }),
    ])
    expect(totals.all).toEqual({ ...emptyCounts(), pass: 1, fail: 1, warn: 1, deviation: 1 })
    expect(totals.byStandard['RFC 6750']).toEqual({ ...emptyCounts(), warn: 1 })
    expect(totals.byLevel.MUST).toEqual({ ...emptyCounts(), pass: 1, fail: 1, deviation: 1 })
    expect(totals.byStandard['RFC 9068']).toEqual(emptyCounts())
  })
})

describe('the terminal summary', () => {
  it('has a row per target with failures by level, and the report folders', () => {
    const text = summaryText([
      {
        name: 'wokelo',
        folder: '/r/wokelo/t',
        totals: {
          ...emptyCounts(),
          pass: 40,
          fail: 2,
          warn: 3,
          note: 1,
          deviation: 0,
          'not-applicable': 7,
          skip: 5,
        },
      },
      { name: 'auth-login', folder: '/r/auth-login/t', totals: emptyCounts(), error: 'no mock' },
    ])
    expect(text.split('\n')).toEqual([
      'target      passed  failed (MUST)  warnings (SHOULD)  notes (advisory)  deviations  not applicable  skipped  errors',
      '----------  ------  -------------  -----------------  ----------------  ----------  --------------  -------  ------',
      'wokelo      40      2              3                  1                 0           7               5        0',
      'auth-login  0       0              0                  0                 0           0               0        0',
      '',
      'auth-login could not be run: no mock',
      '',
      'Reports:',
      '  wokelo: /r/wokelo/t',
      '  auth-login: /r/auth-login/t',
    ])
  })

  it.each([
    ['staging', 'staging'],
    ['my target/../x', 'my-target-..-x'],
    ['..', '-'],
  ])('names the folder of target %s as %s', (name, folder) => {
    expect(targetDirName(name)).toBe(folder)
  })

  it('makes a timestamp that is a folder name everywhere', () => {
    expect(timestampDirName('2025-01-02T03:04:05.678Z')).toBe('2025-01-02T03-04-05-678Z')
  })
})
