import { describe, expect, it } from 'vitest'
import type { Result } from '../../src/checks/check.ts'
import type { CheckId } from '../../src/checks/index.ts'
import { colorEnabled, painter, RunConsole } from '../../src/cli/run-console.ts'
import type { Output } from '../../src/output.ts'
import { findingLines, summaryText } from '../../src/report/summary.ts'
import { emptyCounts } from '../../src/report/totals.ts'

function recorder(): Output & { text: () => string } {
  const chunks: string[] = []
  return {
    out: (t) => void chunks.push(t),
    err: (t) => void chunks.push(t),
    text: () => chunks.join('\n'),
  }
}

describe('colour', () => {
  it.each([
    ['a terminal', true, {}, true, true],
    ['a pipe', false, {}, true, false],
    ['--no-color on a terminal', true, {}, false, false],
    ['NO_COLOR on a terminal', true, { NO_COLOR: '1' }, true, false],
    ['an empty NO_COLOR on a terminal', true, { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR on a pipe', false, { FORCE_COLOR: '1' }, true, true],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, true, false],
    ['--no-color with FORCE_COLOR', false, { FORCE_COLOR: '1' }, false, false],
    ['a dumb terminal', true, { TERM: 'dumb' }, true, false],
  ] as const)('%s', (_, tty, env, flag, expected) => {
    expect(colorEnabled(tty, env, flag)).toBe(expected)
  })
})

describe('the progress lines', () => {
  it('on a pipe: one plain line per target, when its scenarios are sent', () => {
    const output = recorder()
    const console = new RunConsole(output, ['wokelo', 'auth-login'], {
      live: false,
      paint: painter(false),
    })
    console.listener({
      target: 'wokelo',
      kind: 'scenario',
      scenario: 'password.valid',
      position: 3,
      of: 39,
    })
    console.listener({
      target: 'wokelo',
      kind: 'waiting',
      scenario: 'resource.expired-token',
      until: 0,
    })
    expect(output.text()).toBe('')
    console.listener({ target: 'auth-login', kind: 'sent', scenarios: 37, exchanges: 55 })
    console.listener({
      target: 'wokelo',
      kind: 'sent',
      scenarios: 0,
      exchanges: 0,
      error: 'the mock did not start',
    })
    console.finish()
    expect(output.text().split('\n')).toEqual([
      'auth-login  37 scenarios sent, 55 exchanges',
      'wokelo      could not be run (why is below)',
    ])
  })

  it('on a terminal: redrawn in place, with n/N and a countdown while a token expires', () => {
    const output = recorder()
    const console = new RunConsole(output, ['wokelo'], {
      live: true,
      paint: painter(false),
      now: () => 10_000,
    })
    console.listener({
      target: 'wokelo',
      kind: 'scenario',
      scenario: 'resource.expired-token',
      position: 33,
      of: 39,
    })
    console.listener({
      target: 'wokelo',
      kind: 'waiting',
      scenario: 'resource.expired-token',
      until: 11_500,
    })
    console.finish()
    expect(output.text()).toContain(
      '\x1b[1A\x1b[2Kwokelo  waiting 1.5 s for an access token to expire',
    )
    expect(output.text().startsWith('\x1b[2Kwokelo  starting')).toBe(true)
  })
})

describe('the summary', () => {
  const totals = { ...emptyCounts(), pass: 40, fail: 2, warn: 3 }
  it('colours a count without moving the columns', () => {
    const plain = summaryText([{ name: 'wokelo', folder: '/r', totals }])
    const coloured = summaryText([{ name: 'wokelo', folder: '/r', totals }], painter(true))
    expect(coloured).toContain('\x1b[31m2')
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain)
  })

  // Made-up check ids: the console counts results, it never looks a check up.
  const result = (
    checkId: string,
    outcome: Result['outcome'],
    scenario: Result['scenario'],
  ): Result => ({
    checkId: checkId as CheckId,
    scenario,
    clause: 'RFC 6749 §5.1',
    standard: 'RFC 6749',
    level: 'MUST',
    outcome,
    message: `expected X, got Y (${scenario})`,
    exchangeIds: [],
  })

  it('lists findings by check with their count: failures, then errors, then warnings; never a pass', () => {
    const lines = findingLines(
      [
        {
          target: { name: 'wokelo' },
          results: [
            result('a.warned', 'warn', 'password.valid'),
            result('a.failed', 'fail', 'password.valid'),
            result('a.failed', 'fail', 'refresh.valid'),
            result('a.passed', 'pass', 'password.valid'),
            result('a.noted', 'note', 'password.valid'),
          ],
        },
      ],
      10,
    )
    expect(lines).toEqual([
      '  FAIL wokelo a.failed ×2: expected X, got Y (password.valid)',
      '  WARN wokelo a.warned: expected X, got Y (password.valid)',
    ])
  })

  it('stops at the limit and says how many more', () => {
    const results = Array.from({ length: 30 }, (_, i) => result(`c.${i}`, 'fail', 'password.valid'))
    const lines = findingLines([{ target: { name: 'w' }, results }], 5)
    expect(lines).toHaveLength(5)
    expect(lines[4]).toBe('  … and 26 more in the reports')
  })
})
