/**
 * Every error case of the token endpoint (RFC 6749 §2.3, §3.2, §4.3.2, §5.2) on every bundled
 * mock, in the vendor's style: RFC 6749 JSON error codes, or auth-login's ProblemDetails with the
 * same statuses. A case only applies where the spec has what it varies (Basic, body secrets, a
 * public client).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { hasClientAuth, type Profile } from '../../src/openapi/profile.ts'
import {
  basicOf,
  mainClient,
  postToken,
  send,
  urlencoded,
  type Answer,
  type Params,
} from './token-client.ts'
import { expectVendorError } from './vendor-error.ts'

interface ErrorCase {
  name: string
  appliesTo: (profile: Profile) => boolean
  send: (mock: RunningMock) => Promise<Answer>
  status: number | ((mock: RunningMock) => number)
  error: string
  /** The challenge a 401 must carry (RFC 6749 §5.2 after a Basic attempt). */
  challenge?: RegExp
}

const always = () => true
const takesBasic = (profile: Profile) => hasClientAuth(profile, 'client_secret_basic')
const takesPost = (profile: Profile) => hasClientAuth(profile, 'client_secret_post')
const isPublic = (profile: Profile) => hasClientAuth(profile, 'none')
/** A body attempt that fails: 401 where the API takes Basic (with a challenge), else 400. */
const invalidClientStatus = (mock: RunningMock) => (takesBasic(mock.profile) ? 401 : 400)

const user = (mock: RunningMock): Params => [
  ['username', mock.credentials.username],
  ['password', mock.credentials.password],
]
const grant = (mock: RunningMock, extra: Params = []): Params => [
  ['grant_type', 'password'],
  ...user(mock),
  ...extra,
]

const CASES: ErrorCase[] = [
  {
    name: 'grant_type missing',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: user(mock) }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'grant_type empty (RFC 6749 §3.2: empty is omitted)',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: [['grant_type', ''], ...user(mock)] }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'username missing',
    appliesTo: always,
    send: (mock) =>
      postToken(mock, {
        params: [
          ['grant_type', 'password'],
          ['password', mock.credentials.password],
        ],
      }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'password empty',
    appliesTo: always,
    send: (mock) =>
      postToken(mock, {
        params: [
          ['grant_type', 'password'],
          ['username', mock.credentials.username],
          ['password', ''],
        ],
      }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'refresh_token missing',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: [['grant_type', 'refresh_token']] }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'an unknown grant type',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: [['grant_type', 'client_credentials']] }),
    status: 400,
    error: 'unsupported_grant_type',
  },
  {
    name: 'a grant type that differs in case only',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: [['grant_type', 'Password'], ...user(mock)] }),
    status: 400,
    error: 'unsupported_grant_type',
  },
  {
    name: 'a wrong password',
    appliesTo: always,
    send: (mock) =>
      postToken(mock, {
        params: [
          ['grant_type', 'password'],
          ['username', mock.credentials.username],
          ['password', `${mock.credentials.password}x`],
        ],
      }),
    status: 400,
    error: 'invalid_grant',
  },
  {
    name: 'an unknown user',
    appliesTo: always,
    send: (mock) =>
      postToken(mock, {
        params: [
          ['grant_type', 'password'],
          ['username', 'nobody@example.org'],
          ['password', mock.credentials.password],
        ],
      }),
    status: 400,
    error: 'invalid_grant',
  },
  {
    name: 'a repeated parameter (different values)',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: grant(mock, [['username', 'someone-else']]) }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a repeated parameter (the same value)',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: grant(mock, [['grant_type', 'password']]) }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a repeated unknown parameter is still a repeat',
    appliesTo: always,
    send: (mock) =>
      postToken(mock, {
        params: grant(mock, [
          ['x-extra', '1'],
          ['x-extra', '2'],
        ]),
      }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'every parameter in the query string, none in the body',
    appliesTo: always,
    send: (mock) => postToken(mock, { params: [], query: `?${urlencoded(grant(mock))}` }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'the password in the query string, the rest in the body',
    appliesTo: always,
    send: (mock) =>
      postToken(mock, {
        params: [
          ['grant_type', 'password'],
          ['username', mock.credentials.username],
        ],
        query: `?${urlencoded([['password', mock.credentials.password]])}`,
      }),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'client credentials in Basic and in the body',
    appliesTo: takesBasic,
    send: (mock) => {
      const { clientId, clientSecret = '' } = mainClient(mock)
      return postToken(mock, {
        params: grant(mock, [
          ['client_id', clientId],
          ['client_secret', clientSecret],
        ]),
        client: null,
        headers: { authorization: basicOf(clientId, clientSecret) },
      })
    },
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a wrong client secret in Basic',
    appliesTo: takesBasic,
    send: (mock) =>
      postToken(mock, {
        params: grant(mock),
        client: { clientId: mainClient(mock).clientId, clientSecret: 'wrong-secret' },
        placement: 'basic',
      }),
    status: 401,
    error: 'invalid_client',
    challenge: /^Basic( |$)/,
  },
  {
    name: 'an unknown client in Basic',
    appliesTo: takesBasic,
    send: (mock) =>
      postToken(mock, {
        params: grant(mock),
        client: { clientId: 'no-such-client', clientSecret: 'whatever' },
        placement: 'basic',
      }),
    status: 401,
    error: 'invalid_client',
    challenge: /^Basic( |$)/,
  },
  {
    name: 'Basic credentials that are not base64 of id:secret',
    appliesTo: takesBasic,
    send: (mock) =>
      postToken(mock, {
        params: grant(mock),
        client: null,
        headers: { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
      }),
    status: 401,
    error: 'invalid_client',
    challenge: /^Basic( |$)/,
  },
  {
    name: 'Basic credentials at an API whose clients are public',
    appliesTo: isPublic,
    send: (mock) =>
      postToken(mock, {
        params: grant(mock),
        client: { clientId: mainClient(mock).clientId, clientSecret: 'anything' },
        placement: 'basic',
      }),
    // RFC 6749 §5.2: after a Basic attempt, 401 with the Basic challenge, whatever the API takes.
    status: 401,
    error: 'invalid_client',
    challenge: /^Basic( |$)/,
  },
  {
    name: 'a wrong client secret in the body',
    appliesTo: takesPost,
    send: (mock) =>
      postToken(mock, {
        params: grant(mock),
        client: { clientId: mainClient(mock).clientId, clientSecret: 'wrong-secret' },
        placement: 'body',
      }),
    status: invalidClientStatus,
    error: 'invalid_client',
  },
  {
    name: 'a client secret in the body at a Basic-only API',
    appliesTo: (profile) => takesBasic(profile) && !takesPost(profile),
    send: (mock) => postToken(mock, { params: grant(mock), placement: 'body' }),
    status: invalidClientStatus,
    error: 'invalid_client',
  },
  {
    name: 'a confidential client that does not authenticate',
    appliesTo: (profile) => !isPublic(profile),
    send: (mock) => postToken(mock, { params: grant(mock), client: null }),
    status: invalidClientStatus,
    error: 'invalid_client',
  },
  {
    name: 'a confidential client that sends only its client_id',
    appliesTo: (profile) => !isPublic(profile),
    send: (mock) =>
      postToken(mock, {
        params: grant(mock),
        client: { clientId: mainClient(mock).clientId },
        placement: 'public',
      }),
    status: invalidClientStatus,
    error: 'invalid_client',
  },
  {
    name: 'an unknown public client',
    appliesTo: isPublic,
    send: (mock) =>
      postToken(mock, {
        params: grant(mock),
        client: { clientId: 'no-such-client' },
        placement: 'public',
      }),
    status: 400,
    error: 'invalid_client',
  },
  {
    name: 'no client_id at an API whose clients are public',
    appliesTo: isPublic,
    send: (mock) => postToken(mock, { params: grant(mock), client: null }),
    status: 400,
    error: 'invalid_client',
  },
]

describe.each(bundledSpecNames())('the %s mock refuses', (name) => {
  let mock: RunningMock

  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
  })
  afterAll(() => mock.close())

  const cases = CASES.filter((c) => c.appliesTo(loadSpec(name).profile))
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, errorCase) => {
    const answer = await errorCase.send(mock)
    const status =
      typeof errorCase.status === 'function' ? errorCase.status(mock) : errorCase.status
    expectVendorError(mock, answer, status, errorCase.error)
    const challenge = answer.headers.get('www-authenticate')
    if (errorCase.challenge !== undefined) expect(challenge).toMatch(errorCase.challenge)
    // RFC 9110 §15.5.2: every 401 carries a challenge.
    if (answer.status === 401) expect(challenge).toMatch(/\S/)
    expect(answer.json).not.toHaveProperty('access_token')
  })

  it('a GET with 405 and Allow: POST', async () => {
    const answer = await send(mock, mock.profile.token.path)
    expectVendorError(mock, answer, 405, 'invalid_request')
    expect(answer.headers.get('allow')).toBe('POST')
  })

  it('a GET carrying valid credentials in the query, without issuing a token', async () => {
    const query = urlencoded([
      ['grant_type', 'password'],
      ['username', mock.credentials.username],
      ['password', mock.credentials.password],
    ])
    const answer = await send(mock, `${mock.profile.token.path}?${query}`)
    expect(answer.status).toBe(405)
    expect(answer.json).not.toHaveProperty('access_token')
  })
})

describe('the error cases', () => {
  it('leave out, for each spec, only the cases about what it does not have', () => {
    const left: Record<string, string[]> = {}
    for (const name of bundledSpecNames()) {
      left[name] = CASES.filter((c) => !c.appliesTo(loadSpec(name).profile)).map((c) => c.name)
    }
    const publicCases = [
      'Basic credentials at an API whose clients are public',
      'an unknown public client',
      'no client_id at an API whose clients are public',
    ]
    expect(left).toEqual({
      'auth-login': [
        ...publicCases.slice(0, 1),
        'a client secret in the body at a Basic-only API',
        ...publicCases.slice(1),
      ],
      'rfc6749-password': [
        ...publicCases.slice(0, 1),
        'a client secret in the body at a Basic-only API',
        ...publicCases.slice(1),
      ],
      wokelo: [
        ...publicCases.slice(0, 1),
        'a client secret in the body at a Basic-only API',
        ...publicCases.slice(1),
      ],
      'wso2-api-cloud': [
        ...publicCases.slice(0, 1),
        'a wrong client secret in the body',
        ...publicCases.slice(1),
      ],
      wogeez: [
        'client credentials in Basic and in the body',
        'a wrong client secret in Basic',
        'an unknown client in Basic',
        'Basic credentials that are not base64 of id:secret',
        'a wrong client secret in the body',
        'a client secret in the body at a Basic-only API',
        'a confidential client that does not authenticate',
        'a confidential client that sends only its client_id',
      ],
    })
  })
})
