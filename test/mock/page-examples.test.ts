/**
 * The vendor pages' own examples, run as they are printed against the mocks: their curl commands
 * through the real `curl`, and their JavaScript `fetch` snippets in a sandbox, with only the base
 * URL swapped for the mock's (and, where a page prints placeholders, the mock's credentials put
 * in, URL-encoded as the page says). Read from the page copies in specs/vendor-docs/, so they are
 * the page's text, not a retyping of it.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { loadSpec } from '../../src/spec/load.ts'

const CURL = '/usr/bin/curl'
const run = promisify(execFile)

const page = (file: string) =>
  readFileSync(new URL(`../../specs/vendor-docs/${file}`, import.meta.url), 'utf8')

/**
 * A shell command's words as sh reads them: single quotes literal, double quotes with `\"` and
 * `\\`, and a backslash before a line break (or, where the page flattened its lines, before a
 * space) a continuation.
 */
export function shellWords(command: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < command.length; i += 1) {
    const c = command[i]!
    if (c === '\\' && /\s/.test(command[i + 1] ?? ' ')) {
      if (word !== undefined) words.push(word)
      word = undefined
      i += 1
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1)
      if (end === -1) throw new Error(`an unclosed ' in ${command}`)
      word = (word ?? '') + command.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      let j = i + 1
      word ??= ''
      for (; j < command.length && command[j] !== '"'; j += 1) {
        if (command[j] === '\\' && /["\\$`]/.test(command[j + 1] ?? '')) j += 1
        word += command[j]
      }
      if (j >= command.length) throw new Error(`an unclosed " in ${command}`)
      i = j
    } else if (c === '\\') {
      word = (word ?? '') + (command[i + 1] ?? '')
      i += 1
    } else {
      word = (word ?? '') + c
    }
  }
  if (word !== undefined) words.push(word)
  return words
}

const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)

/** The page's URL on the mock: the spec's server URL (any port) becomes the mock's. */
function onMock(url: string, mock: RunningMock, serverUrl: string): string {
  const server = new URL(serverUrl.replace(/\{[^}]*\}/g, 'x'))
  const given = new URL(url)
  if (given.hostname !== server.hostname) throw new Error(`${url} is not on ${serverUrl}`)
  const prefix = server.pathname.replace(/\/$/, '')
  if (!given.pathname.startsWith(prefix)) throw new Error(`${url} is not under ${serverUrl}`)
  return `${mock.url}${given.pathname.slice(prefix.length)}${given.search}`
}

interface CurlCase {
  spec: string
  file: string
  /** Where the command is in the page's text. */
  find: RegExp
  /** Placeholders the page prints and what the mock's credentials make of them. */
  fill?: (mock: RunningMock) => Record<string, string>
  expectStatus: number
  expectBody: (body: Record<string, unknown>, mock: RunningMock) => void
}

const isJwt = (value: unknown) => expect(value).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

const CURL_CASES: Record<string, CurlCase> = {
  "Wogeez's discovery document": {
    spec: 'wogeez',
    file: 'wogeez-openid-connect.txt',
    find: /curl -X GET "[^"]+"/,
    expectStatus: 200,
    expectBody: (body, mock) => {
      expect(body['issuer']).toBe(`${mock.url}/realms/wogeez`)
      expect(body['token_endpoint']).toBe(`${mock.url}${mock.profile.token.path}`)
    },
  },
  "Wogeez's password grant, as printed (its placeholders are the mock's default user)": {
    spec: 'wogeez',
    file: 'wogeez-openid-connect.txt',
    find: /curl -X POST "[^"]+token" \\\n(?:-[dH] "[^"]+"(?: \\\n)?)+/,
    expectStatus: 200,
    expectBody: (body) => isJwt(body['access_token']),
  },
  "WSO2's Token API call, its placeholders filled": {
    spec: 'wso2-api-cloud',
    file: 'wso2-api-cloud-token.txt',
    find: /curl -k .*\/token/,
    fill: (mock) => ({
      '<username>': form(mock.credentials.username),
      '<password>': form(mock.credentials.password),
      '<base64 encoded (consumer key:consumer secret)>': Buffer.from(
        `${mock.credentials.clientId}:${mock.credentials.clientSecret}`,
      ).toString('base64'),
    }),
    expectStatus: 200,
    expectBody: (body) => {
      isJwt(body['access_token'])
      expect(typeof body['refresh_token']).toBe('string')
    },
  },
  "auth-login's curl, as printed: its grant_type is `example`": {
    spec: 'auth-login',
    file: 'auth-login-problem-details.txt',
    find: /curl --request POST .*?client_secret=example(?=Authenticate)/,
    expectStatus: 400,
    expectBody: (body) => {
      expect(body['status']).toBe(400)
      expect(typeof body['title']).toBe('string')
    },
  },
  "auth-login's curl with grant_type=password (its other values are the mock's default user)": {
    spec: 'auth-login',
    file: 'auth-login-problem-details.txt',
    find: /curl --request POST .*?client_secret=example(?=Authenticate)/,
    fill: () => ({ 'grant_type=example': 'grant_type=password' }),
    expectStatus: 200,
    expectBody: (body) => isJwt(body['access_token']),
  },
}

const mocks = new Map<string, RunningMock>()
beforeAll(async () => {
  for (const spec of ['wogeez', 'wso2-api-cloud', 'auth-login', 'wokelo'])
    mocks.set(spec, await startMock({ spec, log: false }))
})
afterAll(() => Promise.all([...mocks.values()].map((mock) => mock.close())))

describe("the vendor pages' curl commands, run by curl against the mocks", () => {
  it(`${CURL} is installed (.ci/run installs it)`, () => {
    expect(existsSync(CURL), `${CURL} is missing: apt-get install curl`).toBe(true)
  })

  it.each(Object.keys(CURL_CASES))('%s', async (name) => {
    const c = CURL_CASES[name]!
    const mock = mocks.get(c.spec)!
    const found = c.find.exec(page(c.file))
    if (found === null) throw new Error(`no curl command in ${c.file} matches ${c.find}`)
    let command = found[0]
    for (const [placeholder, value] of Object.entries(c.fill?.(mock) ?? {})) {
      expect(command, `the page prints ${placeholder}`).toContain(placeholder)
      command = command.split(placeholder).join(value)
    }
    const [program, ...args] = shellWords(command)
    expect(program).toBe('curl')
    const { servers } = loadSpec(c.spec).document.data as { servers: { url: string }[] }
    const serverUrl = servers[0]!.url
    // Every URL of the page's command is swapped for the mock's: nothing leaves this machine.
    const local = args.map((arg) => (/^https?:\/\//.test(arg) ? onMock(arg, mock, serverUrl) : arg))
    expect(local.filter((arg) => /^https?:\/\//.test(arg))).toHaveLength(1)
    expect(local.join(' ')).not.toMatch(/https?:\/\/(?!127\.0\.0\.1[:/])/)
    const { stdout } = await run(CURL, [
      ...local,
      '--silent',
      '--show-error',
      '--max-time',
      '10',
      '--write-out',
      '\n%{http_code}',
    ])
    const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1))
    const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n'))) as Record<string, unknown>
    expect(status, stdout).toBe(c.expectStatus)
    c.expectBody(body, mock)
  })
})

describe("the vendor pages' JavaScript fetch examples, run against the mocks", () => {
  /** Runs a page's snippet in a sandbox with fetch and FormData; what it logs. */
  async function runSnippet(code: string): Promise<unknown[]> {
    expect(code).not.toMatch(/https?:\/\/(?!127\.0\.0\.1[:/])/)
    const logged: unknown[] = []
    let done: () => void = () => undefined
    const finished = new Promise<void>((resolve) => (done = resolve))
    const record = (value: unknown) => {
      logged.push(value)
      done()
    }
    const sandbox = { fetch, FormData, URLSearchParams, console: { log: record, error: record } }
    await runInNewContext(`(async () => { ${code} })()`, sandbox)
    await finished
    return logged
  }

  it("Wokelo's example signs in its example user (multipart form-data, the secret in the body)", async () => {
    const mock = mocks.get('wokelo')!
    const code = /const formdata[\s\S]*?\.catch\(\(error\) => console\.error\(error\)\);/.exec(
      page('wokelo-auth-token.txt'),
    )?.[0]
    expect(code).toContain('{{path}}')
    const [result] = await runSnippet(code!.replace('{{path}}', mock.url))
    const body = JSON.parse(String(result)) as Record<string, unknown>
    isJwt(body['access_token'])
    expect(body['token_type']).toBe('Bearer')
  })

  it("auth-login's example, as printed, is refused in RFC 9457 style (its grant_type is `example`)", async () => {
    const mock = mocks.get('auth-login')!
    const code = /const url = [\s\S]*?console\.error\(error\);\}/.exec(
      page('auth-login-problem-details.txt'),
    )?.[0]
    expect(code).toContain('https://example.com/api/auth/login')
    const [result] = await runSnippet(
      code!.replace('https://example.com/api/auth/login', `${mock.url}/auth/login`),
    )
    expect(result).toMatchObject({ status: 400, title: expect.any(String) })
  })

  it("auth-login's example with grant_type 'password' signs in", async () => {
    const mock = mocks.get('auth-login')!
    const code = /const url = [\s\S]*?console\.error\(error\);\}/.exec(
      page('auth-login-problem-details.txt'),
    )![0]
    const [result] = await runSnippet(
      code
        .replace('https://example.com/api/auth/login', `${mock.url}/auth/login`)
        .replace("grant_type: 'example'", "grant_type: 'password'"),
    )
    expect(result).toMatchObject({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    })
  })
})

describe('shellWords', () => {
  it.each<[string, string[]]>([
    [`curl -d "a=b c" -H 'X: "y"'`, ['curl', '-d', 'a=b c', '-H', 'X: "y"']],
    ['curl a \\\n-d b', ['curl', 'a', '-d', 'b']],
    ['curl a \\ --url b', ['curl', 'a', '--url', 'b']],
    ['curl "q\\"x"', ['curl', 'q"x']],
    ['curl --data scope=', ['curl', '--data', 'scope=']],
  ])('reads %j', (command, words) => {
    expect(shellWords(command)).toEqual(words)
  })
})
