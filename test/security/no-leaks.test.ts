/**
 * No log line, header or body of the mock holds a password, a client secret or a token it
 * issued, in any encoding. Each bundled mock gets a users file of canary credentials, then valid
 * logins, wrong passwords and secrets (in the body, in Basic, in both, in the query string, badly
 * encoded, repeated), refreshes with used and unknown tokens, Prism's error injection, and
 * resource calls with valid and tampered tokens; every log line and every answer (status line,
 * headers, body) is searched for each canary and each issued token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { rawRequest } from '../hardening/raw-http.ts'
import {
  basicOf,
  postToken,
  send,
  urlencoded,
  type Answer,
  type Params,
  type TokenCall,
} from '../mock/token-client.ts'
import { CANARY, encodingsOf, leaksIn } from './canary.ts'
import { partsOf, withPayload } from './forge.ts'

const USERNAME = 'canary.user@example.org@canaryorg'
const CANARIES: Record<string, string> = { ...CANARY }

describe('the canary detector', () => {
  it.each(Object.keys(encodingsOf(CANARY.secret)))('finds a secret written %s', (encoding) => {
    const text = `before ${encodingsOf(CANARY.secret)[encoding]} after`
    expect(leaksIn(text, { secret: CANARY.secret })).toContain(`secret (${encoding})`)
  })

  it.each([0, 1, 2, 5])('finds a secret in a Basic header after a %i-character id', (length) => {
    const header = basicOf('x'.repeat(length), CANARY.secret)
    expect(leaksIn(header, { secret: CANARY.secret }).length).toBeGreaterThan(0)
  })

  it('finds a secret echoed with its special characters rewritten', () => {
    const text = CANARY.secret.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "'")
    expect(leaksIn(`got ${text}`, { secret: CANARY.secret })).toContain(
      'secret (its unreserved run 1, raw)',
    )
  })

  it('finds nothing in text without the secret, or with only its common prefix', () => {
    expect(leaksIn('{"error":"invalid_grant"} Cn4ry-sec', { secret: CANARY.secret })).toEqual([])
  })
})

/** Every request sent and what came back, for the search and for the controls. */
interface Transcript {
  sent: string[]
  answers: { label: string; text: string; issuing: boolean }[]
  log: string[]
  /** Access and refresh tokens the mock issued. */
  issued: string[]
}

function answerText(answer: Answer): string {
  const headers: string[] = []
  answer.headers.forEach((value, name) => headers.push(`${name}: ${value}`))
  return [String(answer.status), ...headers, '', answer.text].join('\n')
}

describe.each(bundledSpecNames())('the %s mock with canary credentials', (name) => {
  let mock: RunningMock
  let dir: string
  const t: Transcript = { sent: [], answers: [], log: [], issued: [] }

  const record = (label: string, answer: Answer) => {
    const issuing = answer.status === 200 && typeof answer.json?.['access_token'] === 'string'
    // Prism answers from the spec's examples: their tokens are public, not issued.
    if (issuing && !label.startsWith('Prism')) {
      for (const member of ['access_token', 'refresh_token']) {
        const token = answer.json?.[member]
        if (typeof token === 'string') t.issued.push(token)
      }
    }
    t.answers.push({ label, text: answerText(answer), issuing })
    return answer
  }
  const token = (label: string, call: TokenCall) => {
    t.sent.push(JSON.stringify(call))
    return postToken(mock, call).then((answer) => record(label, answer))
  }
  const raw = (label: string, path: string, init: RequestInit) => {
    t.sent.push(JSON.stringify(init))
    return send(mock, path, init).then((answer) => record(label, answer))
  }
  const login = (password: string, username = USERNAME): Params => [
    ['grant_type', 'password'],
    ['username', username],
    ['password', password],
  ]

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokencheck-canary-'))
    const { profile } = loadSpec(name)
    const publicOnly = profile.clientAuthentication.every((m) => m.value === 'none')
    const fixed = profile.clients.find((client) => client.type === 'public')?.clientId
    const clients = publicOnly
      ? [
          { clientId: fixed ?? 'canary-public' },
          { clientId: 'canary-confidential', clientSecret: CANARY.secret },
        ]
      : [{ clientId: 'canary-client', clientSecret: CANARY.secret }]
    const usersFile = join(dir, 'users.yaml')
    writeFileSync(
      usersFile,
      stringify({ users: [{ username: USERNAME, password: CANARY.password }], clients }),
    )
    mock = await startMock({ spec: name, users: usersFile, log: (line) => t.log.push(line) })
    await drive()
  })
  afterAll(async () => {
    await mock.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const main = () => {
    const client = mock.directory.clients[0]!
    return client.clientSecret === undefined
      ? { clientId: client.clientId }
      : { clientId: client.clientId, clientSecret: client.clientSecret }
  }
  const wrongSecret = () => ({ clientId: main().clientId, clientSecret: CANARY.wrongSecret })
  const tokenPath = () => mock.profile.token.path
  const resourcePath = () => mock.profile.protectedResource!.path

  async function drive(): Promise<void> {
    const scopes = mock.profile.protectedResource?.scopes ?? []
    const scope: Params = scopes.length === 0 ? [] : [['scope', scopes.join(' ')]]
    const first = await token('valid login', { params: [...login(CANARY.password), ...scope] })
    if (first.status !== 200)
      throw new Error(`expected a token, got ${first.status}: ${first.text}`)
    await token('wrong password', { params: login(CANARY.wrongPassword) })
    await token('unknown user', { params: login(CANARY.password, 'nobody@example.org@none') })
    await token('wrong secret in the body', {
      params: login(CANARY.password),
      client: wrongSecret(),
      placement: 'body',
    })
    await token('wrong secret in Basic', {
      params: login(CANARY.password),
      client: wrongSecret(),
      placement: 'basic',
    })
    await token('the secret in Basic and the body', {
      params: [...login(CANARY.password), ['client_secret', CANARY.secret]],
      client: wrongSecret(),
      placement: 'basic',
    })
    await token('a Basic header that is not form-urlencoded', {
      params: login(CANARY.password),
      client: null,
      headers: {
        authorization: `Basic ${Buffer.from(`canary-client:%zz${CANARY.secret}`).toString('base64')}`,
      },
    })
    await token('credentials in the query string', {
      params: login(CANARY.password),
      query: `?password=${encodeURIComponent(CANARY.password)}&client_secret=${encodeURIComponent(CANARY.secret)}`,
    })
    await token('the password given twice', {
      params: [...login(CANARY.password), ['password', CANARY.wrongPassword]],
    })
    await raw('bad percent-encoding after the password', tokenPath(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${urlencoded(login(CANARY.password))}%zz&client_secret=${encodeURIComponent(CANARY.secret)}`,
    })
    await raw('a JSON body', tokenPath(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: USERNAME,
        password: CANARY.password,
        client_secret: CANARY.secret,
      }),
    })
    await raw('a body over the limit', tokenPath(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `password=${encodeURIComponent(CANARY.password)}&pad=${'x'.repeat(70_000)}`,
    })
    for (const code of ['200', '400', '401', '599']) {
      await token(`Prism's answer to Prefer: code=${code}`, {
        params: login(CANARY.password),
        headers: { prefer: `code=${code}` },
      })
    }
    const accessToken = String(first.json?.['access_token'])
    const refreshToken = first.json?.['refresh_token']
    if (typeof refreshToken === 'string') {
      const refresh = (label: string, value: string, client = main()) =>
        token(label, {
          params: [
            ['grant_type', 'refresh_token'],
            ['refresh_token', value],
          ],
          client,
        })
      await refresh('a refresh with a wrong secret', refreshToken, wrongSecret())
      await refresh('a valid refresh', refreshToken)
      await refresh('a replayed refresh token', refreshToken)
      await refresh('an unknown refresh token', `${refreshToken.slice(0, -4)}AAAA`)
    }
    const bearer = (label: string, value: string, query = '') =>
      raw(label, `${resourcePath()}${query}`, { headers: { authorization: `Bearer ${value}` } })
    await bearer('the resource, a valid token', accessToken)
    await raw(
      'the resource, a valid token in the query',
      `${resourcePath()}?access_token=${encodeURIComponent(accessToken)}`,
      {},
    )
    await bearer(
      'the resource, a token in the header and the query',
      accessToken,
      `?access_token=${encodeURIComponent(accessToken)}`,
    )
    const { payload } = partsOf(accessToken)
    await bearer(
      'the resource, a tampered token',
      withPayload(accessToken, { ...payload, sub: 'admin' }),
    )
    await bearer('the resource, a truncated token', accessToken.slice(0, -10))
    await raw('the resource, Basic credentials', resourcePath(), {
      headers: { authorization: basicOf(main().clientId, CANARY.secret) },
    })
    const unparsable = await rawRequest(
      mock.port,
      `POST ${tokenPath()}?password=${encodeURIComponent(CANARY.password)} HTTP/1.1\r\nHost: x\r\nX-Secret: ${encodeURIComponent(CANARY.secret)}\u0001\r\n\r\n`,
    )
    t.answers.push({
      label: 'an unparsable request',
      text: [unparsable.status, JSON.stringify(unparsable.headers), unparsable.body].join('\n'),
      issuing: false,
    })
  }

  it('the controls: the canaries were sent, tokens were issued and every request was logged', () => {
    const sent = t.sent.join('\n')
    for (const label of ['password', 'wrongPassword', 'secret', 'wrongSecret']) {
      expect(leaksIn(sent, { [label]: CANARIES[label]! }), label).not.toEqual([])
    }
    expect(t.issued.length).toBeGreaterThanOrEqual(1)
    expect(t.log.length).toBeGreaterThanOrEqual(t.answers.length)
  })

  it('no log line holds a canary or an issued token', () => {
    const secrets = { ...CANARIES, ...issuedSecrets(t.issued) }
    const leaks = t.log.flatMap((line) =>
      leaksIn(line, secrets).map((leak) => `${leak} in \`${line}\``),
    )
    expect(leaks).toEqual([])
  })

  it('no answer holds a canary, and only the answer that issued a token holds it', () => {
    const leaks = t.answers.flatMap(({ label, text, issuing }) => {
      const secrets = issuing ? CANARIES : { ...CANARIES, ...issuedSecrets(t.issued) }
      return leaksIn(text, secrets).map((leak) => `${leak} in the answer to ${label}`)
    })
    expect(leaks).toEqual([])
  })
})

/** Each issued token, and the signature of each JWT alone (its header and payload are not secret). */
function issuedSecrets(tokens: readonly string[]): Record<string, string> {
  const secrets: Record<string, string> = {}
  tokens.forEach((value, index) => {
    secrets[`issued token ${index}`] = value
    const signature = value.split('.')[2]
    if (signature !== undefined && signature.length >= 32)
      secrets[`the signature of issued token ${index}`] = signature
  })
  return secrets
}
