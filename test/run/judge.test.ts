import { describe, expect, it } from 'vitest'
import { defineCheck, fail, pass, type Check, type Level } from '../../src/checks/check.ts'
import type { CheckId } from '../../src/checks/index.ts'
import type { Exchange } from '../../src/http/exchange.ts'
import { judgeOne } from '../../src/run/judge.ts'
import type { PreparedTarget } from '../../src/run/prepared.ts'
import { loadProfile } from '../../src/openapi/load.ts'

const exchange: Exchange = {
  id: 'password.valid#1',
  scenario: 'password.valid',
  request: { method: 'POST', url: 'http://127.0.0.1/token', headers: [] },
  response: {
    status: 200,
    statusText: 'OK',
    headers: [],
    body: '{}',
    bytes: 2,
    truncated: false,
    json: {},
    tokens: [],
  },
  startedAt: '2025-01-01T00:00:00.000Z',
  durationMs: 1,
}

function target(fields: Partial<PreparedTarget> = {}): PreparedTarget {
  return {
    name: 't',
    kind: 'real',
    baseUrl: 'http://127.0.0.1',
    endpoints: { tokenUrl: 'http://127.0.0.1/token' },
    profile: loadProfile('auth-login'),
    specFile: 'specs/auth-login.yaml',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1,
    scenarios: [{ id: 'password.valid', status: 'ran', exchangeIds: ['password.valid#1'] }],
    exchanges: [exchange],
    ...fields,
  }
}

function check(fields: Partial<Check> & Pick<Check, 'judge'>, level: Level = 'MUST'): Check {
  return defineCheck({
    id: 'rfc6749.5.1.x' as CheckId,
    clause: 'RFC 6749 §5.1',
    standard: 'RFC 6749',
    level,
    title: 'x',
    reads: ['password.valid'],
    ...fields,
  })
}

const passes = check({ judge: () => pass() })
const fails = (level: Level) => check({ judge: () => fail('expected A, got B') }, level)

describe('judgeOne', () => {
  it.each([
    ['a pass', passes, target(), { outcome: 'pass' }],
    ['a MUST failure', fails('MUST'), target(), { outcome: 'fail', message: 'expected A, got B' }],
    ['a SHOULD failure', fails('SHOULD'), target(), { outcome: 'warn' }],
    ['an ADVISORY failure', fails('ADVISORY'), target(), { outcome: 'note' }],
    [
      'a failure the spec documents',
      check({ id: 'rfc6749.5.2.error-media-type', judge: () => fail('expected JSON') }),
      target({
        exchanges: [
          {
            ...exchange,
            request: { method: 'POST', url: 'http://127.0.0.1/auth/login', headers: [] },
            response: {
              ...exchange.response!,
              status: 400,
              headers: [['content-type', 'application/problem+json']],
            },
          },
        ],
      }),
      { outcome: 'deviation', deviation: { clause: 'RFC 6749 §5.2', line: 32 } },
    ],
    [
      'a check that does not apply',
      check({ notApplicable: () => 'the token is opaque', judge: () => pass() }),
      target(),
      { outcome: 'not-applicable', message: 'the token is opaque' },
    ],
    [
      'a skipped scenario',
      passes,
      target({
        scenarios: [
          { id: 'password.valid', status: 'skipped', reason: 'no client', exchangeIds: [] },
        ],
        exchanges: [],
      }),
      { outcome: 'skip', message: 'password.valid skipped: no client' },
    ],
    [
      'a scenario that was not run',
      passes,
      target({ scenarios: [], exchanges: [] }),
      { outcome: 'skip', message: 'scenario `password.valid` was not run' },
    ],
    [
      'a scenario that broke',
      passes,
      target({
        scenarios: [{ id: 'password.valid', status: 'error', reason: 'bug', exchangeIds: [] }],
        exchanges: [],
      }),
      { outcome: 'error', message: 'bug' },
    ],
    [
      'a scenario without exchanges',
      passes,
      target({ exchanges: [] }),
      { outcome: 'error', message: 'scenario `password.valid` ran but recorded no exchange' },
    ],
    [
      'a check that throws',
      check({
        judge: () => {
          throw new TypeError('boom')
        },
      }),
      target(),
      { outcome: 'error', message: 'the check failed on password.valid#1: boom' },
    ],
    [
      'an exchange that got no response: the check never sees it',
      passes,
      target({
        exchanges: [
          (({ response: _, ...rest }) => ({
            ...rest,
            failure: { kind: 'timeout' as const, message: 'no response within 2 s' },
          }))(exchange),
        ],
      }),
      { outcome: 'error', message: 'expected a complete response, got no response within 2 s' },
    ],
    [
      'a 503: the server said "not now", which is no pass',
      passes,
      target({
        exchanges: [
          {
            ...exchange,
            request: { method: 'POST', url: 'http://127.0.0.1/auth/login', headers: [] },
            response: {
              ...exchange.response!,
              status: 503,
              headers: [['retry-after', '120']],
            },
          },
        ],
      }),
      { outcome: 'error', message: expect.stringContaining('`503` (Service Unavailable)') },
    ],
    [
      'a target that could not be run',
      passes,
      target({ error: 'the mock did not start' }),
      { outcome: 'error', message: 'the mock did not start' },
    ],
  ])('%s', (_, theCheck, theTarget, expected) => {
    expect(judgeOne(theCheck, 'password.valid', theTarget)).toMatchObject(expected)
  })

  it('hands the check every exchange of the scenario, the last as `exchange`', () => {
    const second = { ...exchange, id: 'password.valid#2' }
    let seen: string[] = []
    const spy = check({
      judge: ({ exchange: last, exchanges }) => {
        seen = [last.id, ...exchanges.map((e) => e.id)]
        return pass()
      },
    })
    const result = judgeOne(spy, 'password.valid', target({ exchanges: [exchange, second] }))
    expect(seen).toEqual(['password.valid#2', 'password.valid#1', 'password.valid#2'])
    expect(result.exchangeIds).toEqual(['password.valid#1', 'password.valid#2'])
  })

  it('puts the exchanges that issued the tokens a scenario used before its own, for a check that reads the grant', () => {
    const refresh = { ...exchange, id: 'refresh.valid#1', scenario: 'refresh.valid' }
    const grant = { ...exchange, id: 'password.valid#2' }
    let seen: string[] = []
    const spy = check({
      reads: ['refresh.valid'],
      readsGrant: true,
      judge: ({ exchange: last, exchanges }) => {
        seen = [last.id, ...exchanges.map((e) => e.id)]
        return pass()
      },
    })
    const prepared = target({ exchanges: [exchange, grant, refresh] })
    prepared.scenarios = [
      {
        id: 'refresh.valid',
        status: 'ran',
        exchangeIds: ['refresh.valid#1'],
        originExchangeIds: ['password.valid#2'],
      },
    ]
    const result = judgeOne(spy, 'refresh.valid', prepared)
    expect(seen).toEqual(['refresh.valid#1', 'password.valid#2', 'refresh.valid#1'])
    expect(result.exchangeIds).toEqual(['password.valid#2', 'refresh.valid#1'])
  })

  it('judges a grant once, under its own scenario: another check reads only the scenario’s exchanges', () => {
    const refresh = { ...exchange, id: 'refresh.valid#1', scenario: 'refresh.valid' }
    const grant = { ...exchange, id: 'setup#1', scenario: 'setup' }
    let seen: string[] = []
    const spy = check({
      reads: ['refresh.valid'],
      judge: ({ exchanges }) => {
        seen = exchanges.map((e) => e.id)
        return pass()
      },
    })
    const prepared = target({ exchanges: [exchange, grant, refresh] })
    prepared.scenarios = [
      { id: 'setup', status: 'ran', exchangeIds: ['setup#1'] },
      {
        id: 'refresh.valid',
        status: 'ran',
        exchangeIds: ['refresh.valid#1'],
        originExchangeIds: ['setup#1'],
      },
    ]
    judgeOne(spy, 'refresh.valid', prepared)
    expect(seen).toEqual(['refresh.valid#1'])
    judgeOne(spy, 'setup', prepared)
    expect(seen).toEqual(['setup#1'])
  })
})
