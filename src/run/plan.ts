import type { EnvNames } from './env.ts'

/** One target of a run, as the command line and the config file name it: no secrets. */
export interface TargetPlan {
  /** The config's name, or the spec's name. Names the report folder. */
  name: string
  /** `mock`: the spec's embedded mock, started for the run; `real`: a server at the URLs below. */
  kind: 'mock' | 'real'
  /** A bundled spec's name or an absolute path. */
  spec: string
  baseUrl?: string
  tokenUrl?: string
  protectedResourceUrl?: string
  discoveryUrl?: string
  /** `--scope`: the scope every password grant asks for. */
  scope?: string
  /** `--param name=value`: sent with every password grant and refresh, in order. */
  params?: [string, string][]
  /** Where a real target's credentials are read from. */
  env: EnvNames
}

export interface RunOptions {
  /** The longest token lifetime the run waits out for `resource.expired-token`, in seconds. */
  maxWaitSeconds: number
  /** Requests a second to a non-loopback host. */
  ratePerSecond: number
  timeoutMs: number
  insecureHttp: boolean
  allowLockoutRisk: boolean
  /** A PEM file of a certificate authority to trust beside the system's. */
  caFile?: string
  /** Lifetime of an embedded mock's first access token (the expiry scenario's), in seconds. */
  mockAccessTokenLifetime: number
}

/**
 * A whole run, as the command line decided it. JSON: the vitest adapter hands it to its global
 * setup through vitest's `provide`.
 */
export interface RunPlan {
  targets: TargetPlan[]
  options: RunOptions
  /** Check or scenario ids (`*` is a wildcard) to run alone, and to leave out. */
  only: string[]
  skip: string[]
  /** Absolute: reports go to `<reportRoot>/<target>/<timestamp>/`. */
  reportRoot: string
  /** ISO 8601: the run's start, and its folders' timestamp. */
  startedAt: string
}
