import { accessSync, constants } from 'node:fs'
import { resolve } from 'node:path'
import { DEFAULT_MAX_WAIT_SECONDS } from './defaults.ts'
import { catalogue } from '../checks/index.ts'
import { TokencheckError } from '../errors.ts'
import { DEFAULT_RATE, DEFAULT_TIMEOUT_MS } from '../http/client.ts'
import { isLoopback } from '../http/loopback.ts'
import { bundledSpecNames, loadProfile } from '../openapi/load.ts'
import { CONFIG_FILE, loadConfig, type TargetConfig } from './config.ts'
import { credentialsFromEnv, envNames } from './env.ts'
import { promisedProfile } from './promised.ts'
import type { RunPlan, TargetPlan } from './plan.ts'
import { unknownPatterns } from './selection.ts'

/** `tokencheck run`'s arguments and options, as commander parsed them. */
export interface RunArguments {
  targets: string[]
  spec?: string
  baseUrl?: string
  tokenUrl?: string
  protectedResource?: string
  discoveryUrl?: string
  /** `--scope <value>`. */
  scope?: string
  /** `--param name=value`, repeatable. */
  param?: string[]
  config?: string
  reportDir?: string
  only?: string[]
  skip?: string[]
  maxWait?: string
  rate?: string
  timeout?: string
  insecureHttp?: boolean
  allowLockoutRisk?: boolean
  ca?: string
}

export { DEFAULT_MAX_WAIT_SECONDS }
/** The lifetime of an embedded mock's first access token, the one the expiry scenario waits out. */
export const MOCK_ACCESS_TOKEN_LIFETIME = 2

const usage = (message: string) => new TokencheckError('ERR_USAGE', message)

type Env = Readonly<Record<string, string | undefined>>

/**
 * Turns the command line into a run plan, or throws a usage or config error that says what to
 * fix: every input is checked before a single request is sent.
 */
export function buildPlan(
  args: RunArguments,
  context: { cwd?: string; env?: Env; now?: Date } = {},
): RunPlan {
  const cwd = context.cwd ?? process.cwd()
  const env = context.env ?? process.env
  const insecureHttp = args.insecureHttp ?? false
  const extras = grantExtras(args)
  const targets = targetsOf(args, cwd).map((target) => ({ ...extras, ...target }))
  for (const target of targets) checkTarget(target, insecureHttp, env)
  const only = args.only ?? []
  const skip = args.skip ?? []
  const unknown = unknownPatterns({ only, skip }, catalogue)
  if (unknown.length > 0) {
    throw usage(
      `${unknown.map((id) => `\`${id}\``).join(', ')} names no check and no scenario; --only and --skip take check ids (\`rfc6749.5.1.cache-control-no-store\`), scenario ids (\`password.valid\`) or patterns with * (\`refresh.*\`)`,
    )
  }
  const caFile = args.ca === undefined ? undefined : resolve(cwd, args.ca)
  if (caFile !== undefined) {
    try {
      accessSync(caFile, constants.R_OK)
    } catch {
      throw usage(
        `--ca ${args.ca}: cannot read that file; pass a PEM file of certificate authorities`,
      )
    }
  }
  return {
    targets,
    options: {
      maxWaitSeconds: numberOption('--max-wait', args.maxWait, DEFAULT_MAX_WAIT_SECONDS, 0),
      ratePerSecond: numberOption('--rate', args.rate, DEFAULT_RATE, Number.MIN_VALUE),
      timeoutMs:
        numberOption('--timeout', args.timeout, DEFAULT_TIMEOUT_MS / 1000, Number.MIN_VALUE) * 1000,
      insecureHttp,
      allowLockoutRisk: args.allowLockoutRisk ?? false,
      ...(caFile === undefined ? {} : { caFile }),
      mockAccessTokenLifetime: MOCK_ACCESS_TOKEN_LIFETIME,
    },
    only,
    skip,
    reportRoot: resolve(cwd, args.reportDir ?? 'reports'),
    startedAt: (context.now ?? new Date()).toISOString(),
  }
}

/** Parameters tokencheck sends itself: `--param` cannot replace them (`--scope` sets the scope). */
export const RESERVED_PARAMS = [
  'grant_type',
  'username',
  'password',
  'scope',
  'client_id',
  'client_secret',
  'refresh_token',
] as const

const PARAM_NAME = /^[A-Za-z0-9_.~-]+$/

/** `--param name=value` as a field; a usage error that says how to write it otherwise. */
export function parseParam(text: string): [string, string] {
  const at = text.indexOf('=')
  const name = at < 0 ? text : text.slice(0, at)
  if (at < 0 || !PARAM_NAME.test(name)) {
    throw usage(
      `--param expects name=value (a name of letters, digits and \`_ . ~ -\`), got \`${text}\``,
    )
  }
  checkParamName(name, '--param')
  return [name, text.slice(at + 1)]
}

function checkParamName(name: string, where: string): void {
  if ((RESERVED_PARAMS as readonly string[]).includes(name)) {
    throw usage(
      `${where} \`${name}\`: tokencheck sends \`${name}\` itself${name === 'scope' ? '; use --scope <value>' : ''}`,
    )
  }
}

/** `--scope` and `--param`, for every target of the run; a config target's own keys win. */
function grantExtras(args: RunArguments): Pick<TargetPlan, 'scope' | 'params'> {
  if (args.scope !== undefined && args.scope.trim() === '') {
    throw usage('--scope expects a scope (space-separated values), got an empty one')
  }
  const params = (args.param ?? []).map(parseParam)
  return {
    ...(args.scope === undefined ? {} : { scope: args.scope }),
    ...(params.length === 0 ? {} : { params }),
  }
}

function numberOption(flag: string, value: string | undefined, fallback: number, min: number) {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min) {
    throw usage(
      `${flag} expects ${min === 0 ? 'a number of 0 or more' : 'a number above 0'}, got \`${value}\``,
    )
  }
  return parsed
}

const URL_FLAGS = [
  ['baseUrl', '--base-url'],
  ['tokenUrl', '--token-url'],
  ['protectedResource', '--protected-resource'],
  ['discoveryUrl', '--discovery-url'],
] as const

function targetsOf(args: RunArguments, cwd: string): TargetPlan[] {
  const urlFlags = URL_FLAGS.filter(([key]) => args[key] !== undefined).map(([, flag]) => flag)
  if (args.targets.length > 0) {
    if (args.spec !== undefined || urlFlags.length > 0) {
      throw usage(
        `${[...(args.spec === undefined ? [] : ['--spec']), ...urlFlags].join(', ')} cannot be combined with named targets: a named target takes its spec and URLs from ${CONFIG_FILE}`,
      )
    }
    return namedTargets(args.targets, resolve(cwd, args.config ?? CONFIG_FILE))
  }
  if (args.spec === undefined) {
    if (urlFlags.length > 0) {
      throw usage(`${urlFlags.join(', ')} needs --spec <name|path>: the spec says what to check`)
    }
    return bundledSpecNames().map((name) => ({ name, kind: 'mock', spec: name, env: envNames() }))
  }
  const profile = loadProfile(args.spec)
  const spec = /^[a-z0-9][a-z0-9-]*$/.test(args.spec) ? args.spec : resolve(cwd, args.spec)
  const real = args.baseUrl !== undefined || args.tokenUrl !== undefined
  if (!real && urlFlags.length > 0) {
    throw usage(
      `${urlFlags.join(', ')} needs a server: pass --base-url <url> or --token-url <url> too (without them the spec runs against its embedded mock)`,
    )
  }
  return [
    {
      name: profile.name,
      kind: real ? 'real' : 'mock',
      spec,
      ...urls(args),
      env: envNames(),
    },
  ]
}

function urls(source: {
  baseUrl?: string | undefined
  tokenUrl?: string | undefined
  protectedResource?: string | undefined
  discoveryUrl?: string | undefined
}) {
  return {
    ...(source.baseUrl === undefined ? {} : { baseUrl: source.baseUrl }),
    ...(source.tokenUrl === undefined ? {} : { tokenUrl: source.tokenUrl }),
    ...(source.protectedResource === undefined
      ? {}
      : { protectedResourceUrl: source.protectedResource }),
    ...(source.discoveryUrl === undefined ? {} : { discoveryUrl: source.discoveryUrl }),
  }
}

function namedTargets(names: string[], configFile: string): TargetPlan[] {
  const config = loadConfig(configFile)
  return names.map((name) => {
    const target: TargetConfig | undefined = config.targets[name]
    if (target === undefined) {
      throw new TokencheckError(
        'ERR_CONFIG',
        `no target \`${name}\` in ${configFile}; it has ${Object.keys(config.targets)
          .map((t) => `\`${t}\``)
          .join(', ')}`,
      )
    }
    loadProfile(target.spec)
    for (const name of Object.keys(target.params ?? {}))
      checkParamName(name, `${configFile}: params`)
    const params = Object.entries(target.params ?? {})
    const real = target['base-url'] !== undefined || target['token-url'] !== undefined
    return {
      name,
      kind: real ? 'real' : 'mock',
      spec: target.spec,
      ...urls({
        baseUrl: target['base-url'],
        tokenUrl: target['token-url'],
        protectedResource: target['protected-resource'],
        discoveryUrl: target['discovery-url'],
      }),
      ...(target.scope === undefined ? {} : { scope: target.scope }),
      ...(params.length === 0 ? {} : { params }),
      env: envNames(target.env),
    }
  })
}

const FLAG_OF: Record<string, string> = {
  baseUrl: '--base-url',
  tokenUrl: '--token-url',
  protectedResourceUrl: '--protected-resource',
  discoveryUrl: '--discovery-url',
}

function checkTarget(target: TargetPlan, insecureHttp: boolean, env: Env): void {
  if (target.kind === 'mock') return
  for (const key of ['baseUrl', 'tokenUrl', 'protectedResourceUrl', 'discoveryUrl'] as const) {
    const value = target[key]
    if (value === undefined) continue
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw usage(`${FLAG_OF[key]} \`${value}\` is not a URL`)
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw usage(`${FLAG_OF[key]} \`${value}\`: expected an http(s) URL`)
    }
    if (url.protocol === 'http:' && !insecureHttp && !isLoopback(url)) {
      throw usage(
        `${FLAG_OF[key]} \`${value}\` is plain http:// to a host other than this machine, which would expose credentials (RFC 6749 §3.2 requires TLS): use https://, or pass --insecure-http`,
      )
    }
  }
  const profile = promisedProfile(loadProfile(target.spec), target)
  const found = credentialsFromEnv(target.env, profile, env)
  if ('missing' in found) {
    const confidential = profile.clientAuthentication.every((method) => method.value !== 'none')
    throw usage(
      `target \`${target.name}\` reads its credentials from the environment, never the command line: set ${listed(found.missing)}${confidential ? ` (the spec's client is confidential: without its id and secret no password grant can succeed)` : ''}`,
    )
  }
}

/** `A`, `A and B`, `A, B and C`. */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}
