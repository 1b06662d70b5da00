import type { Output } from './output.ts'
import type { RunSummary } from './run/engine.ts'
import type { LintResult } from './openapi/lint.ts'

/** What `runChecks` is to check, as `tokencheck run`'s options say it. */
export interface RunChecksOptions {
  /**
   * Named targets of the config file (`tokencheck.config.yaml` unless `config` says otherwise).
   * With neither `targets` nor `spec`, every bundled spec is checked against its own mock.
   */
  targets?: readonly string[]
  /** A bundled spec's name, a spec file's path or an `https://` URL. */
  spec?: string
  /** A real server's base URL; the spec's paths are appended to it. Without it, the spec's mock. */
  baseUrl?: string
  /** The token endpoint, in place of the spec's path. */
  tokenUrl?: string
  /** A resource to present access tokens to. */
  protectedResource?: string
  /** The OpenID Connect discovery document. */
  discoveryUrl?: string
  /** The config file of named targets. */
  config?: string
  /** Where report folders are written (`reports` by default), relative to the working directory. */
  reportDir?: string
  /** Check or scenario ids (`*` a wildcard) to run alone, and to leave out. */
  only?: readonly string[]
  skip?: readonly string[]
  /** The longest token lifetime to wait out for the expiry scenario, in seconds. */
  maxWaitSeconds?: number
  /** Requests a second to a host other than this machine (2 by default). */
  rate?: number
  /** The per-request timeout, in seconds (10 by default). */
  timeoutSeconds?: number
  /** Allow plain `http://` to hosts other than this machine. */
  insecureHttp?: boolean
  /** Repeat wrong passwords for the real user (the throttling scenario). */
  allowLockoutRisk?: boolean
  /** A PEM file of certificate authorities to trust beside the system's. */
  ca?: string
  /** Where tokencheck's own lines go (the summary table); nowhere by default. */
  output?: Output
}

const silent: Output = { out: () => undefined, err: () => undefined }

/**
 * Runs the checks as `tokencheck run` does and returns what it found: one report per target (the
 * content of its `report.json`), with `failed` true when a MUST failed or a check could not judge.
 * Credentials come from the environment (`TOKENCHECK_USERNAME`…), as for the command line. The
 * reports are written under `reportDir` too. Invalid options throw a `TokencheckError`
 * (`ERR_USAGE`, `ERR_CONFIG`, `ERR_SPEC_INVALID`…) before any request is sent.
 */
export async function runChecks(options: RunChecksOptions = {}): Promise<RunSummary> {
  // The runner is loaded by the first run, not by `import 'tokencheck'`.
  const { buildPlan } = await import('./run/build-plan.ts')
  const { runEngine } = await import('./run/engine.ts')
  const { secretsOf } = await import('./run/secrets.ts')
  const { localSpecPath } = await import('./openapi/load.ts')
  const spec = options.spec === undefined ? undefined : await localSpecPath(options.spec)
  const text = (value: number | undefined) => (value === undefined ? undefined : String(value))
  const args = {
    targets: [...(options.targets ?? [])],
    spec,
    baseUrl: options.baseUrl,
    tokenUrl: options.tokenUrl,
    protectedResource: options.protectedResource,
    discoveryUrl: options.discoveryUrl,
    config: options.config,
    reportDir: options.reportDir,
    only: options.only === undefined ? undefined : [...options.only],
    skip: options.skip === undefined ? undefined : [...options.skip],
    maxWait: text(options.maxWaitSeconds),
    rate: text(options.rate),
    timeout: text(options.timeoutSeconds),
    insecureHttp: options.insecureHttp,
    allowLockoutRisk: options.allowLockoutRisk,
    ca: options.ca,
  }
  const defined = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined))
  const plan = buildPlan({ targets: args.targets, ...defined })
  const summary = await runEngine(plan, { secrets: secretsOf(plan, process.env) })
  const output = options.output ?? silent
  const { summaryText } = await import('./report/summary.ts')
  const { painter } = await import('./cli/run-console.ts')
  output.out(summaryText(summary.targets, painter(false), []))
  return summary
}

/**
 * Lints a spec file as `tokencheck specs lint` does: Spectral's `oas` ruleset, the
 * `x-tokencheck` extension and every example against its schema, each problem with its line.
 */
export async function lintSpec(path: string): Promise<LintResult> {
  // Spectral takes a while to load: only a lint pays for it.
  const { lintSpec: lint } = await import('./openapi/lint.ts')
  const { localSpecPath } = await import('./openapi/load.ts')
  return lint(await localSpecPath(path))
}
