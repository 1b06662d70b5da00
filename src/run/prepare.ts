import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { catalogue } from '../checks/index.ts'
import { HttpClient } from '../http/client.ts'
import { Recorder } from '../http/recorder.ts'
import { Redactor } from '../http/redact.ts'
import { scenarioCounts } from '../report/totals.ts'
import { addCredentialSecrets, runScenarios } from '../scenarios/index.ts'
import { BUNDLED_SPECS_DIR, loadProfile } from '../openapi/load.ts'
import type { Profile } from '../openapi/profile.ts'
import {
  startEmbeddedMock,
  mockCredentials,
  MOCK_HINTS,
  type EmbeddedMock,
} from './embedded-mock.ts'
import { baselineDiagnosis } from './diagnosis.ts'
import { endpointsFor } from './endpoints.ts'
import { promisedProfile } from './promised.ts'
import { unreachable } from './probe.ts'
import { credentialsFromEnv, envHints } from './env.ts'
import type { RunPlan, TargetPlan } from './plan.ts'
import type { PreparedTarget } from './prepared.ts'
import type { ProgressListener } from './progress.ts'
import { scenariosToRun } from './selection.ts'

/**
 * Sends every target's scenarios, once each, through one HTTP client: the targets side by side,
 * each target's scenarios in order. Embedded mocks are started before and stopped after. Secrets
 * stay here; what is returned is redacted.
 */
export async function prepareTargets(
  plan: RunPlan,
  startMock: typeof startEmbeddedMock = startEmbeddedMock,
  progress: ProgressListener = () => {},
): Promise<PreparedTarget[]> {
  const client = new HttpClient({
    timeoutMs: plan.options.timeoutMs,
    ratePerSecond: plan.options.ratePerSecond,
    insecureHttp: plan.options.insecureHttp,
    ...(plan.options.caFile === undefined ? {} : { ca: readFileSync(plan.options.caFile, 'utf8') }),
  })
  const selected = scenariosToRun(plan, catalogue)
  try {
    return await Promise.all(
      plan.targets.map(async (target) => {
        const prepared = await prepareTarget(plan, target, client, selected, startMock, progress)
        progress({
          target: target.name,
          kind: 'sent',
          scenarios: scenarioCounts(prepared.scenarios).sent,
          exchanges: prepared.exchanges.length,
          ...(prepared.error === undefined ? {} : { error: prepared.error }),
        })
        return prepared
      }),
    )
  } finally {
    await client.close()
  }
}

async function prepareTarget(
  plan: RunPlan,
  target: TargetPlan,
  client: HttpClient,
  selected: Set<string> | undefined,
  startMock: typeof startEmbeddedMock,
  progress: ProgressListener,
): Promise<PreparedTarget> {
  const started = Date.now()
  const redactor = new Redactor()
  let profile: Profile | undefined
  let mock: EmbeddedMock | undefined
  let current = ''
  try {
    const spec = loadProfile(target.spec)
    profile = promisedProfile(spec, target)
    if (target.kind === 'mock') {
      mock = await startMock(target.spec, plan.options.mockAccessTokenLifetime)
    }
    const credentials =
      mock === undefined ? fromEnv(target, profile) : mockCredentials(mock.credentials, profile)
    addCredentialSecrets(redactor, credentials)
    const endpoints = endpointsFor(target, spec, mock?.url)
    if (mock === undefined) {
      const cause = await unreachable(client, endpoints.tokenUrl)
      if (cause !== undefined) {
        return {
          ...base(target, profile, mock, started),
          endpoints: { tokenUrl: redactor.redactUrl(endpoints.tokenUrl) },
          scenarios: [],
          exchanges: [],
          error: redactor.redactText(cause),
          unreachable: true,
        }
      }
    }
    const run = await runScenarios({
      profile,
      endpoints,
      credentials,
      hints: mock === undefined ? envHints(target.env) : MOCK_HINTS,
      extras: {
        ...(target.scope === undefined ? {} : { scope: target.scope }),
        params: target.params ?? [],
      },
      options: {
        maxWaitSeconds: plan.options.maxWaitSeconds,
        allowLockoutRisk: plan.options.allowLockoutRisk,
      },
      recorder: new Recorder(client, redactor),
      ...(selected === undefined ? {} : { selected }),
      onScenario: (scenario, position, of) => {
        current = scenario
        progress({ target: target.name, kind: 'scenario', scenario, position, of })
      },
      // A wait (a token's expiry) is told with its end, for a countdown.
      sleep: async (ms) => {
        progress({
          target: target.name,
          kind: 'waiting',
          scenario: current,
          until: Date.now() + ms,
        })
        await new Promise<void>((resolve) => setTimeout(resolve, ms))
      },
    })
    const diagnosis = baselineDiagnosis(
      run.exchanges,
      target.kind === 'real' ? target.env : undefined,
    )
    return {
      ...base(target, profile, mock, started),
      ...(diagnosis === undefined ? {} : { diagnosis: redactor.redactText(diagnosis) }),
      endpoints: {
        tokenUrl: redactor.redactUrl(endpoints.tokenUrl),
        ...optional('protectedResourceUrl', endpoints.protectedResourceUrl, redactor),
        ...optional('discoveryUrl', endpoints.discoveryUrl, redactor),
        ...optional('jwksUrl', endpoints.jwksUrl, redactor),
      },
      scenarios: run.records,
      exchanges: run.exchanges,
    }
  } catch (error) {
    const message = redactor.redactText(error instanceof Error ? error.message : String(error))
    if (profile === undefined) throw error
    return {
      ...base(target, profile, mock, started),
      endpoints: { tokenUrl: target.tokenUrl ?? target.baseUrl ?? mock?.url ?? '' },
      scenarios: [],
      exchanges: [],
      error: message,
    }
  } finally {
    await mock?.close()
  }
}

function base(
  target: TargetPlan,
  profile: Profile,
  mock: EmbeddedMock | undefined,
  started: number,
) {
  return {
    name: target.name,
    kind: target.kind,
    baseUrl: mock?.url ?? target.baseUrl ?? target.tokenUrl ?? '',
    profile,
    specFile: specFileOf(profile.file),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  }
}

function optional<K extends string>(key: K, url: string | undefined, redactor: Redactor) {
  return url === undefined ? {} : ({ [key]: redactor.redactUrl(url) } as Record<K, string>)
}

/** `specs/wokelo.yaml` for a bundled spec, else the path as given. */
function specFileOf(file: string): string {
  const inBundle = relative(BUNDLED_SPECS_DIR, file)
  return inBundle.startsWith('..') ? file : `specs/${inBundle}`
}

function fromEnv(target: TargetPlan, profile: Profile) {
  const found = credentialsFromEnv(target.env, profile)
  if ('missing' in found) {
    throw new Error(`set ${found.missing.join(', ')}: credentials come from the environment only`)
  }
  return found.credentials
}
