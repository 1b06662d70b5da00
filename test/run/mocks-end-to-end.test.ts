/**
 * `tokencheck run` with no target — what `npm start` does — against the embedded mocks of all five
 * bundled specs: no MUST failure, no check that could not judge, and deviations only where a spec
 * documents them (auth-login's problem details at the token endpoint).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { TargetReport } from '../../src/report/model.ts'
import { bundledSpecNames, loadProfile } from '../../src/spec/load.ts'
import { runCli, type CliRun } from '../support/run-cli.ts'

describe('tokencheck run against every embedded mock', () => {
  const out = mkdtempSync(join(tmpdir(), 'tokencheck-mocks-'))
  let ran: CliRun
  const reports = new Map<string, TargetReport>()

  beforeAll(async () => {
    ran = await runCli(['--report-dir', out], {}, out, 120_000)
    for (const name of bundledSpecNames()) {
      const dir = join(out, name)
      const [stamp] = readdirSync(dir)
      reports.set(
        name,
        JSON.parse(readFileSync(join(dir, stamp!, 'report.json'), 'utf8')) as TargetReport,
      )
    }
  }, 150_000)

  it('exits 0 with a summary row per spec and no MUST failure', () => {
    expect(ran.code, ran.stderr).toBe(0)
    for (const name of bundledSpecNames()) {
      expect(ran.stdout).toMatch(new RegExp(`${name}\\s+\\d+\\s+0\\s+`))
    }
  })

  it.each(bundledSpecNames())(
    '%s: no failure, no error, and only the deviations its spec documents',
    (name) => {
      const report = reports.get(name)!
      const bad = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error')
      expect(bad.map((r) => `${r.checkId} [${r.scenario}]: ${r.message}`)).toEqual([])
      const documented = new Set(loadProfile(name).deviations.map((d) => d.check))
      const deviations = new Set(
        report.results.filter((r) => r.outcome === 'deviation').map((r) => r.checkId),
      )
      expect([...deviations].sort()).toEqual([...documented].sort())
      expect(report.scenarios.filter((s) => s.status === 'error')).toEqual([])
      expect(report.results.length).toBeGreaterThan(400)
    },
  )
})
