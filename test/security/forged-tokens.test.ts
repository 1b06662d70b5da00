/**
 * The protected resource of every bundled mock refuses every token it did not issue as it is, each
 * with 401 and `WWW-Authenticate: Bearer … error="invalid_token"` (RFC 6750 §3.1): `alg: none`,
 * HS256 keyed with the public key (key confusion, RFC 8725 §2.1), another key under the same
 * `kid`, a tampered payload or header, expiry, a future `nbf`, another audience or issuer, an
 * unknown `kid`, a type other than `at+jwt` (RFC 9068 §4), and another mock's token.
 *
 * The forgeries that need the mock's own key are signed in this process with the key pair every
 * mock of the process shares (src/mock/keys.ts), under the mock's `kid`: the negative control, a
 * token re-signed that way with every claim right, is accepted, so each refusal is for the one
 * thing changed.
 */
import { createHmac, createPublicKey, randomUUID } from 'node:crypto'
import {
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type JWTPayload,
} from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKey } from '../../src/mock/keys.ts'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames } from '../../src/spec/load.ts'
import { accessTokenOf, passwordGrant, send } from '../mock/token-client.ts'

/** The scope a token needs for each spec's resource (WSO2's needs `update`). */
const RESOURCE_SCOPE: Record<string, string | undefined> = { 'wso2-api-cloud': 'update' }

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

type Header = Record<string, unknown>

interface Forge {
  mock: RunningMock
  valid: string
  header: Header
  claims: JWTPayload
  other: RunningMock
}

/** A token signed with the mock's own key pair, under the header and claims given. */
async function signed(header: Header, claims: JWTPayload): Promise<string> {
  const { privateKey } = await createSigningKey()
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: 'RS256' }).sign(privateKey)
}

/** Fresh `iat`, `exp` and `jti`: what the mock would put in a token issued now. */
function fresh(claims: JWTPayload): JWTPayload {
  const now = Math.floor(Date.now() / 1000)
  return { ...claims, iat: now, exp: now + 300, jti: randomUUID() }
}

function hs256(header: Header, claims: JWTPayload, secret: Buffer | string): string {
  const input = `${b64({ ...header, alg: 'HS256' })}.${b64(claims)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

async function publicKeyForms(mock: RunningMock, kid: unknown) {
  const jwksPath = mock.profile.jwks?.path
  if (jwksPath === undefined) throw new Error(`the ${mock.profile.name} spec has no key set`)
  const jwks = (await send(mock, jwksPath)).json as { keys: { kid?: string }[] }
  const jwk = jwks.keys.find((key) => key.kid === kid)
  if (jwk === undefined) throw new Error(`the key set has no key ${String(kid)}`)
  const key = createPublicKey({ key: jwk as never, format: 'jwk' })
  return {
    pem: key.export({ type: 'spki', format: 'pem' }).toString(),
    der: key.export({ type: 'spki', format: 'der' }),
    jwk: JSON.stringify(jwk),
  }
}

/** Each forgery: how it is made from the mock's valid token and key. */
const FORGERIES: Record<string, (f: Forge) => Promise<string> | string> = {
  'alg none, with the trailing dot': ({ header, claims }) =>
    `${b64({ ...header, alg: 'none' })}.${b64(fresh(claims))}.`,
  'alg none, without the trailing dot': ({ header, claims }) =>
    `${b64({ ...header, alg: 'none' })}.${b64(fresh(claims))}`,
  'alg none, with the valid signature kept': ({ valid, header }) => {
    const [, payload, signature] = valid.split('.')
    return `${b64({ ...header, alg: 'none' })}.${payload}.${signature}`
  },
  'HS256 keyed with the public key, PEM': async ({ mock, header, claims }) =>
    hs256(header, fresh(claims), (await publicKeyForms(mock, header['kid'])).pem),
  'HS256 keyed with the public key, DER': async ({ mock, header, claims }) =>
    hs256(header, fresh(claims), (await publicKeyForms(mock, header['kid'])).der),
  'HS256 keyed with the public key, JWK': async ({ mock, header, claims }) =>
    hs256(header, fresh(claims), (await publicKeyForms(mock, header['kid'])).jwk),
  'signed by another RSA key under the same kid': async ({ header, claims }) => {
    const { privateKey } = await generateKeyPair('RS256')
    return new SignJWT(fresh(claims))
      .setProtectedHeader({ ...header, alg: 'RS256' })
      .sign(privateKey)
  },
  'the payload tampered (sub), the signature kept': ({ valid, claims }) => {
    const [head, , signature] = valid.split('.')
    return `${head}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`
  },
  'the payload tampered (exp a day later), the signature kept': ({ valid, claims }) => {
    const [head, , signature] = valid.split('.')
    return `${head}.${b64({ ...claims, exp: (claims.exp ?? 0) + 86_400 })}.${signature}`
  },
  'the header tampered (kid), the signature kept': ({ valid, header }) => {
    const [, payload, signature] = valid.split('.')
    return `${b64({ ...header, kid: `${String(header['kid'])}x` })}.${payload}.${signature}`
  },
  'the signature cut short': ({ valid }) => valid.slice(0, -10),
  expired: ({ header, claims }) => {
    const now = Math.floor(Date.now() / 1000)
    return signed(header, { ...claims, iat: now - 600, exp: now - 300, jti: randomUUID() })
  },
  'nbf in the future': ({ header, claims }) =>
    signed(header, { ...fresh(claims), nbf: Math.floor(Date.now() / 1000) + 300 }),
  'another audience': ({ header, claims }) =>
    signed(header, { ...fresh(claims), aud: 'https://api.example.com/' }),
  'another issuer': ({ header, claims }) =>
    signed(header, { ...fresh(claims), iss: 'https://login.example.com/' }),
  'an unknown kid': ({ header, claims }) =>
    signed({ ...header, kid: 'not-a-key-of-this-mock' }, fresh(claims)),
  'no kid': ({ header, claims }) => {
    const { kid: _, ...withoutKid } = header
    return signed(withoutKid, fresh(claims))
  },
  'typ JWT instead of at+jwt (RFC 9068 §4)': ({ header, claims }) =>
    signed({ ...header, typ: 'JWT' }, fresh(claims)),
  'no exp': ({ header, claims }) => {
    const { exp: _, ...rest } = fresh(claims)
    return signed(header, rest)
  },
  "another mock's token": async ({ other }) => {
    const scope = RESOURCE_SCOPE[other.profile.name]
    return accessTokenOf(await passwordGrant(other, scope === undefined ? [] : [['scope', scope]]))
  },
}

describe.each(bundledSpecNames())('the %s mock, a forged or stale token', (name) => {
  const forge = {} as Forge
  let path: string

  beforeAll(async () => {
    // Two mocks of the same spec: the same key pair, another kid, another port (issuer).
    const [mock, other] = await Promise.all([
      startMock({ spec: name, log: false }),
      startMock({ spec: name, log: false }),
    ])
    const scope = RESOURCE_SCOPE[name]
    const valid = accessTokenOf(
      await passwordGrant(mock, scope === undefined ? [] : [['scope', scope]]),
    )
    const resource = mock.profile.protectedResource
    if (resource === undefined) throw new Error(`the ${name} spec has no protected resource`)
    path = resource.path
    Object.assign(forge, {
      mock,
      other,
      valid,
      header: decodeProtectedHeader(valid) as Header,
      claims: decodeJwt(valid),
    })
  })
  afterAll(() => Promise.all([forge.mock?.close(), forge.other?.close()]))

  const present = (token: string) =>
    send(forge.mock, path, { headers: { authorization: `Bearer ${token}` } })

  it('accepts the token it issued, and the same claims re-signed with its key (the control)', async () => {
    expect((await present(forge.valid)).status).toBe(200)
    const resigned = await signed(forge.header, fresh(forge.claims))
    const answer = await present(resigned)
    expect(answer.status, answer.text).toBe(200)
  })

  it.each(Object.keys(FORGERIES))(
    'refuses %s with 401 and error="invalid_token"',
    async (forgery) => {
      const token = await FORGERIES[forgery]!(forge)
      expect(token).not.toBe(forge.valid)
      const answer = await present(token)
      expect(answer.status, answer.text).toBe(401)
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/)
    },
  )
})

describe('a token that expires while in use', () => {
  it('is accepted until its exp and refused after it', async () => {
    const mock = await startMock({
      spec: 'rfc6749-password',
      log: false,
      lifetimes: { accessToken: 1 },
    })
    try {
      const token = accessTokenOf(await passwordGrant(mock))
      const get = () =>
        send(mock, mock.profile.protectedResource!.path, {
          headers: { authorization: `Bearer ${token}` },
        })
      expect((await get()).status).toBe(200)
      const exp = decodeJwt(token).exp!
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 1_100))
      const answer = await get()
      expect(answer.status).toBe(401)
      expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/)
      expect(answer.headers.get('www-authenticate')).toMatch(/expired/)
    } finally {
      await mock.close()
    }
  })
})

// exportSPKI is jose's: it gives the same PEM as node's export, as a cross-check of the key form.
it('the PEM used for key confusion is the key set public key', async () => {
  const mock = await startMock({ spec: 'rfc6749-password', log: false })
  try {
    const token = accessTokenOf(await passwordGrant(mock))
    const { pem } = await publicKeyForms(mock, decodeProtectedHeader(token).kid)
    const { publicKey } = await createSigningKey()
    expect(pem.trim()).toBe((await exportSPKI(publicKey)).trim())
  } finally {
    await mock.close()
  }
})
