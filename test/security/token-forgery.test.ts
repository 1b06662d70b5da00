/**
 * The protected resource of every bundled mock against forged and altered access tokens (RFC
 * 8725, RFC 9068 §4): each is refused with 401 and `WWW-Authenticate: Bearer …,
 * error="invalid_token"` (RFC 6750 §3.1). Tokens are forged with the process's own RSA key pair
 * (`createSigningKey()` hands out the pair every mock of the process signs with, under a new
 * `kid`), so a forged token differs from a valid one only in what its case changes; the cases the
 * resource must accept, re-signed the same way, show the forging itself is faithful.
 */
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { createSigningKey } from '../../src/mock/keys.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { accessTokenOf, passwordGrant, send, type Answer } from '../mock/token-client.ts'
import { expectVendorError } from '../mock/vendor-error.ts'
import {
  hmacSigned,
  keySigned,
  partsOf,
  PUBLIC_KEY_FORMS,
  publicKeyForms,
  unsigned,
  withHeader,
  withPayload,
  type Json,
} from './forge.ts'

/** What a case builds its token from. */
interface Context {
  /** A token the mock issued for its resource's scopes, its header and payload. */
  token: string
  header: Json
  payload: Json
  /** The mock's public key as its JWKS serves it. */
  jwk: JWK
  /** The private key of the pair the mock signs with (the process's one pair). */
  ownKey: CryptoKey
  /** A key of another pair, and its public JWK. */
  otherKey: CryptoKey
  otherJwk: JWK
  /** A token another mock of the same spec issued, in the same process. */
  otherToken: string
  now: number
}

type Case = readonly [string, (c: Context) => string | Promise<string>]

/** Re-signed with the mock's own key: only the change the case names differs from a valid token. */
const ownSigned = (c: Context, header: Json, payload: Json) => keySigned(header, payload, c.ownKey)
const claims = (c: Context, change: Json) => ownSigned(c, c.header, { ...c.payload, ...change })
const without = (c: Context, claim: string) => {
  const { [claim]: _, ...rest } = c.payload
  return ownSigned(c, c.header, rest)
}

const ACCEPTED: readonly Case[] = [
  ['the token the mock issued', (c) => c.token],
  ['the same header and claims re-signed with its key', (c) => ownSigned(c, c.header, c.payload)],
  [
    'typ `application/at+jwt` (RFC 9068 §4 allows the long form)',
    (c) => ownSigned(c, { ...c.header, typ: 'application/at+jwt' }, c.payload),
  ],
  [
    'an "aud" array that holds its audience (RFC 7519 §4.1.3)',
    (c) => claims(c, { aud: ['https://elsewhere.example', c.payload['aud']] }),
  ],
]

const ALG_NONE: readonly Case[] = [
  ['`alg: none`, unsigned, with the final dot', (c) => unsigned(none(c, 'none'), c.payload)],
  ['`alg: none` without the final dot', (c) => unsigned(none(c, 'none'), c.payload, false)],
  ['`alg: None`', (c) => unsigned(none(c, 'None'), c.payload)],
  ['`alg: NONE`', (c) => unsigned(none(c, 'NONE'), c.payload)],
  ['`alg: nOnE`', (c) => unsigned(none(c, 'nOnE'), c.payload)],
  ['`alg: none` with the original signature kept', (c) => withHeader(c.token, none(c, 'none'))],
]

function none(c: Context, alg: string): Json {
  return { ...c.header, alg }
}

const KEY_CONFUSION: readonly Case[] = PUBLIC_KEY_FORMS.map((form): Case => [
  `HS256 keyed with the public key, ${form} (RFC 8725 §2.1)`,
  (c) => hmacSigned(alg(c, 'HS256'), c.payload, publicKeyForms(c.jwk)[form]),
])

const OTHER_KEYS: readonly Case[] = [
  [
    'signed by another RSA key under the same kid',
    (c) => keySigned(c.header, c.payload, c.otherKey),
  ],
  [
    'signed by another RSA key that it carries in its `jwk` header (RFC 8725 §3.10)',
    (c) => keySigned({ ...c.header, jwk: c.otherJwk }, c.payload, c.otherKey),
  ],
  [
    'PS256 with the mock’s own key (RFC 8725 §3.1)',
    (c) => ownSigned(c, alg(c, 'PS256'), c.payload),
  ],
  ['RS512 with the mock’s own key', (c) => ownSigned(c, alg(c, 'RS512'), c.payload)],
  [
    'a critical header extension it does not know (RFC 7515 §4.1.11)',
    (c) => ownSigned(c, { ...c.header, crit: ['tokencheck-x'], 'tokencheck-x': 1 }, c.payload),
  ],
]

function alg(c: Context, value: string): Json {
  return { ...c.header, alg: value }
}

const TAMPERED: readonly Case[] = [
  [
    'its "sub" changed, signature kept',
    (c) => withPayload(c.token, { ...c.payload, sub: 'admin' }),
  ],
  [
    'its "scope" widened, signature kept',
    (c) =>
      withPayload(c.token, { ...c.payload, scope: `${c.payload['scope'] ?? ''} admin`.trim() }),
  ],
  [
    'its "exp" pushed a year on, signature kept',
    (c) => withPayload(c.token, { ...c.payload, exp: c.now + 365 * 86_400 }),
  ],
  [
    'its header given an extra member, signature kept',
    (c) => withHeader(c.token, { ...c.header, x: 1 }),
  ],
  [
    'its header "alg" changed to RS512, signature kept',
    (c) => withHeader(c.token, alg(c, 'RS512')),
  ],
  ['its signature emptied', (c) => c.token.slice(0, c.token.lastIndexOf('.') + 1)],
  [
    'its signature taken from another valid token',
    (c) => `${c.token.slice(0, c.token.lastIndexOf('.'))}.${partsOf(c.otherToken).signature}`,
  ],
]

const CLAIMS: readonly Case[] = [
  ['expired ("exp" 10 s ago)', (c) => claims(c, { iat: c.now - 3610, exp: c.now - 10 })],
  ['expiring now ("exp" equal to the current time)', (c) => claims(c, { exp: c.now })],
  ['without "exp" (RFC 9068 §2.2)', (c) => without(c, 'exp')],
  ['with a string "exp"', (c) => claims(c, { exp: String(c.now + 3600) })],
  ['"nbf" a minute ahead', (c) => claims(c, { nbf: c.now + 60 })],
  ['"nbf" an hour ahead', (c) => claims(c, { nbf: c.now + 3600 })],
  ['for another audience', (c) => claims(c, { aud: 'https://api.other.example' })],
  ['for an array of other audiences', (c) => claims(c, { aud: ['https://a.example', 'b'] })],
  ['without "aud"', (c) => without(c, 'aud')],
  ['from another issuer', (c) => claims(c, { iss: 'https://issuer.other.example' })],
  [
    'from the issuer of another mock of the process',
    (c) => claims(c, { iss: partsOf(c.otherToken).payload['iss'] }),
  ],
  ['without "iss"', (c) => without(c, 'iss')],
  [
    'an unknown kid',
    (c) => ownSigned(c, { ...c.header, kid: 'tokencheck-000000000000' }, c.payload),
  ],
  ['no kid', (c) => ownSigned(c, { alg: 'RS256', typ: 'at+jwt' }, c.payload)],
  [
    'the kid of another mock of the process (same key pair)',
    (c) => ownSigned(c, { ...c.header, kid: partsOf(c.otherToken).header['kid'] }, c.payload),
  ],
  ['typ `JWT` (RFC 9068 §4)', (c) => ownSigned(c, { ...c.header, typ: 'JWT' }, c.payload)],
  ['no typ', (c) => ownSigned(c, { alg: 'RS256', kid: c.header['kid'] }, c.payload)],
  ['a token another mock of the process issued', (c) => c.otherToken],
]

const withResource = bundledSpecNames().filter(
  (name) => loadSpec(name).profile.protectedResource !== undefined,
)

let otherPair: Promise<{ privateKey: CryptoKey; publicJwk: JWK }> | undefined
function anotherKeyPair() {
  otherPair ??= generateKeyPair('RS256').then(async (pair) => ({
    privateKey: pair.privateKey,
    publicJwk: await exportJWK(pair.publicKey),
  }))
  return otherPair
}

/** A token for the scopes the mock's resource needs. */
async function tokenFor(mock: RunningMock): Promise<string> {
  const scopes = mock.profile.protectedResource?.scopes ?? []
  const extra = scopes.length === 0 ? [] : ([['scope', scopes.join(' ')]] as const)
  return accessTokenOf(await passwordGrant(mock, extra))
}

function presentTo(mock: RunningMock, token: string): Promise<Answer> {
  return send(mock, mock.profile.protectedResource!.path, {
    headers: { authorization: `Bearer ${token}` },
  })
}

describe.each(withResource)('the %s mock’s protected resource', (name) => {
  let mock: RunningMock
  let other: RunningMock
  let c: Context

  const present = (token: string) => presentTo(mock, token)

  beforeAll(async () => {
    ;[mock, other] = await Promise.all([
      startMock({ spec: name, log: false }),
      startMock({ spec: name, log: false }),
    ])
    const token = await tokenFor(mock)
    const keys = await send(mock, mock.profile.jwks!.path)
    const jwk = (keys.json?.['keys'] as JWK[] | undefined)?.[0]
    if (jwk === undefined) throw new Error(`expected a key in the JWKS, got ${keys.text}`)
    const pair = await anotherKeyPair()
    const { header, payload } = partsOf(token)
    c = {
      token,
      header,
      payload,
      jwk,
      ownKey: (await createSigningKey()).privateKey,
      otherKey: pair.privateKey,
      otherJwk: pair.publicJwk,
      otherToken: await tokenFor(other),
      now: Math.floor(Date.now() / 1000),
    }
  })
  afterAll(() => Promise.all([mock.close(), other.close()]))

  it.each(ACCEPTED)(
    'accepts %s (the control: a refusal below is the case’s doing)',
    async (_, build) => {
      const answer = await present(await build(c))
      expect(answer.status, answer.text).toBe(200)
    },
  )

  describe.each([
    ['alg none', ALG_NONE],
    ['key confusion', KEY_CONFUSION],
    ['other keys and algorithms', OTHER_KEYS],
    ['tampering', TAMPERED],
    ['claims and header checks', CLAIMS],
  ] as const)('%s', (_, cases) => {
    it.each(cases)('refuses a token %s: 401 invalid_token', async (_, build) => {
      const answer = await present(await build(c))
      expectVendorError(mock, answer, 401, 'invalid_token')
      expect(answer.headers.get('www-authenticate')).toMatch(
        new RegExp(`^Bearer realm="${mock.profile.name}", error="invalid_token"`),
      )
    })
  })

  it('refuses its own token once the token’s lifetime has passed', async () => {
    const token = await tokenFor(mock)
    expect((await present(token)).status).toBe(200)
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + (mock.accessTokenLifetime + 1) * 1000)
      const answer = await present(token)
      expectVendorError(mock, answer, 401, 'invalid_token')
      expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/)
    } finally {
      vi.useRealTimers()
    }
  })

  it('refuses `alg: none` in the access_token query parameter too', async () => {
    const token = unsigned(none(c, 'none'), c.payload)
    const answer = await send(
      mock,
      `${mock.profile.protectedResource!.path}?access_token=${encodeURIComponent(token)}`,
    )
    expectVendorError(mock, answer, 401, 'invalid_token')
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/)
  })
})

describe('every bundled mock of one process, side by side', () => {
  const mocks = new Map<string, RunningMock>()
  const tokens = new Map<string, string>()

  beforeAll(async () => {
    for (const name of withResource) {
      const mock = await startMock({ spec: name, log: false })
      mocks.set(name, mock)
      tokens.set(name, await tokenFor(mock))
    }
  })
  afterAll(() => Promise.all([...mocks.values()].map((mock) => mock.close())))

  const pairs = withResource.flatMap((from) => withResource.map((to) => [from, to] as const))

  it.each(pairs)(
    'the %s mock’s token at the %s mock’s resource: 200 at its own, 401 invalid_token elsewhere',
    async (from, to) => {
      const mock = mocks.get(to)!
      const answer = await presentTo(mock, tokens.get(from)!)
      if (from === to) {
        expect(answer.status, answer.text).toBe(200)
        return
      }
      expectVendorError(mock, answer, 401, 'invalid_token')
      expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/)
    },
  )
})
