import type { Command } from 'commander'
import { readFileSync } from 'node:fs'
import { TokencheckError } from '../errors.ts'
import type { RunArguments } from '../run/build-plan.ts'
import { DEFAULT_MAX_WAIT_SECONDS } from '../run/defaults.ts'
import { EXIT } from './io.ts'
import type { Output } from '../output.ts'

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
  tokencheck run --spec rfc6749-password --token-url https://idp.example/token \\
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

/** `tokencheck run`: scenarios × checks against mocks or real servers, through the engine. */
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
    .option(
      '--spec <name|path|url>',
      'a bundled spec (see `tokencheck specs`), a spec file (OpenAPI 3.1 or 3.0) or its https:// URL',
    )
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
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR and FORCE_COLOR are read too)')
    .addHelpText('after', HELP_AFTER)
    .action(
      async (
        targets: string[],
        options: Omit<RunArguments, 'targets'> & { baseline?: string; color: boolean },
      ) => {
        const { baseline: baselineFile, color, ...rest } = options
        // The runner is loaded only when a run starts: `tokencheck mock` starts quicker without it.
        const { buildPlan } = await import('../run/build-plan.ts')
        const { compareToBaseline, readBaseline } = await import('../report/baseline.ts')
        // A spec URL is downloaded once; the run reads the local copy.
        const spec = rest.spec === undefined ? undefined : await remoteSpec(rest.spec, rest.ca)
        const plan = buildPlan({ ...rest, ...(spec === undefined ? {} : { spec }), targets })
        // Read before the run: a bad baseline file is a usage error, not a finding.
        const baseline = baselineFile === undefined ? undefined : readBaseline(baselineFile)
        const { runEngine } = await import('../run/engine.ts')
        const { secretsOf } = await import('../run/secrets.ts')
        const { findingLines, summaryText } = await import('../report/summary.ts')
        const { colorEnabled, painter, RunConsole } = await import('./run-console.ts')
        const tty = output.tty === true
        const paint = painter(colorEnabled(tty, process.env, color))
        const progress = new RunConsole(
          output,
          plan.targets.map((target) => target.name),
          { live: tty, paint },
        )
        let summary
        try {
          summary = await runEngine(plan, {
            secrets: secretsOf(plan, process.env),
            progress: progress.listener,
          })
        } finally {
          progress.finish()
        }
        // What the run could not do comes first: it explains the verdicts below it.
        for (const report of summary.reports) {
          if (report.diagnosis !== undefined) {
            output.out(`\n${report.target.name}: ${report.diagnosis}`)
          }
        }
        for (const name of summary.judgedNothing) {
          output.err(
            `tokencheck: ${name} judged no MUST-level check (each was skipped, not applicable or could not judge): a run that judged nothing does not pass`,
          )
        }
        const findings = findingLines(summary.reports, 20, paint)
        output.out(
          `\n${summaryText(summary.targets, paint, findings.length === 0 ? [] : ['Findings:', ...findings])}`,
        )
        if (baseline === undefined) {
          setExit(summary.failed ? EXIT.findings : EXIT.ok)
          return
        }
        const comparison = compareToBaseline(summary.reports, baseline)
        output.out(
          comparison.messages.length === 0
            ? `\nbaseline ${baselineFile}: every failure is expected, and every expected failure failed`
            : `\nbaseline ${baselineFile}:\n${comparison.messages.map((m) => `  ${m}`).join('\n')}`,
        )
        setExit(comparison.ok && summary.judgedNothing.length === 0 ? EXIT.ok : EXIT.findings)
      },
    )
}

/** `--spec` as a local file: a URL is downloaded, trusting `--ca` beside the system's CAs. */
async function remoteSpec(spec: string, caFile: string | undefined): Promise<string> {
  const { isSpecUrl, localSpecPath } = await import('../openapi/load.ts')
  if (!isSpecUrl(spec)) return spec
  let ca: string | undefined
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8')
    } catch (cause) {
      throw new TokencheckError('ERR_USAGE', `--ca ${caFile}: cannot read the file`, { cause })
    }
  }
  return localSpecPath(spec, ca)
}
