import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Credentials } from '../../src/scenarios/index.ts'
import type { Profile } from '../../src/openapi/profile.ts'
import { startAuthority, type Authority, type AuthorityOptions } from '../support/authority.ts'
import {
  CLIENTS,
  FULL_CREDENTIALS,
  USERS,
  endpointsOf,
  profileWith,
  runAgainst,
  SPECIAL_USER,
} from './harness.ts'

const authorities: Authority[] = []
async function authority(options: AuthorityOptions = {}) {
  const started = await startAuthority({ users: USERS, clients: CLIENTS, ...options })
  authorities.push(started)
  return started
}
afterAll(() => Promise.all(authorities.map((a) => a.close())))

const without = <K extends keyof Credentials>(key: K): Credentials => {
  const copy = { ...FULL_CREDENTIALS }
  delete copy[key]
  return copy
}

interface SkipCase {
  name: string
  selected: string[]
  profile?: (profile: Profile) => Partial<Profile>
  credentials?: Credentials
  server?: AuthorityOptions
  maxWaitSeconds?: number
  noResource?: boolean
  expected: Record<string, string>
}

const REFRESH_IDS = [
  'refresh.valid',
  'refresh.reused',
  'refresh.garbage',
  'refresh.other-client',
  'refresh.wider-scope',
]

const cases: SkipCase[] = [
  {
    name: 'no refresh grant in the spec',
    selected: REFRESH_IDS,
    profile: (p) => ({ grants: p.grants.filter((g) => g.value === 'password') }),
    expected: Object.fromEntries(
      REFRESH_IDS.map((id) => [id, 'the spec documents no `refresh_token` grant']),
    ),
  },
  {
    name: 'no second client',
    selected: ['refresh.other-client'],
    credentials: without('client2'),
    expected: {
      'refresh.other-client':
        'needs a second client: set TOKENCHECK_CLIENT2_ID and TOKENCHECK_CLIENT2_SECRET',
    },
  },
  {
    name: 'no special-characters user',
    selected: ['password.special-characters', 'password.special-characters-unencoded'],
    credentials: without('specialUser'),
    expected: Object.fromEntries(
      ['password.special-characters', 'password.special-characters-unencoded'].map((id) => [
        id,
        'needs a user whose username and password hold special characters: set TOKENCHECK_SPECIAL_USERNAME and TOKENCHECK_SPECIAL_PASSWORD',
      ]),
    ),
  },
  {
    name: 'no special-characters client',
    selected: ['client.secret-special-characters-basic'],
    credentials: without('specialClient'),
    expected: {
      'client.secret-special-characters-basic':
        'needs a client whose secret holds special characters: set TOKENCHECK_SPECIAL_CLIENT_ID and TOKENCHECK_SPECIAL_CLIENT_SECRET',
    },
  },
  {
    name: 'a client id without its secret, for a spec that needs one',
    selected: ['password.valid', 'client.none', 'client.basic-and-body'],
    credentials: { ...FULL_CREDENTIALS, client: { clientId: 'client-1' } },
    expected: {
      'password.valid':
        'none of the client authentication methods the spec allows (`client_secret_basic`, `client_secret_post`) can be used without a client secret: set TOKENCHECK_CLIENT_SECRET',
      'client.none': "needs a confidential client's secret: set TOKENCHECK_CLIENT_SECRET",
      'client.basic-and-body': "needs a confidential client's secret: set TOKENCHECK_CLIENT_SECRET",
    },
  },
  {
    name: 'a public client only',
    selected: ['client.none', 'client.wrong-secret-basic', 'client.wrong-secret-body'],
    profile: () => ({ clientAuthentication: [{ value: 'none', source: 'vendor-doc' }] }),
    expected: {
      'client.none': 'the spec documents a public client only (client authentication `none`)',
      'client.wrong-secret-basic':
        'the spec allows no HTTP Basic client authentication (`client_secret_basic`)',
      'client.wrong-secret-body':
        'the spec allows no client credentials in the body (`client_secret_post`)',
    },
  },
  {
    name: 'a token lifetime over --max-wait',
    selected: ['resource.expired-token'],
    server: { accessLifetime: 60 },
    maxWaitSeconds: 5,
    expected: {
      'resource.expired-token':
        'the access token lives 60 s ("expires_in"), longer than --max-wait 5 s',
    },
  },
  {
    name: 'an opaque access token',
    selected: ['resource.alg-none-token'],
    expected: { 'resource.alg-none-token': 'the access token is not a JWT' },
  },
  {
    name: 'no protected resource',
    selected: ['resource.valid-token', 'resource.no-token'],
    noResource: true,
    expected: {
      'resource.valid-token': 'the spec names no protected resource; pass --protected-resource',
      'resource.no-token': 'the spec names no protected resource; pass --protected-resource',
    },
  },
  {
    name: 'a special user whose characters mean the same unencoded',
    selected: ['password.special-characters-unencoded'],
    credentials: { ...FULL_CREDENTIALS, specialUser: { username: 'ann é@:', password: 'p w=@:ü' } },
    expected: {
      'password.special-characters-unencoded':
        'the special-characters user has no `&`, `+` or `%`: sent unencoded, its credentials would mean the same',
    },
  },
  {
    name: 'a token operation documenting multipart only',
    selected: ['password.special-characters-unencoded'],
    profile: (p) => ({
      token: {
        ...p.token,
        requestMediaType: 'multipart/form-data',
        requestMediaTypes: [
          { mediaType: 'multipart/form-data', source: 'vendor-doc', examples: [] },
        ],
      },
    }),
    expected: {
      'password.special-characters-unencoded':
        'the token operation documents no application/x-www-form-urlencoded body to send unencoded',
    },
  },
  {
    name: 'a server that refuses the real user',
    selected: ['resource.valid-token', 'refresh.valid'],
    server: { users: { alice: 'another password' } },
    expected: {
      'resource.valid-token':
        '`password.valid` obtained no access token to present (its last answer: `400` with "error" `invalid_grant`)',
      'refresh.valid':
        'no password grant succeeded, so there is no refresh token to use (its last answer: `400` with "error" `invalid_grant`)',
    },
  },
]

describe('scenarios the target cannot serve are skipped with the reason', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const server = await authority(c.server)
    const endpoints = endpointsOf(
      server,
      c.noResource === true
        ? {
            protectedResourceUrl: undefined,
            unavailable: {
              protectedResource: 'the spec names no protected resource; pass --protected-resource',
            },
          }
        : {},
    )
    if (c.noResource === true) delete endpoints.protectedResourceUrl
    const run = await runAgainst(server, {
      selected: c.selected,
      profile: profileWith(c.profile),
      ...(c.credentials === undefined ? {} : { credentials: c.credentials }),
      ...(c.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: c.maxWaitSeconds }),
      endpoints,
    })
    for (const [id, reason] of Object.entries(c.expected)) {
      expect(run.record(id), id).toMatchObject({ status: 'skipped', reason, exchangeIds: [] })
    }
  })
})

describe('scenarios that need scopes', () => {
  let server: Authority
  beforeAll(async () => {
    server = await authority({ supportedScopes: ['read', 'update'], resourceScope: 'update' })
  })

  const scoped = (p: Profile): Partial<Profile> => ({
    scopes: { supported: ['read', 'update'], source: 'vendor-doc' },
    protectedResource: { ...p.protectedResource!, scopes: ['update'] },
  })

  it('asks for the resource scope in password.valid, and gets a working token', async () => {
    const run = await runAgainst(server, {
      selected: ['resource.valid-token'],
      profile: profileWith(scoped),
    })
    const body = server.at('/token').at(-1)!.body
    expect(new URLSearchParams(body).get('scope')).toBe('update')
    expect(run.exchangesOf('resource.valid-token')[0]?.response?.status).toBe(200)
  })

  it('presents a token without the resource scope for resource.insufficient-scope', async () => {
    const run = await runAgainst(server, {
      selected: ['resource.insufficient-scope'],
      profile: profileWith(scoped),
    })
    expect(run.exchangesOf('setup').map((e) => e.label)).toEqual([
      'for resource.insufficient-scope',
    ])
    expect(run.exchangesOf('setup')[0]?.request.body).toContain('scope=read')
    expect(run.exchangesOf('resource.insufficient-scope')[0]?.response?.status).toBe(403)
  })

  it('refreshes a narrow grant asking for every supported scope in refresh.wider-scope', async () => {
    const run = await runAgainst(server, {
      selected: ['refresh.wider-scope'],
      profile: profileWith(scoped),
    })
    expect(run.exchangesOf('setup')[0]?.request.body).toContain('scope=read')
    const refresh = run.exchangesOf('refresh.wider-scope')[0]
    expect(refresh?.request.body).toContain('scope=read+update')
    expect(refresh?.response?.json).toEqual({ error: 'invalid_scope' })
  })
})

describe('lock-out-prone repeats', () => {
  it.each([
    [false, /^tokencheck-[0-9a-f]{12}$/, 'attempt 1'],
    [true, /^alice$/, 'real user, attempt 1'],
  ])('with --allow-lockout-risk %s, the username matches %s', async (allow, username, label) => {
    const server = await authority()
    const run = await runAgainst(server, {
      selected: ['password.repeated-wrong-password'],
      allowLockoutRisk: allow,
    })
    const sent = server.at('/token').map((r) => new URLSearchParams(r.body).get('username'))
    expect(sent).toHaveLength(10)
    for (const name of sent) expect(name).toMatch(username)
    expect(run.exchangesOf('password.repeated-wrong-password')[0]?.label).toBe(label)
  })

  it('sends the real username with a wrong password once only', async () => {
    const server = await authority()
    await runAgainst(server, { selected: ['password.wrong-password'] })
    const sent = server.at('/token').map((r) => new URLSearchParams(r.body))
    expect(sent.map((p) => p.get('username'))).toEqual(['alice'])
    expect(sent[0]?.get('password')).not.toBe(USERS.alice)
  })

  it('shapes an unknown username to the spec username pattern', async () => {
    const server = await authority()
    await runAgainst(server, {
      selected: ['password.unknown-user'],
      profile: profileWith(() => ({
        usernamePattern: { value: '^[^@\\s]+@[^@\\s]+@[^@\\s]+$', source: 'vendor-doc' },
      })),
    })
    const name = new URLSearchParams(server.at('/token')[0]!.body).get('username')
    expect(name).toMatch(/^tokencheck-[0-9a-f]{12}@example\.invalid@tokencheck$/)
    expect(name).not.toBe(SPECIAL_USER.username)
  })
})

describe('a spec documenting multipart/form-data', () => {
  it('sends multipart by default, form-urlencoded as the other media type, and an empty multipart body with params.in-query', async () => {
    const server = await authority()
    await runAgainst(server, {
      selected: ['password.valid', 'body.other-media-type', 'params.in-query'],
      profile: profileWith((p) => ({
        token: {
          ...p.token,
          requestMediaType: 'multipart/form-data',
          requestMediaTypes: [
            { mediaType: 'multipart/form-data', source: 'vendor-doc', examples: [] },
            { mediaType: 'application/x-www-form-urlencoded', source: 'rfc6749', examples: [] },
          ],
        },
      })),
    })
    const [valid, , , inQuery, other] = server.at('/token')
    expect(valid?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(valid?.body).toContain('name="grant_type"\r\n\r\npassword\r\n')
    expect(other?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(new URLSearchParams(other?.body).get('username')).toBe('alice')
    expect(inQuery?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=(.+)$/)
    const boundary = /boundary=(.+)$/.exec(inQuery!.headers['content-type']!)![1]
    expect(inQuery?.body).toBe(`--${boundary}--\r\n`)
    expect(new URL(inQuery!.url, 'http://x').searchParams.get('password')).toBe('wonder land')
  })
})
