/**
 * Runs tokencheck's scenarios against a started mock, as `tokencheck run` does for an embedded
 * target, and returns the recorded (redacted) exchanges.
 */
import { HttpClient } from '../../src/http/client.ts'
import type { Exchange } from '../../src/http/exchange.ts'
import { Recorder } from '../../src/http/recorder.ts'
import { Redactor } from '../../src/http/redact.ts'
import type { RunningMock } from '../../src/mock/index.ts'
import { mockCredentials, MOCK_HINTS } from '../../src/run/embedded-mock.ts'
import { endpointsFor } from '../../src/run/endpoints.ts'
import { addCredentialSecrets, runScenarios } from '../../src/scenarios/index.ts'
import type { ScenarioRecord } from '../../src/report/model.ts'

export async function runScenariosAgainst(
  mock: RunningMock,
  maxWaitSeconds = 5,
): Promise<{ exchanges: Exchange[]; records: ScenarioRecord[] }> {
  const credentials = mockCredentials(mock.credentials, mock.profile)
  const redactor = new Redactor()
  addCredentialSecrets(redactor, credentials)
  const client = new HttpClient({ timeoutMs: 10_000 })
  try {
    const target = {
      name: mock.profile.name,
      kind: 'mock' as const,
      spec: mock.profile.name,
      env: {} as never,
    }
    const run = await runScenarios({
      profile: mock.profile,
      endpoints: endpointsFor(target, mock.profile, mock.url),
      credentials,
      hints: MOCK_HINTS,
      options: { maxWaitSeconds, allowLockoutRisk: false },
      recorder: new Recorder(client, redactor),
    })
    return { exchanges: run.exchanges, records: run.records }
  } finally {
    await client.close()
  }
}
