import { describe, expect, it } from 'vitest'
import type { Exchange, ExchangeFailure, HeaderList } from '../../src/http/exchange.ts'
import { faultOf, unjudgeable } from '../../src/run/unjudgeable.ts'

function answered(status: number, headers: HeaderList = [], id = 'password.valid#1'): Exchange {
  return {
    id,
    scenario: id.split('#')[0]!,
    request: { method: 'POST', url: 'https://idp.test/token', headers: [] },
    response: { status, statusText: '', headers, body: '', bytes: 0, truncated: false, tokens: [] },
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1,
  }
}

function failed(failure: ExchangeFailure, id = 'password.valid#1'): Exchange {
  const { response: _, ...rest } = answered(200, [], id)
  return { ...rest, failure }
}

describe('faultOf: answers no check can judge', () => {
  it.each([
    [
      'no response in time',
      failed({ kind: 'timeout', message: 'no response within 2 s' }),
      'expected a complete response, got no response within 2 s',
    ],
    [
      'a body over the cap, though headers came',
      {
        ...answered(200),
        failure: { kind: 'body-too-large' as const, message: 'body over the 1 MiB cap' },
      },
      'expected a complete response, got body over the 1 MiB cap',
    ],
    [
      'a redirect',
      answered(307, [['location', 'https://elsewhere.test/token']]),
      'expected an answer at `https://idp.test/token`, got a `307` redirect to `https://elsewhere.test/token`, not followed (credentials never follow a redirect)',
    ],
    [
      'a redirect that carries the request on in its query',
      answered(302, [['location', '/login?client_secret=[redacted]25&next=%2Ftoken']]),
      'got a `302` redirect to `https://idp.test/login?…`, not followed',
    ],
    [
      'a redirect without a Location',
      answered(302),
      'got a `302` redirect with no "Location", not followed',
    ],
    [
      'a 503 with Retry-After',
      answered(503, [['retry-after', '120']]),
      'expected an answer to judge, got `503` (Service Unavailable) with "Retry-After" `120`: the server asks to be tried again later',
    ],
    [
      'a 503 without Retry-After',
      answered(503),
      'got `503` (Service Unavailable) without "Retry-After": the server is not taking requests now',
    ],
    [
      'a 429',
      answered(429, [['retry-after', 'Wed, 21 Oct 2015 07:28:00 GMT']]),
      'got `429` (Too Many Requests) with "Retry-After" `Wed, 21 Oct 2015 07:28:00 GMT`',
    ],
    [
      'a 502 from a gateway',
      answered(502),
      'got `502` (Bad Gateway) from a gateway in front of it',
    ],
    ['a 504 from a gateway', answered(504), 'got `504` (Gateway Timeout) from a gateway'],
  ])('%s', (_, exchange, message) => {
    expect(faultOf(exchange)).toContain(message)
  })

  it.each([200, 400, 401, 404, 405, 415, 500, 501])(
    'leaves an ordinary `%i` to the checks',
    (status) => {
      expect(faultOf(answered(status))).toBeUndefined()
    },
  )

  it('leaves a 429 or 503 to the checks where throttling is expected, a 502 not', () => {
    expect(faultOf(answered(429), true)).toBeUndefined()
    expect(faultOf(answered(503), true)).toBeUndefined()
    expect(faultOf(answered(502), true)).toContain('`502`')
  })
})

describe('unjudgeable: the first fault among a scenario’s own exchanges', () => {
  it('names where the fault is when the scenario sent several requests', () => {
    const exchanges = [
      answered(200),
      failed({ kind: 'reset', message: 'connection reset by idp.test:443' }, 'password.valid#2'),
    ]
    expect(unjudgeable(exchanges, 'password.valid')).toBe(
      'expected a complete response, got connection reset by idp.test:443 (in `password.valid#2`)',
    )
  })

  it('ignores the exchanges of other scenarios (the grant a refresh used)', () => {
    const grant = failed({ kind: 'timeout', message: 'no response within 2 s' })
    expect(unjudgeable([grant, answered(200, [], 'refresh.valid#1')], 'refresh.valid')).toBe(
      undefined,
    )
  })

  it('takes a 429 after ordinary answers as throttling when the scenario provokes it', () => {
    const id = (n: number) => `password.repeated-wrong-password#${n}`
    const throttled = [answered(400, [], id(1)), answered(429, [['retry-after', '30']], id(2))]
    expect(unjudgeable(throttled, 'password.repeated-wrong-password')).toBeUndefined()
  })

  it('but not a 503 to the very first attempt: the server was down before anything was provoked', () => {
    const id = (n: number) => `password.repeated-wrong-password#${n}`
    const down = [answered(503, [['retry-after', '120']], id(1)), answered(503, [], id(2))]
    expect(unjudgeable(down, 'password.repeated-wrong-password')).toContain(
      'got `503` (Service Unavailable) with "Retry-After" `120`',
    )
  })
})
