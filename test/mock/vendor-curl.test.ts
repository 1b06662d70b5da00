/**
 * The vendor pages' own commands, read from the page copies and run against the mock with the
 * base URL swapped: real `/usr/bin/curl` (no shell), and Wokelo's JavaScript example (its page
 * prints no curl) in Node. Each gets what the vendor promises the reader: a 200 with a JWT that
 * verifies against the mock's key set, or, where the page's values are placeholders, the answer
 * the standard asks for those values.
 */
import { execFile } from 'node:child_process'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import {
  againstMock,
  curlCommands,
  runCurl,
  shellWords,
  vendorPage,
  type CurlAnswer,
} from './vendor-commands.ts'

const mocks = new Map<string, RunningMock>()
beforeAll(async () => {
  for (const spec of ['wogeez', 'wso2-api-cloud', 'auth-login', 'wokelo']) {
    mocks.set(spec, await startMock({ spec, log: false }))
  }
})
afterAll(() => Promise.all([...mocks.values()].map((mock) => mock.close())))

function mockOf(spec: string): RunningMock {
  const mock = mocks.get(spec)
  if (mock === undefined) throw new Error(`no ${spec} mock`)
  return mock
}

/** A 200 token response whose access token is an RS256 JWT signed by the mock's key. */
async function expectJwtResponse(mock: RunningMock, answer: CurlAnswer) {
  expect(answer.status, answer.body).toBe(200)
  expect(answer.contentType).toMatch(/^application\/json/)
  return expectJwtIn(mock, answer.json, answer.body)
}

/** A token response body whose access token is an RS256 JWT signed by the mock's key. */
async function expectJwtIn(
  mock: RunningMock,
  json: Record<string, unknown> | undefined,
  body: string,
): Promise<Record<string, unknown>> {
  const token = json?.['access_token']
  expect(typeof token, body).toBe('string')
  expect(decodeProtectedHeader(String(token)).alg).toBe('RS256')
  const keys = (await (
    await fetch(`${mock.url}${mock.profile.jwks!.path}`)
  ).json()) as JSONWebKeySet
  const { payload } = await jwtVerify(String(token), createLocalJWKSet(keys))
  expect(payload.sub).toBe(mock.credentials.username)
  return json!
}

describe('the Wogeez page’s curl commands', () => {
  const commands = curlCommands(vendorPage('wogeez-openid-connect.txt')).map(shellWords)

  it('are two: the discovery document and the token request', () => {
    expect(commands.map((argv) => argv.slice(0, 3))).toEqual([
      ['curl', '-X', 'GET'],
      ['curl', '-X', 'POST'],
    ])
  })

  it('fetch a discovery document whose issuer and token endpoint are the mock’s', async () => {
    const mock = mockOf('wogeez')
    const answer = await runCurl(againstMock(commands[0]!, mock).slice(1))
    expect(answer.status, answer.body).toBe(200)
    expect(answer.json?.['issuer']).toBe(`${mock.url}/realms/wogeez`)
    expect(answer.json?.['token_endpoint']).toBe(`${mock.url}${mock.profile.token.path}`)
  })

  it('sign in as the page’s example user with the public client wogeez-api', async () => {
    const mock = mockOf('wogeez')
    const argv = againstMock(commands[1]!, mock)
    expect(argv).toContain('client_id=wogeez-api')
    const json = await expectJwtResponse(mock, await runCurl(argv.slice(1)))
    // The page's example response: expires_in 3600, token_type "Bearer".
    expect(json).toMatchObject({ expires_in: 3600, token_type: 'Bearer' })
  })
})

describe('the WSO2 API Cloud page’s curl command', () => {
  const page = vendorPage('wso2-api-cloud-token.txt')
  const commands = curlCommands(page).map(shellWords)

  it('is one token request with placeholders the page says to replace', () => {
    expect(commands).toHaveLength(1)
    expect(commands[0]!.join(' ')).toContain('<username>')
    expect(commands[0]!.join(' ')).toContain('<base64 encoded (consumer key:consumer secret)>')
  })

  it('signs in once its placeholders hold the page’s own example values', async () => {
    const mock = mockOf('wso2-api-cloud')
    // The page's example consumer key and secret, and its example username; it shows no
    // password, so the mock's default one stands in.
    const [, key, secret] = page.match(/combination :(\w+):(\w+)\./)!
    const [, username] = page.match(/the username is (\S+@\S+@\w+)/)!
    const basic = Buffer.from(`${key}:${secret}`).toString('base64')
    const argv = againstMock(commands[0]!, mock).map((arg) =>
      arg
        .replace('<username>', username!)
        .replace('<password>', mock.credentials.password)
        .replace('<base64 encoded (consumer key:consumer secret)>', basic),
    )
    expect([key, secret, username]).toEqual([
      mock.credentials.clientId,
      mock.credentials.clientSecret,
      mock.credentials.username,
    ])
    const json = await expectJwtResponse(mock, await runCurl(argv.slice(1)))
    // "It generates two tokens as an access token and a refresh token" (the page, line 23).
    expect(typeof json['refresh_token']).toBe('string')
    // "User access tokens have a fixed expiration time, which is set to 60 minutes by default."
    expect(json['expires_in']).toBe(3600)
  })
})

describe('the auth-login page’s curl command', () => {
  // The capture ran the command into the operation's summary that follows it on the page.
  const commands = curlCommands(
    vendorPage('auth-login-problem-details.txt'),
    'Authenticate with username',
  ).map(shellWords)

  it('is one token request whose every value is the word `example`', () => {
    expect(commands).toHaveLength(1)
    const data = commands[0]!.filter((_, i) => commands[0]![i - 1] === '--data')
    expect(data).toEqual([
      'grant_type=example',
      'username=example',
      'password=example',
      'scope=',
      'client_id=example',
      'client_secret=example',
    ])
  })

  it('as printed, asks for the grant `example`: a 400 ProblemDetail, as the page documents', async () => {
    const mock = mockOf('auth-login')
    const answer = await runCurl(againstMock(commands[0]!, mock).slice(1))
    // RFC 6749 §5.2 would say unsupported_grant_type; the page answers errors as RFC 9457
    // problem details (a documented deviation), so the status is what a client can rely on.
    expect(answer.status, answer.body).toBe(400)
    expect(answer.contentType).toBe('application/problem+json')
    expect(answer.json).toMatchObject({ status: 400, title: expect.any(String) })
    expect(answer.json).not.toHaveProperty('access_token')
  })

  it('with grant_type=password, signs in as the page’s example user and client', async () => {
    const mock = mockOf('auth-login')
    const argv = againstMock(commands[0]!, mock).map((arg) =>
      arg === 'grant_type=example' ? 'grant_type=password' : arg,
    )
    const json = await expectJwtResponse(mock, await runCurl(argv.slice(1)))
    // The page's TokenResponse requires access_token, refresh_token and expires_in.
    expect(typeof json['refresh_token']).toBe('string')
    expect(typeof json['expires_in']).toBe('number')
  })
})

describe('the Wokelo page', () => {
  const page = vendorPage('wokelo-auth-token.txt')
  // Its only client code: a fetch with FormData, printed twice.
  const start = page.indexOf('const formdata = new FormData();')
  const end = page.indexOf('.catch((error) => console.error(error));', start)
  const snippet = page.slice(start, end + '.catch((error) => console.error(error));'.length)
  const fields = [...snippet.matchAll(/formdata\.append\("(\w+)", "([^"]*)"\);/g)].map(
    ([, name, value]) => [name!, value!] as const,
  )

  it('prints no curl command, but a fetch of {{path}}/auth/token/ with five form fields', () => {
    expect(curlCommands(page)).toEqual([])
    expect(start).toBeGreaterThan(-1)
    expect(snippet).toContain('fetch("{{path}}/auth/token/", requestOptions)')
    expect(fields.map(([name]) => name)).toEqual([
      'username',
      'password',
      'grant_type',
      'client_id',
      'client_secret',
    ])
  })

  it('its JavaScript example, run as printed in Node, gets a JWT', async () => {
    const mock = mockOf('wokelo')
    const code = snippet.replace('{{path}}', mock.url)
    expect(code).not.toMatch(/https?:\/\/(?!127\.0\.0\.1:)/)
    const printed = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', code],
        { env: { PATH: process.env['PATH'] ?? '' } },
        (error, stdout, stderr) => (error === null ? resolve(stdout) : reject(new Error(stderr))),
      )
    })
    // The example prints the body only; a token that verifies is the proof of a 200.
    const json = await expectJwtIn(mock, JSON.parse(printed) as Record<string, unknown>, printed)
    // The page's example response: "scope": "read write", and a refresh token.
    expect(json).toMatchObject({ token_type: 'Bearer', scope: 'read write' })
    expect(typeof json['refresh_token']).toBe('string')
  })

  it('the same fields as curl multipart form-data (curl’s FormData) get a JWT', async () => {
    const mock = mockOf('wokelo')
    const argv = [
      '--location',
      '--request',
      'POST',
      ...fields.flatMap(([name, value]) => ['--form-string', `${name}=${value}`]),
      `${mock.url}${mock.profile.token.path}`,
    ]
    const answer = await runCurl(argv)
    await expectJwtResponse(mock, answer)
  })
})
