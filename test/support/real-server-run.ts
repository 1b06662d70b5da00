/**
 * One `tokencheck run` against a started real-server fixture, endpoint by endpoint as a user
 * passes them, with the report it wrote: shared by the real-server tests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { TargetReport } from '../../src/report/model.ts'
import { leaksIn } from './leaks.ts'
import { readReport, runCli, type CliRun } from './run-cli.ts'

export interface FixtureAccount {
  user: { username: string; password: string }
  specialUser: { username: string; password: string }
  client: { clientId: string; clientSecret: string }
  client2: { clientId: string; clientSecret: string }
  specialClient: { clientId: string; clientSecret: string }
}

/** The account every real-server fixture is started with: special characters in a user and a client. */
export const FIXTURE_ACCOUNT: FixtureAccount = {
  user: { username: 'ann@example.com', password: 'c0rrect horse' },
  specialUser: { username: 'bob+&=%@example.com', password: 'p@ss w0rd&=ü+%:' },
  client: { clientId: 'web-app', clientSecret: 'plainSecret42' },
  client2: { clientId: 'other-app', clientSecret: 'otherSecret42' },
  specialClient: { clientId: 'special-app', clientSecret: 's3cr:t %+/=' },
}

/** The users and clients a fixture server starts with. */
export function accountOf(account: FixtureAccount = FIXTURE_ACCOUNT) {
  return {
    users: [account.user, account.specialUser],
    clients: [account.client, account.client2, account.specialClient],
  }
}

/**
 * `tokencheck run`'s arguments for a fixture server as a user passes them: the bundled password
 * spec, the token endpoint and the protected resource, then `extra` (`--scope`, `--param`).
 */
export function endpointArgs(
  server: { tokenUrl: string; protectedResourceUrl: string },
  ...extra: string[]
): string[] {
  return [
    '--spec',
    'rfc6749-password',
    '--token-url',
    server.tokenUrl,
    '--protected-resource',
    server.protectedResourceUrl,
    ...extra,
  ]
}

/** What must never appear in a report or on the console: the account's secrets, and its Basic pairs. */
export function secretsOf(account: FixtureAccount) {
  return {
    secrets: {
      password: account.user.password,
      'special password': account.specialUser.password,
      secret: account.client.clientSecret,
      'second secret': account.client2.clientSecret,
      'special secret': account.specialClient.clientSecret,
    },
    pairs: [account.client, account.specialClient].map(
      (c) => [c.clientId, c.clientSecret] as const,
    ),
  }
}

/** The environment a run reads the account from. */
export function envOf(account: FixtureAccount): Record<string, string> {
  return {
    TOKENCHECK_USERNAME: account.user.username,
    TOKENCHECK_PASSWORD: account.user.password,
    TOKENCHECK_CLIENT_ID: account.client.clientId,
    TOKENCHECK_CLIENT_SECRET: account.client.clientSecret,
    TOKENCHECK_CLIENT2_ID: account.client2.clientId,
    TOKENCHECK_CLIENT2_SECRET: account.client2.clientSecret,
    TOKENCHECK_SPECIAL_USERNAME: account.specialUser.username,
    TOKENCHECK_SPECIAL_PASSWORD: account.specialUser.password,
    TOKENCHECK_SPECIAL_CLIENT_ID: account.specialClient.clientId,
    TOKENCHECK_SPECIAL_CLIENT_SECRET: account.specialClient.clientSecret,
  }
}

export interface FixtureRun {
  run: CliRun
  report: TargetReport
  text: string
}

/** Runs `tokencheck run <args> --report-dir out` in a new folder, reads the report, cleans up. */
export async function runAgainst(
  args: readonly string[],
  spec: string,
  env: Record<string, string>,
): Promise<FixtureRun> {
  const folder = mkdtempSync(join(tmpdir(), 'tokencheck-real-server-'))
  try {
    const run = await runCli([...args, '--report-dir', 'out'], env, folder, 180_000)
    if (!existsSync(join(folder, 'out', spec))) {
      throw new Error(`tokencheck run wrote no report (exit ${run.code}): ${run.stderr.trim()}`)
    }
    const { report, text } = readReport(join(folder, 'out'), spec)
    return { run, report, text }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** `checkId scenario` of every result with this outcome, sorted. */
export function resultsWith(report: TargetReport, outcome: string): string[] {
  return report.results
    .filter((r) => r.outcome === outcome)
    .map((r) => `${r.checkId} ${r.scenario}`)
    .sort()
}

/** The table's keys, sorted: the departures a run must fail, and no others. */
export function departuresOf(table: Readonly<Record<string, string>>): string[] {
  return Object.keys(table).sort()
}

/**
 * The assertions every fixture's run owes its table of departures, checked by hand: the run
 * fails exactly those and exits 1, no check errs, every skip says why, and no secret of the
 * account is in the report or on the console. `run` gives the run once `beforeAll` has it.
 */
export function itAgreesWithTheTable(
  run: () => FixtureRun,
  departures: Readonly<Record<string, string>>,
  account: FixtureAccount = FIXTURE_ACCOUNT,
): void {
  it('fails exactly the departures checked by hand, and exits 1', () => {
    expect(resultsWith(run().report, 'fail')).toEqual(departuresOf(departures))
    expect(run().run.code).toBe(1)
  })

  it('judges every answer: no check errs, and every skip says why', () => {
    const { report } = run()
    expect(resultsWith(report, 'error')).toEqual([])
    for (const skipped of report.results.filter((r) => r.outcome === 'skip')) {
      expect(skipped.message, `${skipped.checkId} ${skipped.scenario}`).toMatch(/\S/)
    }
  })

  itLeaksNothing(run, account)
}

/** No secret of the account is in the run's report or on its console. */
export function itLeaksNothing(
  run: () => FixtureRun,
  account: FixtureAccount = FIXTURE_ACCOUNT,
): void {
  it('writes no password or secret into the report or the console', () => {
    const { secrets, pairs } = secretsOf(account)
    expect(leaksIn(run().text, secrets, pairs)).toEqual([])
    expect(leaksIn(run().run.stdout + run().run.stderr, secrets, pairs)).toEqual([])
  })
}
