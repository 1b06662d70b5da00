/**
 * The faulty-target gallery: `tokencheck run` as a child process against loopback servers that
 * misbehave one way each (test/fixtures/faulty/). Every run must end, within a bound, with exit
 * code 1 and no unhandled rejection; every verdict on a broken answer must name the fault and none
 * may pass because of it; the scenarios and checks the fault does not touch still run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import type { Outcome, Result } from '../../src/checks/check.ts'
import { checkById } from '../../src/checks/index.ts'
import { SETUP } from '../../src/scenarios/grants.ts'
import { SCENARIO_IDS } from '../../src/scenarios/registry.ts'
import { loadProfile } from '../../src/openapi/load.ts'
import {
  PLACES,
  startFaultyTarget,
  type FaultId,
  type FaultyTarget,
  type Place,
} from '../fixtures/faulty/faulty-target.ts'
import { leaksIn } from '../support/leaks.ts'
import { readReport, runCli } from '../support/run-cli.ts'

// Canary credentials: characters that change under URL, form and JSON encoding, and non-ASCII.
const USERNAME = 'c@nary user'
const PASSWORD = 'P@ss w0rd+&=%"\\é/'
const CLIENT_ID = 'canary:client'
const CLIENT_SECRET = 's3cr3t+/= "é"&%25'
const ENV = {
  TOKENCHECK_USERNAME: USERNAME,
  TOKENCHECK_PASSWORD: PASSWORD,
  TOKENCHECK_CLIENT_ID: CLIENT_ID,
  TOKENCHECK_CLIENT_SECRET: CLIENT_SECRET,
}

/** Per-request timeout, in seconds: short, so the faults that wait cost seconds, not minutes. */
const TIMEOUT_S = 1
/**
 * The bound on a run: the per-request timeout for every request a run can send (a request per
 * scenario, plus `password.valid`'s per client method and the ten repeated wrong passwords), and
 * a generous margin for starting vitest on a busy two-core machine. Measured, not tuned: the
 * times are logged.
 */
const REQUESTS_AT_MOST = SCENARIO_IDS.length + 12
const BOUND_MS = (TIMEOUT_S * REQUESTS_AT_MOST + 60) * 1000

const PORT = String.raw`127\.0\.0\.1:\d+`
const PROFILE = loadProfile('rfc6749-password')

interface Case {
  fault: FaultId
  at: Place
  /** How the run's messages name the fault. */
  names: RegExp
  /** No answer to judge: every verdict on the broken exchanges is an error naming the fault. */
  unjudgeable: boolean
  /**
   * The probe before the scenarios cannot reach the token endpoint (refused, TLS, no answer in
   * time): the target's one error names the fault and no scenario is sent.
   */
  unreachable?: boolean
  /** Judged faults: checks whose pass on a broken answer is right (they read its status or headers). */
  mayPass?: readonly string[]
  /** Verdicts that must be there: check, scenario, outcome; the message names the fault. */
  verdicts?: readonly (readonly [check: string, scenario: string, outcome: Outcome])[]
  /** Checks on what the fault does not touch, which must still pass. */
  stillPass: readonly (readonly [check: string, scenario: string])[]
}

const RESOURCE_STILL_PASSES = [
  ['rfc6750.3.www-authenticate-bearer', 'resource.no-token'],
  ['rfc6750.3.no-error-without-credentials', 'resource.no-token'],
] as const

const TOKEN_STILL_PASSES = [
  ['rfc6749.5.1.cache-control-no-store', 'password.valid'],
  ['rfc6749.5.2.invalid-grant', 'password.wrong-password'],
  ['rfc6749.5.2.error-code', 'grant.unsupported'],
] as const

/** Headers-and-status checks: right to pass on an answer whose body is broken. */
const STATUS_AND_HEADERS = [
  'spec.status-documented',
  'spec.response-headers',
  'spec.media-type-documented',
  'rfc6749.5.1.cache-control-no-store',
  'rfc6749.5.1.pragma-no-cache',
  'rfc6749.5.1.json-media-type',
  'rfc6749.5.2.error-media-type',
  'rfc6749.5.2.no-server-error',
  'rfc6749.5.2.basic-failure-401',
  'rfc6749.5.2.basic-failure-challenge',
]

// The slow ones first: they wait out the timeout on every request, the others run beside them.
const CASES: readonly Case[] = [
  {
    fault: 'timeout',
    at: 'token',
    unreachable: true,
    names: /no response within 1 s/,
    unjudgeable: true,
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'one-byte-a-second',
    at: 'token',
    unreachable: true,
    names: /no response within 1 s/,
    unjudgeable: true,
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'reset',
    at: 'token',
    names: new RegExp(`connection reset by ${PORT} before a complete answer`),
    unjudgeable: true,
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'reset',
    at: 'resource',
    names: new RegExp(`connection reset by ${PORT} before a complete answer`),
    unjudgeable: true,
    stillPass: TOKEN_STILL_PASSES,
  },
  {
    fault: 'fifty-megabytes',
    at: 'token',
    names: /body over the 1 MiB cap/,
    unjudgeable: true,
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'chunked-cut',
    at: 'token',
    names: new RegExp(`${PORT} closed the connection before a complete answer`),
    unjudgeable: true,
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'redirect-elsewhere',
    at: 'token',
    names: new RegExp(`\`307\` redirect to \`http://${PORT}/token(\\?…)?\`, not followed`),
    unjudgeable: true,
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'unavailable',
    at: 'token',
    names: /`503`.* with "Retry-After" `120`/,
    unjudgeable: true,
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'self-signed-tls',
    at: 'everywhere',
    unreachable: true,
    names: /TLS verification failed for .*: the server certificate is self-signed/,
    unjudgeable: true,
    stillPass: [],
  },
  {
    fault: 'refused',
    at: 'everywhere',
    unreachable: true,
    names: new RegExp(`connection refused by ${PORT}`),
    unjudgeable: true,
    stillPass: [],
  },
  {
    fault: 'server-error',
    at: 'token',
    names: /`500`/,
    unjudgeable: false,
    mayPass: [],
    verdicts: [
      // The valid request was refused: the checks that compare with it could not judge.
      ['rfc6749.5.1.status-200', 'password.valid', 'error'],
      ['rfc6749.5.2.invalid-grant', 'password.wrong-password', 'error'],
      ['rfc6749.5.2.no-server-error', 'grant.unsupported', 'fail'],
      ['rfc6749.3.2.get-refused', 'method.get', 'error'],
      ['rfc9700.2.4.password-grant', 'password.valid', 'skip'],
    ],
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'html-error-page',
    at: 'token',
    names: /`500` with `text\/html`/,
    unjudgeable: false,
    mayPass: [],
    verdicts: [
      ['rfc6749.5.1.status-200', 'password.valid', 'error'],
      ['rfc6749.5.2.no-server-error', 'password.unknown-user', 'fail'],
      ['rfc6749.4.3.2.other-body-refused', 'body.json', 'error'],
    ],
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'invalid-json',
    at: 'token',
    names: /not valid JSON|does not parse as JSON/,
    unjudgeable: false,
    mayPass: STATUS_AND_HEADERS,
    verdicts: [
      ['rfc6749.5.1.json-object', 'password.valid', 'fail'],
      ['rfc6749.5.2.error-code', 'password.wrong-password', 'fail'],
      ['rfc6749.5.2.invalid-grant', 'password.wrong-password', 'error'],
      ['rfc6749.A.12.token-vschar', 'password.valid', 'skip'],
      ['rfc6749.5.2.error-uri', 'grant.missing', 'skip'],
    ],
    stillPass: RESOURCE_STILL_PASSES,
  },
  {
    fault: 'wrong-content-type',
    at: 'token',
    names: /`text\/html; charset=utf-8`/,
    unjudgeable: false,
    // The bodies are sound JSON under the wrong label: everything but the media type may pass.
    mayPass: undefined,
    verdicts: [
      ['rfc6749.5.1.json-media-type', 'password.valid', 'fail'],
      ['rfc6749.5.2.error-media-type', 'password.wrong-password', 'fail'],
    ],
    stillPass: [...RESOURCE_STILL_PASSES, ...TOKEN_STILL_PASSES.slice(1)],
  },
]

const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

/** Whether a request went to a path the fault breaks. */
function brokenPath(url: string, at: Place): boolean {
  const paths: readonly string[] | undefined = PLACES[at]
  return paths === undefined || paths.includes(new URL(url).pathname)
}

const wantOfToken = /obtained no access token|no password grant succeeded/

describe.concurrent('tokencheck run against a faulty target', () => {
  it.for<readonly [string, Case]>(CASES.map((c) => [`${c.fault} at ${c.at}`, c]))(
    '%s',
    { timeout: BOUND_MS + 30_000 },
    async ([, c], { expect }) => {
      let target: FaultyTarget | undefined
      try {
        target = await startFaultyTarget(c.fault, c.at, {
          users: { [USERNAME]: PASSWORD },
          clients: { [CLIENT_ID]: CLIENT_SECRET },
        })
        const folder = mkdtempSync(join(tmpdir(), 'tokencheck-faulty-'))
        folders.push(folder)
        const args = ['--spec', 'rfc6749-password', '--base-url', target.url]
        const ran = await runCli(
          [...args, '--timeout', String(TIMEOUT_S), '--max-wait', '0', '--report-dir', 'out'],
          ENV,
          folder,
          BOUND_MS,
        )
        const { report, text } = readReport(join(folder, 'out'), 'rfc6749-password')
        console.log(
          `${c.fault} at ${c.at}: exit ${ran.code} in ${(ran.elapsedMs / 1000).toFixed(1)} s, ${report.exchanges.length} requests (bound ${BOUND_MS / 1000} s)`,
        )

        // Ends, within the bound, with exit code 1 and no unhandled rejection.
        expect(ran.signal, `killed after ${ran.elapsedMs} ms: a hang`).toBeNull()
        expect(ran.elapsedMs).toBeLessThan(BOUND_MS)
        expect(ran.code, ran.stderr).toBe(1)
        expect(ran.stderr).not.toMatch(/Unhandled|unhandled/)
        expect(report.exchanges.length).toBeLessThanOrEqual(REQUESTS_AT_MOST)
        if (c.unreachable === true) {
          // One verdict: the target's error names the fault; nothing else was sent or judged.
          expect(report.error).toMatch(c.names)
          expect(report.exchanges).toEqual([])
          expect(report.results.filter((r) => r.outcome !== 'skip')).toEqual([])
          expect(`${ran.stdout}${ran.stderr}`.split('\n').length).toBeLessThan(60)
          return
        }
        // Every scenario was sent or skipped with its reason: the run went on past the fault.
        const scenarios = report.scenarios.map((s) => s.id).filter((id) => id !== SETUP)
        expect(scenarios.sort()).toEqual([...SCENARIO_IDS].sort())

        const broken = new Set(
          report.exchanges.filter((e) => brokenPath(e.request.url, c.at)).map((e) => e.id),
        )
        // A check that does not apply to the spec is skipped with that reason, fault or not.
        const affected = (r: Result) =>
          r.exchangeIds.some((id) => broken.has(id)) &&
          checkById(r.checkId)?.notApplicable?.(PROFILE) === undefined
        const onBroken = report.results.filter(affected)
        expect(onBroken.length).toBeGreaterThan(20)

        // No check passes because of the fault.
        if (c.mayPass !== undefined) {
          const passed = onBroken.filter((r) => r.outcome === 'pass')
          expect(passed.filter((r) => !c.mayPass!.includes(r.checkId))).toEqual([])
        }
        // An answer that cannot be judged is an error naming the fault, for every check reading it.
        if (c.unjudgeable) {
          const wrong = onBroken.filter((r) => r.outcome !== 'error' || !c.names.test(r.message!))
          expect(wrong, 'verdicts on broken answers that are not errors naming the fault').toEqual(
            [],
          )
        }
        for (const [checkId, scenario, outcome] of c.verdicts ?? []) {
          const result = report.results.find(
            (r) => r.checkId === checkId && r.scenario === scenario,
          )
          expect(result, `${checkId} on ${scenario}`).toMatchObject({
            outcome,
            message: expect.stringMatching(c.names),
          })
        }
        // Scenarios skipped for want of a token say what the token request got.
        for (const skipped of report.results.filter((r) => wantOfToken.test(r.message ?? ''))) {
          expect(skipped.message).toMatch(c.names)
        }
        // What the fault does not touch still runs, and passes.
        for (const [checkId, scenario] of c.stillPass) {
          const result = report.results.find(
            (r) => r.checkId === checkId && r.scenario === scenario,
          )
          expect(result?.outcome, `${checkId} on ${scenario}: ${result?.message}`).toBe('pass')
        }
        // Credentials never follow a redirect, and no secret or token leaks, however broken.
        expect(target.otherHost.received).toEqual([])
        const secrets = { password: PASSWORD, 'client secret': CLIENT_SECRET }
        for (const output of [text, ran.stdout, ran.stderr]) {
          expect(leaksIn(output, secrets, [[CLIENT_ID, CLIENT_SECRET]])).toEqual([])
        }
        const issued = target.authority?.issued ?? []
        const tokens = Object.fromEntries(issued.map((token, i) => [`token ${i}`, token]))
        expect(leaksIn(text, tokens)).toEqual([])
      } finally {
        await target?.close()
      }
    },
  )
})
