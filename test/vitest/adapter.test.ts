/**
 * The README's vitest example, run as a user runs it: its two files in a fresh folder, vitest in
 * a child process, against the embedded mock (no TOKEN_API_URL). Its tests must show exactly the
 * verdicts of the report it wrote, and the direct engine, judging that report's own exchanges,
 * must reach the same verdicts: both paths agree for the same exchanges.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Outcome } from '../../src/checks/check.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { judgeTarget } from '../../src/run/judge-target.ts'
import { loadProfile } from '../../src/openapi/load.ts'

const ROOT = new URL('../..', import.meta.url).pathname
const ADAPTER = join(ROOT, 'src/vitest/index.ts')

/** The README's ```ts blocks that start with `// <file>`, by file name. */
function readmeFiles(): Record<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const files: Record<string, string> = {}
  for (const [, body] of readme.matchAll(/```ts\n(\/\/ [^\n]+\n[\s\S]*?)```/g)) {
    const name = /^\/\/ (\S+)/.exec(body!)![1]!
    files[name] = body!.replaceAll('tokencheck/vitest', ADAPTER)
  }
  return files
}

interface JsonReport {
  testResults: {
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[]
  }[]
}

/** How a vitest test shows each outcome. */
const STATUS: Record<Outcome, string> = {
  pass: 'passed',
  warn: 'passed',
  note: 'passed',
  deviation: 'passed',
  fail: 'failed',
  error: 'failed',
  skip: 'skipped',
  'not-applicable': 'skipped',
}

let dir: string
let code: number | null
let output: string
let tests: Map<string, string>
let report: TargetReport

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokencheck-vitest-adapter-'))
  // The user's project has tokencheck's dependencies (vitest among them) installed.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  const files = readmeFiles()
  expect(Object.keys(files)).toEqual(
    expect.arrayContaining(['vitest.config.ts', 'tokencheck.test.ts']),
  )
  for (const name of ['vitest.config.ts', 'tokencheck.test.ts']) {
    writeFileSync(join(dir, name), files[name]!)
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs')
  const ran = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      process.execPath,
      // As the README says: the config is loaded by vite's module runner (tokencheck is
      // TypeScript). The command line's reporters replace the config's: the JSON one to read the
      // tests, and TokencheckReporter by its module.
      [
        vitest,
        'run',
        '--configLoader=runner',
        '--reporter=json',
        '--outputFile=results.json',
        `--reporter=${join(ROOT, 'test/vitest/tokencheck-reporter.ts')}`,
      ],
      {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '', HOME: dir, NO_COLOR: '1' },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          output: stdout + stderr,
        }),
    )
  })
  code = ran.code
  output = ran.output
  const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as JsonReport
  tests = new Map(
    json.testResults.flatMap((file) =>
      file.assertionResults.map((test) => [
        `${test.ancestorTitles.join(' > ')} > ${test.title}`,
        test.status,
      ]),
    ),
  )
  const [folder] = readdirSync(join(dir, 'reports', 'wokelo'))
  report = JSON.parse(readFileSync(join(dir, 'reports', 'wokelo', folder!, 'report.json'), 'utf8'))
}, 150_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("the README's vitest example against the embedded mock", () => {
  it("runs, passes (the mock fails no MUST) and ends with tokencheck's table", () => {
    expect(code, output).toBe(0)
    expect(output).toMatch(/wokelo\s+\d+\s+0\s+/)
    expect(output).toContain(join(dir, 'reports', 'wokelo'))
  })

  it('has one test per verdict of the report it wrote, showing that verdict', () => {
    expect(report.results.length).toBeGreaterThan(100)
    const expected = new Map(
      report.results.map((r) => [`wokelo > ${r.scenario} > ${r.checkId}`, STATUS[r.outcome]]),
    )
    expect(Object.fromEntries(tests)).toEqual(Object.fromEntries(expected))
    expect(new Set(tests.values())).toEqual(new Set(['passed', 'skipped']))
  })

  it('gives the verdicts the direct engine gives for the same exchanges', () => {
    const profile = loadProfile('wokelo')
    const direct = judgeTarget(
      {
        name: report.target.name,
        kind: report.target.kind,
        baseUrl: report.target.baseUrl,
        endpoints: { tokenUrl: report.target.tokenUrl },
        profile,
        specFile: report.spec.file,
        startedAt: report.startedAt,
        durationMs: report.durationMs,
        scenarios: [...report.scenarios],
        exchanges: [...report.exchanges],
      },
      { only: [], skip: [] },
    )
    const key = (r: { scenario: string; checkId: string; outcome: string; message?: string }) =>
      `${r.scenario} ${r.checkId} ${r.outcome} ${r.message ?? ''}`
    expect(direct.results.map(key)).toEqual(report.results.map(key))
  })
})
