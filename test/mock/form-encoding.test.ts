/**
 * Strict form parsing (RFC 6749 Appendix B, RFC 7578) and Basic encoding (RFC 6749 §2.3.1) on
 * every bundled mock: a password such as `p@ss w0rd&=ü+%:` and a client secret holding `:` work
 * when a client encodes them correctly, in every correct way, and fail when it does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { FORM_URLENCODED, MULTIPART_FORM_DATA } from '../../src/openapi/token-operation.ts'
import { hasClientAuth, type Profile } from '../../src/openapi/profile.ts'
import {
  clientPart,
  formEncode,
  mainClient,
  placementOf,
  postToken,
  send,
  type Answer,
} from './token-client.ts'

/** The special user, as the mock's defaults have it. */
function specialUser(mock: RunningMock): { username: string; password: string } {
  const user = mock.credentials.specialUser
  if (user === undefined) throw new Error(`the ${mock.profile.name} mock has no special user`)
  return user
}

/** A urlencoded password grant whose username and password are encoded by `encode`. */
function rawGrant(
  mock: RunningMock,
  encode: (value: string) => string,
  user = specialUser(mock),
  headers: Record<string, string> = {},
): Promise<Answer> {
  const client = clientPart(mainClient(mock), placementOf(mock))
  const clientParams = client.params.map(([n, v]) => `${n}=${formEncode(v)}`)
  const body = [
    'grant_type=password',
    `username=${encode(user.username)}`,
    `password=${encode(user.password)}`,
    ...clientParams,
  ].join('&')
  return send(mock, mock.profile.token.path, {
    method: 'POST',
    headers: {
      'content-type': FORM_URLENCODED,
      ...(client.authorization === undefined ? {} : { authorization: client.authorization }),
      ...headers,
    },
    body,
  })
}

const takesUrlencoded = (profile: Profile) =>
  profile.token.requestMediaTypes.some((m) => m.mediaType === FORM_URLENCODED)
const takesMultipart = (profile: Profile) =>
  profile.token.requestMediaTypes.some((m) => m.mediaType === MULTIPART_FORM_DATA)

/** encodeURIComponent: `%20` for a space, which form decoding reads as a space too. */
const percentEncode = (value: string) => encodeURIComponent(value)
/** Encodes everything but leaves `+` as it is: a `+` then reads as a space. */
const plusUnencoded = (value: string) => encodeURIComponent(value).replace(/%2B/g, '+')
/** Latin-1 bytes for non-ASCII letters instead of UTF-8. */
const latin1 = (value: string) =>
  [...value]
    .map((ch) =>
      ch.charCodeAt(0) > 0x7f
        ? `%${ch.charCodeAt(0).toString(16).toUpperCase()}`
        : encodeURIComponent(ch),
    )
    .join('')

describe.each(bundledSpecNames())('the %s mock, special characters', (name) => {
  let mock: RunningMock
  const profile = loadSpec(name).profile

  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
  })
  afterAll(() => mock.close())

  it.runIf(takesUrlencoded(profile)).each([
    ['form-urlencoded (`+` for a space)', formEncode],
    ['percent-encoded (`%20` for a space)', percentEncode],
    ['with lower-case hex digits', (v: string) => percentEncode(v).toLowerCase()],
  ])('issues a token for the special user encoded %s', async (_, encode) => {
    const answer = await rawGrant(mock, encode)
    expect(answer.status, answer.text).toBe(200)
  })

  it.runIf(takesUrlencoded(profile)).each([
    ['not encoded at all', (v: string) => v, 400],
    ['with `+` left unencoded (it reads as a space)', plusUnencoded, 400],
    ['with Latin-1 instead of UTF-8', latin1, 400],
  ])('refuses the special user %s', async (_, encode, status) => {
    const answer = await rawGrant(mock, encode)
    expect(answer.status, answer.text).toBe(status)
    expect(answer.json).not.toHaveProperty('access_token')
  })

  it.runIf(takesMultipart(profile))(
    'issues a token for the special user in multipart/form-data, unencoded',
    async () => {
      const user = specialUser(mock)
      const answer = await postToken(mock, {
        params: [
          ['grant_type', 'password'],
          ['username', user.username],
          ['password', user.password],
        ],
        mediaType: MULTIPART_FORM_DATA,
      })
      expect(answer.status, answer.text).toBe(200)
    },
  )

  it('accepts the form media type in any case and with a charset parameter', async () => {
    for (const contentType of [
      'Application/X-WWW-Form-Urlencoded',
      'application/x-www-form-urlencoded; charset=UTF-8',
    ]) {
      if (!takesUrlencoded(profile)) continue
      const answer = await rawGrant(mock, formEncode, mock.credentials, {
        'content-type': contentType,
      })
      expect(answer.status, `${contentType}: ${answer.text}`).toBe(200)
    }
    expect(takesUrlencoded(profile) || takesMultipart(profile)).toBe(true)
  })
})

/** The specs whose defaults have a confidential client whose id and secret hold `:`, `%`, `+`… */
const withSpecialClient = bundledSpecNames().filter(
  (name) => !hasClientAuth(loadSpec(name).profile, 'none'),
)

describe.each(withSpecialClient)('the %s mock, a client secret with `:`', (name) => {
  let mock: RunningMock
  const profile = loadSpec(name).profile
  const grant = (mock: RunningMock) =>
    [
      ['grant_type', 'password'],
      ['username', mock.credentials.username],
      ['password', mock.credentials.password],
    ] as const

  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
  })
  afterAll(() => mock.close())

  const special = () => {
    const client = mock.credentials.specialClient
    if (client?.clientSecret === undefined) throw new Error(`no special client in ${name}`)
    expect(client.clientSecret).toContain(':')
    return client as { clientId: string; clientSecret: string }
  }
  const basicWith = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`

  it.runIf(hasClientAuth(profile, 'client_secret_basic'))(
    'works in Basic when id and secret are form-encoded before base64 (RFC 6749 §2.3.1)',
    async () => {
      const answer = await postToken(mock, {
        params: grant(mock),
        client: special(),
        placement: 'basic',
      })
      expect(answer.status, answer.text).toBe(200)
    },
  )

  it.runIf(hasClientAuth(profile, 'client_secret_basic'))(
    'fails in Basic with 401 invalid_client when id and secret are not encoded',
    async () => {
      const { clientId, clientSecret } = special()
      const answer = await postToken(mock, {
        params: grant(mock),
        client: null,
        headers: { authorization: basicWith(`${clientId}:${clientSecret}`) },
      })
      expect(answer.status, answer.text).toBe(401)
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/)
    },
  )

  it.runIf(hasClientAuth(profile, 'client_secret_basic'))(
    'fails in Basic when only the id is encoded and the secret is sent raw',
    async () => {
      const { clientId, clientSecret } = special()
      const answer = await postToken(mock, {
        params: grant(mock),
        client: null,
        headers: { authorization: basicWith(`${formEncode(clientId)}:${clientSecret}`) },
      })
      expect(answer.status, answer.text).toBe(401)
    },
  )

  it.runIf(hasClientAuth(profile, 'client_secret_post'))(
    'works in the body, form-encoded',
    async () => {
      const answer = await postToken(mock, {
        params: grant(mock),
        client: special(),
        placement: 'body',
        mediaType: FORM_URLENCODED,
      })
      expect(answer.status, answer.text).toBe(200)
    },
  )
})
