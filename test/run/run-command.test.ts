import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TargetReport } from '../../src/report/model.ts'
import { catalogue } from '../../src/checks/index.ts'
import { SCENARIO_IDS } from '../../src/scenarios/registry.ts'
import { startAuthority, type Authority } from '../support/authority.ts'
import { leaksIn } from '../support/leaks.ts'

// Canary credentials: characters that change under URL, form and JSON encoding, and non-ASCII.
const USERNAME = 'c@nary user'
const PASSWORD = 'P@ss w0rd+&=%"\\é/'
const CLIENT_ID = 'canary:client'
const CLIENT_SECRET = 's3cr3t+/= "é"&%25'
const SECRETS = { password: PASSWORD, 'client secret': CLIENT_SECRET }

const BIN = new URL('../../bin/tokencheck.js', import.meta.url).pathname

interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** `tokencheck run …` as a child process, with only these environment variables. */
function tokencheck(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  ...command: string[]
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...(command.length > 0 ? command : ['run']), ...args],
      { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr })
      },
    )
  })
}

const CREDENTIALS = {
  TOKENCHECK_USERNAME: USERNAME,
  TOKENCHECK_PASSWORD: PASSWORD,
  TOKENCHECK_CLIENT_ID: CLIENT_ID,
  TOKENCHECK_CLIENT_SECRET: CLIENT_SECRET,
}

function onlyReport(root: string, target: string): TargetReport {
  const [stamp, ...others] = readdirSync(join(root, target))
  expect(others).toEqual([])
  return JSON.parse(readFileSync(join(root, target, stamp!, 'report.json'), 'utf8')) as TargetReport
}

describe('tokencheck run against a loopback server, credentials from the environment only', () => {
  let authority: Authority
  let folder: string
  let ran: Ran

  beforeAll(async () => {
    authority = await startAuthority({
      users: { [USERNAME]: PASSWORD },
      clients: { [CLIENT_ID]: CLIENT_SECRET },
      accessLifetime: 1,
      jwt: true,
    })
    folder = mkdtempSync(join(tmpdir(), 'tokencheck-run-'))
    ran = await tokencheck(
      [
        '--spec',
        'rfc6749-password',
        '--base-url',
        authority.url,
        '--report-dir',
        'out',
        '--max-wait',
        '5',
      ],
      CREDENTIALS,
      folder,
    )
  }, 60_000)
  afterAll(() => authority.close())

  it('exits 0 when no MUST fails, and prints the summary table and the report folder', () => {
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(
      /target\s+passed\s+failed \(MUST\)\s+warnings \(SHOULD\)\s+notes \(advisory\)\s+deviations\s+not applicable\s+skipped\s+errors/,
    )
    // passed, no MUST failure, no warning, notes (RFC 9700 advisories), no deviation, not
    // applicable, skips, no error
    const row = /rfc6749-password\s+(\d+)\s+0\s+0\s+(\d+)\s+0\s+(\d+)\s+(\d+)\s+0$/m.exec(
      ran.stdout,
    )
    expect(row, ran.stdout).not.toBeNull()
    expect(Number(row?.[1])).toBeGreaterThan(200)
    expect(ran.stdout).toContain(`rfc6749-password: ${join(folder, 'out', 'rfc6749-password')}`)
  })

  it('writes report.json with every scenario, exchange and verdict', () => {
    const report = onlyReport(join(folder, 'out'), 'rfc6749-password')
    expect(report.tool.name).toBe('tokencheck')
    expect(report.target).toEqual({
      name: 'rfc6749-password',
      kind: 'real',
      baseUrl: authority.url,
      tokenUrl: `${authority.url}/token`,
      protectedResourceUrl: `${authority.url}/resource`,
    })
    expect(report.spec).toMatchObject({
      name: 'rfc6749-password',
      file: 'specs/rfc6749-password.yaml',
    })
    expect(report.scenarios.map((s) => s.id)).toEqual(expect.arrayContaining([...SCENARIO_IDS]))
    expect(report.scenarios.find((s) => s.id === 'resource.expired-token')?.status).toBe('ran')
    // Every request but the probe (one HEAD to the token endpoint, before the scenarios, that
    // only asks whether the target answers) is an exchange of the report.
    expect(report.exchanges.length).toBe(authority.received.length - 1)
    const outcome = (checkId: string, scenario: string) =>
      report.results.find((r) => r.checkId === checkId && r.scenario === scenario)?.outcome
    expect(outcome('rfc6749.5.1.cache-control-no-store', 'password.valid')).toBe('pass')
    expect(outcome('rfc6749.5.2.invalid-grant', 'password.wrong-password')).toBe('pass')
    expect(outcome('rfc6750.3.1.expired-token-refused', 'resource.expired-token')).toBe('pass')
    expect(outcome('rfc9700.2.4.password-grant', 'password.valid')).toBe('note')
    expect(report.checks.map((c) => c.id).sort()).toEqual(catalogue.map((c) => c.id).sort())
    expect(report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error')).toEqual([])
    const counted = Object.values(report.totals.all).reduce((a, b) => a + b, 0)
    expect(counted).toBe(report.results.length)
    expect(report.totals.byLevel.MUST.fail).toBe(0)
  })

  it('writes the five report files, each free of credentials and issued tokens in any encoding', () => {
    const dir = join(folder, 'out', 'rfc6749-password')
    const run = join(dir, readdirSync(dir)[0]!)
    expect(readdirSync(run).sort()).toEqual([
      'junit.xml',
      'report.html',
      'report.json',
      'report.md',
      'transcripts.har',
    ])
    expect(authority.issued.length).toBeGreaterThan(4)
    const tokens = Object.fromEntries(authority.issued.map((token, i) => [`token ${i}`, token]))
    for (const file of readdirSync(run)) {
      const text = readFileSync(join(run, file), 'utf8')
      expect(leaksIn(text, SECRETS, [[CLIENT_ID, CLIENT_SECRET]]), file).toEqual([])
      expect(leaksIn(text, tokens), file).toEqual([])
    }
    for (const text of [ran.stdout, ran.stderr]) {
      expect(leaksIn(text, SECRETS, [[CLIENT_ID, CLIENT_SECRET]])).toEqual([])
      expect(leaksIn(text, tokens)).toEqual([])
    }
  })
})

describe('tokencheck run exit codes', () => {
  const authorities: Authority[] = []
  afterAll(() => Promise.all(authorities.map((a) => a.close())))

  it('exits 1 when a MUST-level check fails, and says what failed', async () => {
    const authority = await startAuthority({
      users: { [USERNAME]: PASSWORD },
      clients: { [CLIENT_ID]: CLIENT_SECRET },
      noCacheControl: true,
    })
    authorities.push(authority)
    const folder = mkdtempSync(join(tmpdir(), 'tokencheck-run-'))
    const ran = await tokencheck(
      [
        '--spec',
        'rfc6749-password',
        '--token-url',
        `${authority.url}/token`,
        '--report-dir',
        'out',
        '--max-wait',
        '0',
      ],
      CREDENTIALS,
      folder,
    )
    expect(ran.code).toBe(1)
    // cache-control and pragma fail at MUST, on password.valid, on refresh.valid, and on the
    // grants the refresh scenarios take for their own (setup)
    expect(ran.stdout).toMatch(/rfc6749-password\s+\d+\s+6\s+/)
    expect(
      onlyReport(join(folder, 'out'), 'rfc6749-password')
        .results.filter((r) => r.outcome === 'fail')
        .map((r) => `${r.checkId} ${r.scenario}`)
        .sort(),
    ).toEqual(
      ['password.valid', 'refresh.valid', 'setup']
        .flatMap((scenario) => [
          `rfc6749.5.1.cache-control-no-store ${scenario}`,
          `rfc6749.5.1.pragma-no-cache ${scenario}`,
        ])
        .sort(),
    )
    expect(`${ran.stdout}${ran.stderr}`).toContain(
      'expected "Cache-Control: no-store", got no Cache-Control header',
    )
    const report = onlyReport(join(folder, 'out'), 'rfc6749-password')
    expect(report.results.find((r) => r.outcome === 'fail')).toMatchObject({
      checkId: 'rfc6749.5.1.cache-control-no-store',
      level: 'MUST',
      message: expect.stringContaining(
        'expected "Cache-Control: no-store", got no Cache-Control header',
      ),
      exchangeIds: ['password.valid#1', 'password.valid#2', 'password.valid#3'],
    })
    expect(report.scenarios.find((s) => s.id === 'resource.valid-token')).toMatchObject({
      status: 'skipped',
      reason:
        "with --token-url alone the spec's protected resource (GET /resource) has no base URL; pass --protected-resource <url>",
    })
  }, 60_000)

  it('with --baseline, exits 0 on expected failures, and 1 once one of them passes', async () => {
    const broken = await startAuthority({
      users: { [USERNAME]: PASSWORD },
      clients: { [CLIENT_ID]: CLIENT_SECRET },
      noCacheControl: true,
    })
    const fixed = await startAuthority({
      users: { [USERNAME]: PASSWORD },
      clients: { [CLIENT_ID]: CLIENT_SECRET },
    })
    authorities.push(broken, fixed)
    const folder = mkdtempSync(join(tmpdir(), 'tokencheck-run-'))
    const args = (url: string) => [
      '--spec',
      'rfc6749-password',
      '--base-url',
      url,
      '--report-dir',
      'out',
      '--max-wait',
      '0',
      '--only',
      'password.valid',
    ]
    expect((await tokencheck(args(broken.url), CREDENTIALS, folder)).code).toBe(1)
    const updated = await tokencheck(['--report-dir', 'out'], {}, folder, 'baseline', 'update')
    expect(updated.code, updated.stderr).toBe(0)
    const baseline = JSON.parse(readFileSync(join(folder, 'tokencheck.baseline.json'), 'utf8'))
    expect(JSON.stringify(baseline)).toContain('rfc6749.5.1.cache-control-no-store')

    const again = await tokencheck(
      [...args(broken.url), '--baseline', 'tokencheck.baseline.json'],
      CREDENTIALS,
      folder,
    )
    expect(again.code, again.stdout).toBe(0)
    expect(again.stdout).toContain('every failure is expected')

    const passing = await tokencheck(
      [...args(fixed.url), '--baseline', 'tokencheck.baseline.json'],
      CREDENTIALS,
      folder,
    )
    expect(passing.code).toBe(1)
    expect(passing.stdout).toMatch(
      /rfc6749\.5\.1\.cache-control-no-store \[password\.valid\] now passes, but the baseline expects it to fail/,
    )
  }, 90_000)

  it('exits 2 when the baseline file cannot be read', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokencheck-run-'))
    const ran = await tokencheck(
      ['--spec', 'rfc6749-password', '--base-url', 'http://127.0.0.1:9', '--baseline', 'none.json'],
      CREDENTIALS,
      folder,
    )
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain('none.json')
  })

  it('runs a named target of the config file, reading the variables it names', async () => {
    const authority = await startAuthority({ users: { u: 'p w' }, clients: { c: 's' } })
    authorities.push(authority)
    const folder = mkdtempSync(join(tmpdir(), 'tokencheck-run-'))
    writeFileSync(
      join(folder, 'tokencheck.config.yaml'),
      [
        'targets:',
        '  staging:',
        '    spec: rfc6749-password',
        `    base-url: ${authority.url}`,
        '    env:',
        '      username: STAGING_USER',
        '      password: STAGING_PASSWORD',
        '      client-id: STAGING_CLIENT',
        '      client-secret: STAGING_SECRET',
      ].join('\n'),
    )
    const ran = await tokencheck(
      ['staging', '--report-dir', 'out', '--max-wait', '0', '--only', 'password.*'],
      { STAGING_USER: 'u', STAGING_PASSWORD: 'p w', STAGING_CLIENT: 'c', STAGING_SECRET: 's' },
      folder,
    )
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    const report = onlyReport(join(folder, 'out'), 'staging')
    expect(report.target.name).toBe('staging')
    expect(new Set(report.exchanges.map((e) => e.scenario.split('.')[0]))).toEqual(
      new Set(['password']),
    )
  }, 60_000)

  it('exits 2 with what to set when the credentials are missing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokencheck-run-'))
    const ran = await tokencheck(
      ['--spec', 'rfc6749-password', '--base-url', 'https://127.0.0.1:9'],
      {},
      folder,
    )
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain(
      'set TOKENCHECK_USERNAME, TOKENCHECK_PASSWORD, TOKENCHECK_CLIENT_ID and TOKENCHECK_CLIENT_SECRET',
    )
  })

  it('exits 2 naming the file and line of a config error', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokencheck-run-'))
    writeFileSync(
      join(folder, 'tokencheck.config.yaml'),
      'targets:\n  staging:\n    spec: wokelo\n    url: x\n',
    )
    const ran = await tokencheck(['staging'], {}, folder)
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(
      /tokencheck\.config\.yaml:4:\d+ \/targets\/staging\/url: unknown key "url"/,
    )
  })
})
