/**
 * `npm run bench:soak`: `tokencheck mock` under 100 connections of mixed traffic for 60 s, as a
 * frontend team hammering it would send: each client signs in, calls the protected resource,
 * gets a wrong password refused, refreshes, calls the resource with the new token, and gets its
 * used refresh token refused (a replay, which revokes the family), over and over. Every answer
 * must be the one expected (0 errors, 0 5xx), and the mock's resident set size, sampled every
 * 5 s, must stay flat: refresh-token and revocation state are bounded.
 *
 * BENCH_SPEC picks the spec (default rfc6749-password: refresh and a protected resource),
 * BENCH_SECONDS the length (default 60), BENCH_CONNECTIONS the connections (default 100).
 */
import { cpus, loadavg } from 'node:os'
import { Pool } from 'undici'
import { credentialsOf, defaultDirectory } from '../src/mock/users.ts'
import { loadSpec } from '../src/openapi/load.ts'
import { freePort, rssOf, startProcess, stop, untilOk } from './support/processes.ts'

const SPEC = process.env['BENCH_SPEC'] ?? 'rfc6749-password'
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 100)
const SAMPLE_MS = 5_000

const { profile } = loadSpec(SPEC)
const resource = profile.protectedResource
if (resource === undefined || !profile.grants.some((g) => g.value === 'refresh_token'))
  throw new Error(`the ${SPEC} spec needs the refresh grant and a protected resource`)
const credentials = credentialsOf(defaultDirectory(profile))
const { clientId, clientSecret } = credentials
if (clientId === undefined || clientSecret === undefined)
  throw new Error(
    `the ${SPEC} spec's default client is public: pick one with a confidential client`,
  )
const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
const tokenHeaders = {
  'content-type': 'application/x-www-form-urlencoded',
  authorization: `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`,
}
const scope = resource.scopes.length > 0 ? `&scope=${form(resource.scopes.join(' '))}` : ''
const login = (password: string) =>
  `grant_type=password&username=${form(credentials.username)}&password=${form(password)}${scope}`

type Step = 'login' | 'resource' | 'wrong password' | 'refresh' | 'replayed refresh'
const EXPECTED: Record<Step, number> = {
  login: 200,
  resource: 200,
  'wrong password': 400,
  refresh: 200,
  'replayed refresh': 400,
}
const counts = new Map<string, number>()
const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
let errors = 0
let serverErrors = 0
const firstErrors: string[] = []

const port = await freePort()
const mock = startProcess(process.execPath, [
  'bin/tokencheck.js',
  'mock',
  SPEC,
  '--port',
  `${port}`,
])
const url = `http://127.0.0.1:${port}`
const pool = new Pool(url, { connections: CONNECTIONS, keepAliveTimeout: 10_000 })

/** Sends one step; its JSON body when the status is the expected one. */
async function step(
  name: Step,
  options: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string },
): Promise<Record<string, unknown> | undefined> {
  try {
    const answer = await pool.request(options)
    const text = await answer.body.text()
    count(`${name} ${answer.statusCode}`)
    if (answer.statusCode >= 500) serverErrors += 1
    if (answer.statusCode !== EXPECTED[name]) {
      errors += 1
      if (firstErrors.length < 5)
        firstErrors.push(`${name}: ${answer.statusCode} ${text.slice(0, 200)}`)
      return undefined
    }
    return answer.statusCode === 200 && text.startsWith('{')
      ? (JSON.parse(text) as Record<string, unknown>)
      : {}
  } catch (error) {
    errors += 1
    count(`${name} failed`)
    if (firstErrors.length < 5) firstErrors.push(`${name}: ${(error as Error).message}`)
    return undefined
  }
}

const bearer = (token: unknown) => ({ authorization: `Bearer ${String(token)}` })
const post = (body: string) => ({
  method: 'POST' as const,
  path: profile.token.path,
  headers: tokenHeaders,
  body,
})

async function client(until: number): Promise<void> {
  while (performance.now() < until) {
    const signedIn = await step('login', post(login(credentials.password)))
    if (signedIn === undefined) continue
    await step('resource', {
      method: 'GET',
      path: resource!.path,
      headers: bearer(signedIn['access_token']),
    })
    await step('wrong password', post(login(`${credentials.password}-wrong`)))
    const refresh = `grant_type=refresh_token&refresh_token=${form(String(signedIn['refresh_token']))}`
    const refreshed = await step('refresh', post(refresh))
    if (refreshed === undefined) continue
    await step('resource', {
      method: 'GET',
      path: resource!.path,
      headers: bearer(refreshed['access_token']),
    })
    await step('replayed refresh', post(refresh))
  }
}

const samples: { second: number; rss: number }[] = []
let total = 0
try {
  await untilOk(
    {
      url: `${url}${profile.token.path}`,
      method: 'POST',
      headers: tokenHeaders,
      body: login(credentials.password),
    },
    performance.now(),
  )
  const started = performance.now()
  samples.push({ second: 0, rss: rssOf(mock.pid!) })
  const sampler = setInterval(() => {
    samples.push({
      second: Math.round((performance.now() - started) / 1000),
      rss: rssOf(mock.pid!),
    })
  }, SAMPLE_MS)
  const until = started + SECONDS * 1000
  await Promise.all(Array.from({ length: CONNECTIONS }, () => client(until)))
  clearInterval(sampler)
  samples.push({ second: Math.round((performance.now() - started) / 1000), rss: rssOf(mock.pid!) })
  total = [...counts.values()].reduce((a, b) => a + b, 0)
  console.log(
    `\nbench:soak, spec ${SPEC}, ${CONNECTIONS} connections, ${SECONDS} s, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}`,
  )
  console.log(
    `${total} requests, ${(total / SECONDS).toFixed(0)}/s: ${[...counts]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}`,
  )
} finally {
  await pool.close()
  await stop(mock)
}

// Flat: after the first 15 s (warm-up, and the refresh store filling to its capacity), the
// resident set size grows by no more than 10 % and 15 MB.
const settled = samples.filter((s) => s.second >= 15)
const base = settled[0]?.rss ?? NaN
const peak = Math.max(...settled.map((s) => s.rss))
const flat = settled.length >= 2 && peak <= Math.max(base * 1.1, base + 15)
console.log(
  `RSS (MB) every ${SAMPLE_MS / 1000} s: ${samples.map((s) => `${s.second}s ${s.rss.toFixed(0)}`).join(', ')}`,
)
console.log(
  `errors ${errors}, 5xx ${serverErrors}; RSS from 15 s on: ${base.toFixed(0)} → peak ${peak.toFixed(0)} MB: ${flat ? 'flat' : 'NOT flat'}`,
)
for (const line of firstErrors) console.log(`  ${line}`)
const ok = errors === 0 && serverErrors === 0 && flat
console.log(ok ? 'verdict: pass' : 'verdict: FAIL')
process.exitCode = ok ? 0 : 1
