import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmbeddedMock } from '../../src/run/embedded-mock.ts'
import { envNames } from '../../src/run/env.ts'
import type { RunPlan } from '../../src/run/plan.ts'
import { prepareTargets } from '../../src/run/prepare.ts'
import { startAuthority, type Authority } from '../support/authority.ts'
import { leaksIn } from '../support/leaks.ts'

let authority: Authority
beforeAll(async () => {
  authority = await startAuthority({
    users: { 'mock user': 'mock pa55+word' },
    clients: { 'mock-client': 'mock s3cret', 'mock-client-2': 'second s3cret' },
  })
})
afterAll(() => authority.close())

const plan = (selected: string[] = []): RunPlan => ({
  targets: [{ name: 'rfc6749-password', kind: 'mock', spec: 'rfc6749-password', env: envNames() }],
  options: {
    maxWaitSeconds: 0,
    ratePerSecond: 2,
    timeoutMs: 5000,
    insecureHttp: false,
    allowLockoutRisk: false,
    mockAccessTokenLifetime: 2,
  },
  only: selected,
  skip: [],
  reportRoot: '/tmp/unused',
  startedAt: new Date().toISOString(),
})

describe('prepareTargets with an embedded mock', () => {
  it('starts the mock, runs the scenarios with its credentials, and stops it', async () => {
    const calls: string[] = []
    const startMock = async (spec: string, lifetime: number): Promise<EmbeddedMock> => {
      calls.push(`start ${spec} ${lifetime}`)
      return {
        url: authority.url,
        close: async () => void calls.push('close'),
        credentials: {
          username: 'mock user',
          password: 'mock pa55+word',
          clientId: 'mock-client',
          clientSecret: 'mock s3cret',
          client2: { clientId: 'mock-client-2', clientSecret: 'second s3cret' },
        },
      }
    }
    const [target] = await prepareTargets(
      plan(['password.*', 'refresh.other-client', 'client.secret-special-characters-basic']),
      startMock,
    )
    expect(calls).toEqual(['start rfc6749-password 2', 'close'])
    expect(target).toMatchObject({
      name: 'rfc6749-password',
      kind: 'mock',
      baseUrl: authority.url,
      endpoints: {
        tokenUrl: `${authority.url}/token`,
        protectedResourceUrl: `${authority.url}/resource`,
      },
      specFile: 'specs/rfc6749-password.yaml',
    })
    const status = Object.fromEntries(target!.scenarios.map((s) => [s.id, [s.status, s.reason]]))
    expect(status['password.valid']).toEqual(['ran', undefined])
    expect(status['refresh.other-client']).toEqual(['ran', undefined])
    expect(status['client.secret-special-characters-basic']).toEqual([
      'skipped',
      'needs a client whose secret holds special characters: the embedded mock has no such client',
    ])
    expect(target!.exchanges.find((e) => e.id === 'password.valid#1')?.response?.status).toBe(200)
    expect(
      leaksIn(JSON.stringify(target), {
        p: 'mock pa55+word',
        s: 'mock s3cret',
        s2: 'second s3cret',
      }),
    ).toEqual([])
  })

  it('records a mock that does not start as the target error, not a crash', async () => {
    const [target] = await prepareTargets(plan(), async () => {
      throw new Error('port in use')
    })
    expect(target).toMatchObject({ name: 'rfc6749-password', error: 'port in use', scenarios: [] })
  })
})
