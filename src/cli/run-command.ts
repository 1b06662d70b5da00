import type { Command } from 'commander'
import type { RunArguments } from '../run/build-plan.ts'
import { DEFAULT_MAX_WAIT_SECONDS } from '../run/defaults.ts'
import type { KnownSecrets } from '../report/leak-guard.ts'
import type { TargetReport } from '../report/model.ts'
import type { RunPlan } from '../run/plan.ts'
import { EXIT, type Output } from './io.ts'

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
]

const HELP_AFTER = `
Targets:
  tokencheck run                        every bundled spec against its embedded mock
  tokencheck run --spec wokelo          one spec against its embedded mock
  tokencheck run --spec wokelo --base-url https://api.example.com
                                        a real server described by a bundled spec
  tokencheck run --spec rfc6749-password --token-url https://idp.example/o/token/
                                        any RFC 6749 server, endpoint by endpoint
  tokencheck run staging production     named targets of tokencheck.config.yaml

A server that requires a scope or another parameter (audience, resource, a realm…):
  tokencheck run --spec rfc6749-password --token-url https://idp.example/token \
    --scope "openid profile" --param audience=https://api.example
  Both go with every password grant (--param with every refresh too); in the config
  file, a target's "scope" and "params" keys. Without --scope a scope is sent only
  where the vendor's page documents a default. When the server refuses the valid
  password grant, the run says what it refused, once, and the checks that compare
  a variant with it could not judge.

Credentials come from the environment only, never from the command line:
  TOKENCHECK_USERNAME, TOKENCHECK_PASSWORD      the resource owner (required)
  TOKENCHECK_CLIENT_ID, TOKENCHECK_CLIENT_SECRET
                                        the client (the id defaults to the spec's fixed client);
                                        required when the spec's client is confidential
  TOKENCHECK_CLIENT2_ID, TOKENCHECK_CLIENT2_SECRET
                                        a second client, for refresh-token binding
  TOKENCHECK_SPECIAL_USERNAME, TOKENCHECK_SPECIAL_PASSWORD
                                        a user with a space, + & = % @ : and non-ASCII characters
  TOKENCHECK_SPECIAL_CLIENT_ID, TOKENCHECK_SPECIAL_CLIENT_SECRET
                                        a client whose secret holds : and the like
  A target of tokencheck.config.yaml may name other variables (its "env" key).
  Scenarios whose credentials are missing are skipped, with the variable to set.

Before any scenario, one request checks that the token endpoint answers: a refused
connection, an unknown host, a TLS failure or no answer within --timeout is reported
once, with its cause, and the run exits 1.

Reports go to <report-dir>/<target>/<timestamp>/report.json.
Exit code: 0 no MUST-level check failed;
           1 one did, a check could not judge, the target was unreachable, or the run
             judged no MUST-level check at all;
           2 a usage or configuration error (missing credentials included).`

/** `tokencheck run`: scenarios × checks against mocks or real servers, with vitest as the engine. */
export function registerRunCommand(
  program: Command,
  output: Output,
  setExit: (code: number) => void,
): void {
  program
    .command('run')
    .description(
      'check token servers against their spec and the RFCs: send each scenario once, judge every answer, write reports',
    )
    .argument('[target...]', 'named targets of the config file')
    .option('--spec <name|path>', 'a bundled spec (see `tokencheck specs`) or a spec file')
    .option('--base-url <url>', "the server's base URL; the spec's paths are appended to it")
    .option('--token-url <url>', "the token endpoint, in place of the spec's path")
    .option('--protected-resource <url>', 'a resource to present access tokens to')
    .option('--discovery-url <url>', 'the OpenID Connect discovery document')
    .option(
      '--scope <value>',
      'the scope every password grant asks for (space-separated), for a server that requires one',
    )
    .option(
      '--param <name=value>',
      'a parameter sent with every password grant and refresh (audience, resource, a realm…); repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--config <file>', 'the config file of named targets', 'tokencheck.config.yaml')
    .option('--report-dir <dir>', 'where report folders are written', 'reports')
    .option(
      '--only <ids>',
      'run only these check or scenario ids (comma-separated, * wildcard; repeatable)',
      collect,
    )
    .option(
      '--skip <ids>',
      'leave out these check or scenario ids (comma-separated, * wildcard; repeatable)',
      collect,
    )
    .option(
      '--max-wait <seconds>',
      `longest token lifetime to wait out for the expiry scenario (default ${DEFAULT_MAX_WAIT_SECONDS})`,
    )
    .option('--rate <n>', 'requests per second to a non-loopback host (default 2)')
    .option('--timeout <seconds>', 'per-request timeout (default 10)')
    .option('--insecure-http', 'allow plain http:// to hosts other than this machine')
    .option(
      '--allow-lockout-risk',
      'repeat wrong passwords for the real user (the throttling scenario), which may lock the account',
    )
    .option('--ca <file>', 'a PEM file of certificate authorities to trust beside the system ones')
    .option(
      '--baseline <file>',
      'expected failures (see `tokencheck baseline update`): exit 1 only on an unexpected failure, or on an expected one that now passes',
    )
    .addHelpText('after', HELP_AFTER)
    .action(
      async (targets: string[], options: Omit<RunArguments, 'targets'> & { baseline?: string }) => {
        const { baseline: baselineFile, ...rest } = options
        // The runner is loaded only when a run starts: `tokencheck mock` starts quicker without it.
        const { buildPlan } = await import('../run/build-plan.ts')
        const { compareToBaseline, readBaseline } = await import('../report/baseline.ts')
        const plan = buildPlan({ ...rest, targets })
        // Read before the run: a bad baseline file is a usage error, not a finding.
        const baseline = baselineFile === undefined ? undefined : readBaseline(baselineFile)
        // vitest too: `tokencheck specs` stays quick.
        const { runSuites } = await import('../run/vitest-run.ts')
        const summary = await runSuites(plan, output, secretsOf(plan, process.env))
        for (const error of summary.internalErrors) output.err(`tokencheck: ${error}`)
        for (const report of summary.reports) {
          if (report.diagnosis !== undefined) {
            output.err(`tokencheck: ${report.target.name}: ${report.diagnosis}`)
          }
        }
        const judgedNothing = judgedNoMust(summary.reports)
        for (const name of judgedNothing) {
          output.err(
            `tokencheck: ${name} judged no MUST-level check (each was skipped, not applicable or could not judge): a run that judged nothing does not pass`,
          )
        }
        if (baseline === undefined) {
          setExit(summary.failed || judgedNothing.length > 0 ? EXIT.findings : EXIT.ok)
          return
        }
        const comparison = compareToBaseline(summary.reports, baseline)
        output.out(
          comparison.messages.length === 0
            ? `\nbaseline ${baselineFile}: every failure is expected, and every expected failure failed`
            : `\nbaseline ${baselineFile}:\n${comparison.messages.map((m) => `  ${m}`).join('\n')}`,
        )
        const broken = summary.internalErrors.length > 0 || judgedNothing.length > 0
        setExit(comparison.ok && !broken ? EXIT.ok : EXIT.findings)
      },
    )
}

/** MUST-level outcomes that are a judgement: the check compared the answer with its rule. */
const JUDGED: ReadonlySet<string> = new Set(['pass', 'fail', 'deviation'])

/**
 * The targets whose run judged no MUST-level check at all: it proved nothing, so it cannot pass.
 * A target that could not be run is reported by its error already.
 */
export function judgedNoMust(
  reports: readonly Pick<TargetReport, 'target' | 'results' | 'error'>[],
): string[] {
  return reports
    .filter((report) => report.error === undefined)
    .filter((report) => !report.results.some((r) => r.level === 'MUST' && JUDGED.has(r.outcome)))
    .map((report) => report.target.name)
}

/**
 * The secrets a real target's run reads from the environment, so that the reporter refuses to
 * write a report that holds one (redaction happens when exchanges are recorded; this is the
 * second lock).
 */
export function secretsOf(plan: RunPlan, env: NodeJS.ProcessEnv): KnownSecrets {
  const values = new Set<string>()
  const clients: { id: string; secret: string }[] = []
  for (const target of plan.targets) {
    if (target.kind !== 'real') continue
    const read = (key: keyof typeof target.env) => env[target.env[key]]
    for (const key of [
      'password',
      'client-secret',
      'client2-secret',
      'special-password',
      'special-client-secret',
    ] as const) {
      const value = read(key)
      if (value !== undefined && value !== '') values.add(value)
    }
    for (const [id, secret] of [
      ['client-id', 'client-secret'],
      ['client2-id', 'client2-secret'],
      ['special-client-id', 'special-client-secret'],
    ] as const) {
      const pair = { id: read(id), secret: read(secret) }
      if (pair.id !== undefined && pair.secret !== undefined)
        clients.push({ id: pair.id, secret: pair.secret })
    }
  }
  return { values: [...values], clients }
}
