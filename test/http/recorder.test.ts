import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpClient } from '../../src/http/client.ts'
import { basicAuthorization, formUrlencoded } from '../../src/http/form.ts'
import { Recorder } from '../../src/http/recorder.ts'
import { REDACTED, Redactor } from '../../src/http/redact.ts'
import { fingerprint } from '../../src/http/token-facts.ts'
import { leaksIn } from '../support/leaks.ts'
import { httpServer, type Running } from '../support/servers.ts'

const PASSWORD = 'p@ss wörd+&="%'
const CLIENT_SECRET = 'sec:ret/+ é'
const jwt = [
  Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'at+jwt' })).toString('base64url'),
  Buffer.from(JSON.stringify({ sub: 'alice', exp: 2000000000 })).toString('base64url'),
  Buffer.alloc(256, 7).toString('base64url'),
].join('.')
const REFRESH = 'r3fr3sh-t0ken-value-0123456789'

let server: Running
let client: HttpClient

beforeAll(async () => {
  server = await httpServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('x-echo-token', jwt)
      res.end(
        JSON.stringify({
          access_token: jwt,
          refresh_token: REFRESH,
          token_type: 'Bearer',
          expires_in: 60,
          echo: `you sent ${body} with ${req.headers.authorization ?? ''}`,
        }),
      )
    })
  })
  client = new HttpClient()
})
afterAll(async () => {
  await client.close()
  await server.close()
})

describe('Recorder.send', () => {
  async function sendOne() {
    const redactor = new Redactor()
    redactor.addSecret(PASSWORD)
    redactor.addClient('client-1', CLIENT_SECRET)
    const recorder = new Recorder(client, redactor)
    const sent = await recorder.send(
      'password.valid',
      {
        method: 'POST',
        url: `${server.url}/token?password=${encodeURIComponent(PASSWORD)}`,
        headers: [
          ['content-type', 'application/x-www-form-urlencoded'],
          ['authorization', basicAuthorization('client-1', CLIENT_SECRET)],
        ],
        body: formUrlencoded([
          ['grant_type', 'password'],
          ['username', 'alice'],
          ['password', PASSWORD],
        ]),
      },
      'client_secret_basic',
    )
    return { recorder, sent }
  }

  it('records no secret and no learned token, in any encoding, anywhere in the exchange', async () => {
    const { sent } = await sendOne()
    const text = JSON.stringify(sent.exchange)
    expect(
      leaksIn(text, { password: PASSWORD, secret: CLIENT_SECRET, jwt, refresh: REFRESH }, [
        ['client-1', CLIENT_SECRET],
      ]),
    ).toEqual([])
    expect(sent.exchange.request.body).toBe(
      `grant_type=password&username=alice&password=${REDACTED}`,
    )
    expect(sent.exchange.request.url).toBe(`${server.url}/token?password=${REDACTED}`)
  })

  it('computes the token facts from the real tokens', async () => {
    const { sent } = await sendOne()
    const [access, refresh] = sent.exchange.response?.tokens ?? []
    expect(access).toEqual({
      field: 'access_token',
      length: jwt.length,
      fingerprint: fingerprint(jwt),
      vschar: true,
      alphabet: 'vschar',
      jwt: {
        header: { alg: 'RS256', typ: 'at+jwt' },
        claims: { sub: 'alice', exp: 2000000000 },
        signatureBytes: 256,
      },
    })
    expect(refresh).toMatchObject({
      field: 'refresh_token',
      length: REFRESH.length,
      alphabet: 'base64url',
    })
  })

  it('gives the scenario the real tokens and JSON, and keeps the redacted JSON', async () => {
    const { sent } = await sendOne()
    expect(sent.tokens).toEqual({ access_token: jwt, refresh_token: REFRESH })
    expect((sent.json as Record<string, unknown>)['access_token']).toBe(jwt)
    expect(sent.exchange.response?.json).toMatchObject({
      access_token: REDACTED,
      refresh_token: REDACTED,
      token_type: 'Bearer',
      expires_in: 60,
    })
    expect(sent.exchange.response?.headers).toContainEqual(['x-echo-token', REDACTED])
  })

  it('numbers exchanges per scenario and keeps them in order', async () => {
    const redactor = new Redactor()
    const recorder = new Recorder(client, redactor)
    await recorder.send('a', { method: 'GET', url: server.url })
    await recorder.send('b', { method: 'GET', url: server.url })
    await recorder.send('a', { method: 'GET', url: server.url }, 'again')
    expect(recorder.exchanges.map((e) => [e.id, e.scenario, e.label])).toEqual([
      ['a#1', 'a', undefined],
      ['b#1', 'b', undefined],
      ['a#2', 'a', 'again'],
    ])
  })
})
