import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.ts'
import { parseBaseline } from '../../src/report/baseline.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { totalsOf } from '../../src/report/totals.ts'
import { writeReports } from '../../src/report/write.ts'
import { fixtureReport } from '../report/fixtures/target-report.ts'

const roots: string[] = []
function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'tokencheck-baseline-'))
  roots.push(root)
  return root
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function capture() {
  const out: string[] = []
  const err: string[] = []
  return {
    output: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) },
    out,
    err,
  }
}

/** The fixture without the check that could not judge: a run a baseline may record. */
function judgedRun(): TargetReport {
  const results = fixtureReport.results.filter((r) => r.outcome !== 'error')
  return { ...fixtureReport, results, totals: totalsOf(results) }
}

/** The fixture, started later, with only its first failure left. */
function laterRun(): TargetReport {
  let kept = false
  const results = fixtureReport.results.map((r) => {
    if (r.outcome !== 'fail' && r.outcome !== 'error') return r
    if (!kept) {
      kept = true
      return r
    }
    return { ...r, outcome: 'pass' as const }
  })
  return {
    ...fixtureReport,
    startedAt: '2026-03-02T09:00:00.000Z',
    results,
    totals: totalsOf(results),
  }
}

describe('tokencheck baseline update', () => {
  it("writes the failures of each target's newest run under --report-dir", async () => {
    const root = freshRoot()
    writeReports(fixtureReport, join(root, 'reports'))
    writeReports(laterRun(), join(root, 'reports'))
    writeReports(
      { ...judgedRun(), target: { ...fixtureReport.target, name: 'other' } },
      join(root, 'reports'),
    )
    const file = join(root, 'tokencheck.baseline.json')
    const { output, out } = capture()
    const code = await main(
      [
        'node',
        'tokencheck',
        'baseline',
        'update',
        '--report-dir',
        join(root, 'reports'),
        '--baseline',
        file,
      ],
      output,
    )
    expect(code).toBe(0)
    const baseline = parseBaseline(readFileSync(file, 'utf8'), file)
    expect(baseline.expectedFailures.map((e) => `${e.target} ${e.check}`)).toEqual([
      'acme rfc6749.5.1.cache-control-no-store',
      'other rfc6749.5.1.cache-control-no-store',
      'other rfc6749.5.2.invalid-grant',
      'other rfc6749.6.refresh-issues-token',
    ])
    expect(out.join('\n')).toContain('acme/2026-03-02T09-00-00-000Z')
    expect(out.join('\n')).toMatch(
      /created .*tokencheck\.baseline\.json: 4 expected failures \(acme 1, other 3\); 4 added, 0 removed/,
    )
  })

  it.each([
    [
      'a check that could not judge',
      fixtureReport,
      /acme: 1 check could not judge \(the first, spec\.response-schema/,
    ],
    [
      'an unreachable target',
      {
        ...judgedRun(),
        results: [],
        totals: totalsOf([]),
        error: 'the target is unreachable: connection refused by 127.0.0.1:9',
      },
      /acme: could not be judged at all: the target is unreachable: connection refused/,
    ],
  ])('refuses to record %s (exit 2, saying why)', async (_, report, why) => {
    // Before: "could not judge" results and every "connection refused" became expected failures.
    const root = freshRoot()
    writeReports(report, join(root, 'reports'))
    const file = join(root, 'b.json')
    const { output, err } = capture()
    const code = await main(
      [
        'node',
        'tokencheck',
        'baseline',
        'update',
        '--report-dir',
        join(root, 'reports'),
        '--baseline',
        file,
      ],
      output,
    )
    expect(code).toBe(2)
    expect(err.join('\n')).toMatch(why)
    expect(err.join('\n')).toContain('left as it was')
    expect(() => readFileSync(file, 'utf8')).toThrow()
  })

  it('reads one run folder, and keeps the entries of other targets when updating', async () => {
    const root = freshRoot()
    const file = join(root, 'b.json')
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        expectedFailures: [{ target: 'elsewhere', scenario: 's', check: 'c.d' }],
      }),
    )
    const run = writeReports(laterRun(), join(root, 'reports')).dir
    const { output, out } = capture()
    expect(
      await main(
        ['node', 'tokencheck', 'baseline', 'update', '--report-dir', run, '--baseline', file],
        output,
      ),
    ).toBe(0)
    expect(
      parseBaseline(readFileSync(file, 'utf8'), file).expectedFailures.map((e) => e.target),
    ).toEqual(['acme', 'elsewhere'])
    expect(out.join('\n')).toContain('updated')
  })

  it('answers a folder without reports with exit code 2 and what to do', async () => {
    const root = freshRoot()
    const { output, err } = capture()
    const code = await main(
      [
        'node',
        'tokencheck',
        'baseline',
        'update',
        '--report-dir',
        root,
        '--baseline',
        join(root, 'b.json'),
      ],
      output,
    )
    expect(code).toBe(2)
    expect(err.join('\n')).toContain(
      `no report.json under ${root}: run \`tokencheck run\` first, or pass --report-dir`,
    )
  })
})
