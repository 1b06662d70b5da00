import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fingerprint } from '../../src/http/token-facts.ts'
import { SCENARIO_IDS } from '../../src/scenarios/index.ts'
import { startAuthority, type Authority, type ReceivedRequest } from '../support/authority.ts'
import { leaksIn } from '../support/leaks.ts'
import { CLIENTS, SPECIAL_CLIENT, SPECIAL_USER, USERS, runAgainst } from './harness.ts'

let authority: Authority
let run: Awaited<ReturnType<typeof runAgainst>>
const slept: number[] = []

beforeAll(async () => {
  authority = await startAuthority({
    users: USERS,
    clients: CLIENTS,
    accessLifetime: 60,
    jwt: true,
  })
  // The expiry wait moves the server's clock instead of the test's.
  const sleep = async (ms: number) => {
    slept.push(ms)
    authority.advance(ms)
  }
  run = await runAgainst(authority, { maxWaitSeconds: 120, sleep })
})
afterAll(() => authority.close())

/** What the server received for each exchange of a scenario (one server, so in the same order). */
function received(id: string): ReceivedRequest[] {
  return run.exchanges.flatMap((exchange, index) =>
    exchange.scenario === id ? [authority.received[index]!] : [],
  )
}

const form = (request: ReceivedRequest) => [...new URLSearchParams(request.body)]
const query = (request: ReceivedRequest) => [...new URL(request.url, 'http://x').searchParams]
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeForm(id)}:${encodeForm(secret)}`).toString('base64')}`
const encodeForm = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
const VALID = [
  ['grant_type', 'password'],
  ['username', 'alice'],
  ['password', 'wonder land'],
]
const CLIENT_BASIC = basic('client-1', 'secret-1')

describe('every scenario against a conformant loopback server', () => {
  it('records every scenario id, each ran or skipped with a reason', () => {
    expect(run.records.map((r) => r.id).filter((id) => id !== 'setup')).toEqual(
      expect.arrayContaining([...SCENARIO_IDS]),
    )
    for (const record of run.records) {
      if (record.status !== 'ran') expect(record.reason, record.id).toMatch(/\S/)
    }
    expect(run.records.filter((r) => r.status === 'error')).toEqual([])
  })

  it('skips only what this target cannot serve, saying why', () => {
    const skipped = Object.fromEntries(
      run.records.filter((r) => r.status === 'skipped').map((r) => [r.id, r.reason]),
    )
    expect(skipped).toEqual({
      'discovery.document': 'the spec names no discovery document',
      'refresh.wider-scope':
        'needs two scopes in the spec (x-tokencheck.scopes.supported) to ask for more than was granted',
      'resource.insufficient-scope': "the spec's protected resource names no scope",
    })
  })

  it('records no password, client secret or token in any encoding', () => {
    const secrets = {
      password: 'wonder land',
      'special password': SPECIAL_USER.password,
      'client secret': 'secret-1',
      'client 2 secret': 'secret-2',
      'special client secret': SPECIAL_CLIENT.clientSecret,
    }
    const text = JSON.stringify(run.exchanges)
    expect(
      leaksIn(text, secrets, [
        ['client-1', 'secret-1'],
        [SPECIAL_CLIENT.clientId, SPECIAL_CLIENT.clientSecret],
      ]),
    ).toEqual([])
    const tokens = authority.received.flatMap((r) =>
      [...new URLSearchParams(r.body)].filter(([k]) => k === 'refresh_token').map(([, v]) => v),
    )
    expect(tokens.length).toBeGreaterThan(0)
    for (const token of tokens) expect(text).not.toContain(token)
  })
})

describe('what each scenario sends', () => {
  const cases: [string, (requests: ReceivedRequest[]) => void][] = [
    [
      'password.valid',
      (requests) => {
        expect(run.exchangesOf('password.valid').map((e) => e.label)).toEqual([
          'client_secret_basic',
          'client_secret_post',
          'client_secret_basic',
        ])
        expect(requests.map((r) => r.headers.authorization)).toEqual([
          CLIENT_BASIC,
          undefined,
          CLIENT_BASIC,
        ])
        expect(form(requests[1]!)).toEqual([
          ...VALID,
          ['client_id', 'client-1'],
          ['client_secret', 'secret-1'],
        ])
        expect(run.exchangesOf('password.valid').map((e) => e.response?.status)).toEqual([
          200, 200, 200,
        ])
      },
    ],
    [
      'password.wrong-password',
      ([r]) => {
        expect(form(r!).slice(0, 2)).toEqual(VALID.slice(0, 2))
        expect(form(r!)[2]![1]).toMatch(/^tokencheck-wrong-/)
      },
    ],
    [
      'password.unknown-user',
      ([r]) => expect(form(r!)[1]![1]).toMatch(/^tokencheck-[0-9a-f]{12}$/),
    ],
    [
      'password.repeated-wrong-password',
      (requests) => {
        expect(requests).toHaveLength(10)
        expect(new Set(requests.map((r) => form(r)[1]![1])).size).toBe(1)
        expect(form(requests[0]!)[1]![1]).not.toBe('alice')
      },
    ],
    [
      'password.special-characters',
      ([r]) => {
        expect(form(r!).slice(1, 3)).toEqual([
          ['username', SPECIAL_USER.username],
          ['password', SPECIAL_USER.password],
        ])
        expect(run.exchangesOf('password.special-characters')[0]?.response?.status).toBe(200)
      },
    ],
    [
      'password.special-characters-unencoded',
      ([r]) => {
        expect(r!.body).toContain(
          `username=${SPECIAL_USER.username}&password=${SPECIAL_USER.password}`,
        )
        expect(run.exchangesOf('password.special-characters-unencoded')[0]?.response?.status).toBe(
          400,
        )
        const recorded = run.exchangesOf('password.special-characters-unencoded')[0]?.request.body
        expect(recorded).toBe(
          `grant_type=password&username=${SPECIAL_USER.username}&password=[redacted]`,
        )
      },
    ],
    [
      'client.secret-special-characters-basic',
      ([r]) => {
        expect(r!.headers.authorization).toBe(
          basic(SPECIAL_CLIENT.clientId, SPECIAL_CLIENT.clientSecret),
        )
        expect(run.exchangesOf('client.secret-special-characters-basic')[0]?.response?.status).toBe(
          200,
        )
      },
    ],
    ['grant.missing', ([r]) => expect(form(r!)).toEqual(VALID.slice(1))],
    ['grant.empty', ([r]) => expect(r!.body.startsWith('grant_type=&username=alice')).toBe(true)],
    [
      'grant.unsupported',
      ([r]) => expect(form(r!)[0]).toEqual(['grant_type', 'urn:tokencheck:unknown-grant']),
    ],
    ['params.missing-username', ([r]) => expect(form(r!)).toEqual([VALID[0], VALID[2]])],
    ['params.missing-password', ([r]) => expect(form(r!)).toEqual(VALID.slice(0, 2))],
    [
      'params.duplicated',
      ([r]) => expect(form(r!)).toEqual([VALID[0], VALID[1], VALID[1], VALID[2]]),
    ],
    [
      'params.unknown-ignored',
      ([r]) => {
        expect(form(r!)).toEqual([...VALID, ['tokencheck_unknown', '1']])
        expect(run.exchangesOf('params.unknown-ignored')[0]?.response?.status).toBe(200)
      },
    ],
    [
      'params.in-query',
      ([r]) => {
        expect(r!.method).toBe('POST')
        expect(r!.body).toBe('')
        expect(r!.headers.authorization).toBeUndefined()
        expect(query(r!)).toEqual([
          ...VALID,
          ['client_id', 'client-1'],
          ['client_secret', 'secret-1'],
        ])
      },
    ],
    [
      'body.json',
      ([r]) => {
        expect(r!.headers['content-type']).toBe('application/json')
        expect(JSON.parse(r!.body)).toEqual(Object.fromEntries(VALID))
        expect(r!.headers.authorization).toBe(CLIENT_BASIC)
      },
    ],
    [
      'body.other-media-type',
      ([r]) => {
        expect(r!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
        expect(r!.body).toContain('name="password"\r\n\r\nwonder land\r\n')
      },
    ],
    [
      'method.get',
      ([r]) => {
        expect(r!.method).toBe('GET')
        expect(query(r!)).toEqual(VALID)
        expect(r!.headers.authorization).toBe(CLIENT_BASIC)
      },
    ],
    [
      'scope.invalid',
      ([r]) => expect(form(r!)).toEqual([...VALID, ['scope', 'tokencheck.unknown-scope']]),
    ],
    [
      'client.none',
      ([r]) => {
        expect(r!.headers.authorization).toBeUndefined()
        expect(form(r!)).toEqual([...VALID, ['client_id', 'client-1']])
      },
    ],
    [
      'client.wrong-secret-basic',
      ([r]) => {
        const pair = Buffer.from(r!.headers.authorization!.slice(6), 'base64').toString()
        expect(pair).toMatch(/^client-1:tokencheck-wrong-[0-9a-f]{16}$/)
      },
    ],
    [
      'client.wrong-secret-body',
      ([r]) => {
        expect(form(r!).slice(3, 4)).toEqual([['client_id', 'client-1']])
        expect(form(r!)[4]![1]).toMatch(/^tokencheck-wrong-/)
      },
    ],
    [
      'client.basic-and-body',
      ([r]) => {
        expect(r!.headers.authorization).toBe(CLIENT_BASIC)
        expect(form(r!)).toEqual([
          ...VALID,
          ['client_id', 'client-1'],
          ['client_secret', 'secret-1'],
        ])
      },
    ],
    [
      'refresh.valid',
      ([r]) => {
        expect(form(r!).map(([k]) => k)).toEqual(['grant_type', 'refresh_token'])
        expect(run.exchangesOf('refresh.valid')[0]?.response?.status).toBe(200)
      },
    ],
    [
      'refresh.reused',
      ([first, second]) => {
        expect(form(first!)).toEqual(form(second!))
        expect(run.exchangesOf('refresh.reused').map((e) => [e.label, e.response?.status])).toEqual(
          [
            ['first use', 200],
            ['reuse', 400],
          ],
        )
      },
    ],
    ['refresh.garbage', ([r]) => expect(form(r!)[1]![1]).toMatch(/^tokencheck-garbage-/)],
    [
      'refresh.access-token',
      ([r]) => {
        expect(form(r!)[0]).toEqual(['grant_type', 'refresh_token'])
        // The access token of the grant it took, where a refresh token goes.
        const accessToken = run.exchanges
          .find((e) => e.id === 'setup#1')!
          .response!.tokens.find((t) => t.field === 'access_token')!.fingerprint
        expect(fingerprint(form(r!)[1]![1])).toBe(accessToken)
      },
    ],
    [
      'refresh.no-client-auth',
      ([r]) => {
        expect(r!.headers.authorization).toBeUndefined()
        expect(form(r!)[0]).toEqual(['grant_type', 'refresh_token'])
        expect(form(r!).filter(([k]) => k.startsWith('client_'))).toEqual([
          ['client_id', 'client-1'],
        ])
      },
    ],
    [
      'refresh.other-client',
      ([r]) => {
        expect(r!.headers.authorization).toBe(basic('client-2', 'secret-2'))
        expect(run.exchangesOf('refresh.other-client')[0]?.response?.status).toBe(400)
      },
    ],
    [
      'resource.valid-token',
      ([r]) => {
        expect(r!.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/)
        expect(run.exchangesOf('resource.valid-token')[0]?.response?.status).toBe(200)
      },
    ],
    ['resource.no-token', ([r]) => expect(r!.headers.authorization).toBeUndefined()],
    [
      'resource.expired-token',
      ([r]) => {
        expect(slept).toHaveLength(1)
        expect(slept[0]).toBeGreaterThan(50_000)
        expect(slept[0]).toBeLessThanOrEqual(61_000)
        expect(r!.headers.authorization).toBe(
          received('resource.valid-token')[0]!.headers.authorization,
        )
        expect(run.exchangesOf('resource.expired-token')[0]?.response?.status).toBe(401)
      },
    ],
    [
      'resource.tampered-token',
      ([r]) => {
        const valid = received('resource.valid-token')[0]!.headers.authorization!
        const tampered = r!.headers.authorization!
        expect(tampered).toHaveLength(valid.length)
        expect([...tampered].filter((c, i) => c !== valid[i])).toHaveLength(1)
        expect(tampered.split('.').slice(0, 2)).toEqual(valid.split('.').slice(0, 2))
      },
    ],
    [
      'resource.alg-none-token',
      ([r]) => {
        const [header, , signature] = r!.headers.authorization!.slice(7).split('.')
        expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
          alg: 'none',
          typ: 'at+jwt',
        })
        expect(signature).toBe('')
      },
    ],
    [
      'resource.lowercase-bearer',
      ([r]) => {
        expect(r!.headers.authorization).toMatch(/^bearer /)
        expect(run.exchangesOf('resource.lowercase-bearer')[0]?.response?.status).toBe(200)
      },
    ],
    [
      'resource.token-in-query',
      ([r]) => {
        expect(r!.headers.authorization).toBeUndefined()
        expect(query(r!).map(([k]) => k)).toEqual(['access_token'])
      },
    ],
    [
      'resource.token-two-ways',
      ([r]) => {
        expect(r!.headers.authorization).toMatch(/^Bearer /)
        expect(query(r!)[0]![1]).toBe(r!.headers.authorization!.slice(7))
      },
    ],
    ['discovery.jwks', ([r]) => expect(r!.url).toBe('/jwks')],
  ]

  it.each(cases)('%s', (id, assert) => {
    const requests = received(id)
    expect(requests.length, `${id} sent nothing`).toBeGreaterThan(0)
    assert(requests)
  })

  it('gives each refresh scenario a grant of its own and never refreshes the first grant', () => {
    const presented = authority.received
      .flatMap((r) => [...new URLSearchParams(r.body)].filter(([k]) => k === 'refresh_token'))
      .map(([, v]) => fingerprint(v))
    const issuedBy = (exchangeId: string) =>
      run.exchanges
        .find((e) => e.id === exchangeId)!
        .response!.tokens.find((t) => t.field === 'refresh_token')!.fingerprint
    expect(presented).not.toContain(issuedBy('password.valid#1'))
    // refresh.valid and refresh.reused take the two spares; refresh.access-token,
    // refresh.other-client and refresh.no-client-auth a setup grant each, in that order.
    expect(presented).toContain(issuedBy('password.valid#2'))
    expect(presented).toContain(issuedBy('password.valid#3'))
    expect(run.record('setup')).toEqual({
      id: 'setup',
      status: 'ran',
      exchangeIds: ['setup#1', 'setup#2', 'setup#3'],
    })
    expect(run.exchanges.map((e) => (e.id.startsWith('setup#') ? e.label : undefined))).toEqual(
      expect.arrayContaining([
        'for refresh.access-token',
        'for refresh.other-client',
        'for refresh.no-client-auth',
      ]),
    )
    // refresh.access-token presents setup#1's access token, not its refresh token.
    expect(presented).not.toContain(issuedBy('setup#1'))
    expect(presented).toContain(issuedBy('setup#2'))
    expect(presented).toContain(issuedBy('setup#3'))
  })
})
