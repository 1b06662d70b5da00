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
import { bundledSpecNames, loadProfile } from '../../src/openapi/load.ts'
import { runCli, type CliRun } from '../support/run-cli.ts'

describe('tokencheck run against every embedded mock', () => {
  const out = mkdtempSync(join(tmpdir(), 'tokencheck-mocks-'))
  let ran: CliRun
  const reports = new Map<string, TargetReport>()

  beforeAll(async () => {
    // NO_COLOR empty is no NO_COLOR at all: the pipe alone must keep escape codes out.
    ran = await runCli(['--report-dir', out], { NO_COLOR: '' }, out, 120_000)
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

  it("prints tokencheck's own lines only: no runner output, no escape code, at most 60 lines", () => {
    const lines = ran.stdout.trimEnd().split('\n')
    expect(lines.length).toBeLessThanOrEqual(60)
    expect(ran.stdout).not.toContain('\x1b')
    expect(ran.stdout).not.toMatch(/\bRUN\b|Test Files|✓|❯/)
    for (const name of bundledSpecNames()) {
      const sent = reports
        .get(name)!
        .scenarios.filter((s) => s.status !== 'skipped' && s.id !== 'setup')
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${name}\\s+${sent.length} scenarios sent, `)),
      )
    }
  })

  it("shows every target's totals as report.json holds them", () => {
    for (const [name, report] of reports) {
      const t = report.totals.all
      const row = [
        t.pass,
        t.fail,
        t.warn,
        t.note,
        t.deviation,
        t['not-applicable'],
        t.skip,
        t.error,
      ].join('\\s+')
      expect(ran.stdout).toMatch(new RegExp(`^${name}\\s+${row}$`, 'm'))
    }
  })

  it('waits out the expiry of the first token only: the expiry scenario ran, and found no drift', () => {
    for (const [name, report] of reports) {
      const expiry = report.scenarios.find((s) => s.id === 'resource.expired-token')
      expect(expiry?.status, `${name}: ${expiry?.reason}`).toBe('ran')
      expect(report.drift, name).toEqual([])
    }
  })

  it('counts a check the spec rules out as not applicable, never as skipped', () => {
    // auth-login answers errors as RFC 9457 problem details; the others as RFC 6749 error JSON.
    for (const name of ['rfc6749-password', 'wokelo']) {
      const rfc9457 = reports.get(name)!.results.filter((r) => r.standard === 'RFC 9457')
      expect(rfc9457.length).toBeGreaterThan(0)
      expect(new Set(rfc9457.map((r) => r.outcome))).toEqual(new Set(['not-applicable']))
    }
    const skippedBySpec = [...reports.values()].flatMap((report) =>
      report.results.filter((r) => r.outcome === 'skip' && /^the spec /.test(r.message ?? '')),
    )
    expect(skippedBySpec.map((r) => `${r.checkId}: ${r.message}`)).toEqual([])
  })
})
