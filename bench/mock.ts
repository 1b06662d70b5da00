/**
 * `npm run bench:mock`: token issuance (a password grant, RS256) under load, with autocannon, for
 * three servers on the same request: the mock (`tokencheck mock`), the ceiling (a plain
 * `node:http` + `jose` server doing the same parse-and-sign, bench/support/ceiling-server.ts) and
 * `prism mock` on the same spec (which answers the spec's example, signing nothing). Then the
 * mock's cold start to its first 200, its first error-injection answer (a `Prefer` sent as the
 * banner shows), and its resident set size over 100,000 requests.
 *
 * Each server runs in its own process; autocannon runs in this one. tokencheck runs as it is
 * installed, from the build (`npm run bench:mock` builds first). BENCH_SPEC picks the spec
 * (default rfc6749-password), BENCH_SECONDS the length of each load (default 10), BENCH_ONLY=start
 * measures the starts alone (no load, no RSS).
 * Goals: ≥ 0.7× the ceiling, ≥ 1.5× Prism, p99 ≤ 5 ms at 10 connections, cold start to the first
 * 200 ≤ 0.4 s and ≤ 0.3× Prism's, the first `Prefer` answer ≤ 0.2 s, `tokencheck --help` ≤ 0.2 s,
 * RSS ≤ 120 MB and flat.
 */
import autocannon from 'autocannon'
import { spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { prepareNextKeyPair } from '../src/mock/key-pair.ts'
import { credentialsOf, defaultDirectory } from '../src/mock/users.ts'
import { loadSpec } from '../src/openapi/load.ts'
import { firstPrefer, keepRunning, type FirstPrefer } from './support/first-prefer.ts'
import { cachedRecordFile } from '../src/mock/prism-record.ts'
import { freePort, rssOf, startProcess, stop, untilOk, type Probe } from './support/processes.ts'

const SPEC = process.env['BENCH_SPEC'] ?? 'rfc6749-password'
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const ONLY_START = process.env['BENCH_ONLY'] === 'start'
const BIN = 'dist/bin/tokencheck.js'
if (!existsSync(BIN))
  throw new Error(`no ${BIN}: run \`npm run build\` first (npm run bench:mock does)`)
const CONNECTIONS = [10, 100] as const
const RSS_REQUESTS = 100_000

const { profile } = loadSpec(SPEC)
const credentials = credentialsOf(defaultDirectory(profile))
const { clientId, clientSecret } = credentials
if (clientId === undefined || clientSecret === undefined)
  throw new Error(
    `the ${SPEC} spec's default client is public: pick a spec with a confidential client`,
  )
if (!profile.clientAuthentication.some((m) => m.value === 'client_secret_basic'))
  throw new Error(`the ${SPEC} spec takes no HTTP Basic client authentication`)
const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
const body = `grant_type=password&username=${form(credentials.username)}&password=${form(credentials.password)}`
const headers = {
  'content-type': 'application/x-www-form-urlencoded',
  authorization: `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`,
}
const node = process.execPath
// The mock's prepared key pairs (src/mock/key-pair.ts) in a folder of the benchmark's own.
process.env['TOKENCHECK_CACHE_DIR'] = mkdtempSync(join(tmpdir(), 'tokencheck-bench-keys-'))
const tsx = ['--import', 'tsx']

interface Server {
  name: string
  /** What a start finds done before it, as a user's earlier start would have left it. */
  before?(): Promise<unknown>
  start(port: number): ChildProcess
}
const servers: Server[] = [
  {
    name: 'tokencheck mock',
    // The key pair a mock that ran for a second or more prepared (src/mock/key-pair.ts).
    before: () => prepareNextKeyPair(),
    start: (port) => startProcess(node, [BIN, 'mock', SPEC, '--port', `${port}`]),
  },
  {
    name: 'tokencheck mock, no key pair prepared',
    start: (port) =>
      startProcess(node, [BIN, 'mock', SPEC, '--port', `${port}`], {
        ...process.env,
        TOKENCHECK_CACHE_DIR: '',
      }),
  },
  {
    name: 'ceiling (node:http + jose)',
    start: (port) =>
      startProcess(node, [
        ...tsx,
        'bench/support/ceiling-server.ts',
        `${port}`,
        clientId,
        clientSecret,
        credentials.username,
        credentials.password,
      ]),
  },
  {
    name: 'prism mock',
    start: (port) =>
      startProcess(node, [
        'node_modules/@stoplight/prism-cli/dist/index.js',
        'mock',
        '--port',
        `${port}`,
        '--host',
        '127.0.0.1',
        `specs/${SPEC}.yaml`,
      ]),
  },
]

function probeAt(port: number): Probe {
  return { url: `http://127.0.0.1:${port}${profile.token.path}`, method: 'POST', headers, body }
}

interface Load {
  requestsPerSecond: number
  p50: number
  p99: number
  ok: number
  other: number
  errors: number
}

async function load(
  port: number,
  connections: number,
  options: { seconds?: number; amount?: number },
) {
  const result = await autocannon({
    url: probeAt(port).url,
    method: 'POST',
    headers,
    body,
    connections,
    ...(options.amount === undefined
      ? { duration: options.seconds ?? SECONDS }
      : { amount: options.amount }),
  })
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    other: result.non2xx,
    errors: result.errors + result.timeouts,
  } satisfies Load
}

// Cold start first, on a machine not yet warmed by the loads.
// Cold start: from spawning the process to the first 200 on the token endpoint, three times.
const colds: Record<string, number[]> = {
  'tokencheck mock': [],
  'tokencheck mock, no key pair prepared': [],
  'prism mock': [],
}
for (let run = 0; run < 5; run += 1) {
  for (const server of servers.filter((s) => s.name in colds)) {
    const port = await freePort()
    await server.before?.()
    const since = performance.now()
    const child = server.start(port)
    try {
      colds[server.name]!.push(await untilOk(probeAt(port), since))
    } finally {
      await stop(child)
    }
  }
}

// The library's: importing startMock to the first 200, in a fresh process each time.
const library: number[] = []
for (let run = 0; run < 5; run += 1) {
  const result = spawnSync(node, ['bench/support/library-cold-start.mjs', SPEC], {
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`library cold start failed: ${result.stderr}`)
  library.push((JSON.parse(result.stdout) as { ms: number }).ms)
}

// The first error-injection answer, sent as soon as the banner shows, in a new process each time.
const prefers: FirstPrefer[] = []
for (let run = 0; run < 5; run += 1) prefers.push(await firstPrefer(BIN, SPEC, profile))
// The same for a spec of the user's own (a copy of the bundled one): its first start, with no
// record, waits for Prism; once a start has recorded Prism's answers, the next ones do not.
const ownSpec = join(mkdtempSync(join(tmpdir(), 'tokencheck-bench-spec-')), 'own-api.yaml')
copyFileSync(loadSpec(SPEC).document.file, ownSpec)
const ownFirst = await firstPrefer(BIN, ownSpec, profile)
const recorded = cachedRecordFile(
  process.env['TOKENCHECK_CACHE_DIR']!,
  loadSpec(ownSpec).document.hash,
)
for (const since = performance.now(); !existsSync(recorded);) {
  if (performance.now() - since > 60_000) throw new Error('no record of the own spec in 60 s')
  await keepRunning(BIN, ownSpec)
}
const ownLater: FirstPrefer[] = []
for (let run = 0; run < 5; run += 1) ownLater.push(await firstPrefer(BIN, ownSpec, profile))

// A process that only starts and ends: Node's own boot, `tokencheck --help` and Prism's.
const ends: Record<string, { args: string[]; times: number[] }> = {
  'node -e 0 (Node alone)': { args: ['-e', '0'], times: [] },
  'tokencheck --help': { args: [BIN, '--help'], times: [] },
  'prism --help': {
    args: ['node_modules/@stoplight/prism-cli/dist/index.js', '--help'],
    times: [],
  },
}
for (let run = 0; run < 5; run += 1) {
  for (const entry of Object.values(ends)) {
    const since = performance.now()
    const result = spawnSync(node, entry.args, { encoding: 'utf8' })
    entry.times.push(performance.now() - since)
    if (result.status !== 0) throw new Error(`${entry.args.join(' ')} failed: ${result.stderr}`)
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const list = (values: number[]) => values.map((t) => t.toFixed(0)).join(', ')
const startLines = [
  ...Object.entries(colds).map(
    ([name, times]) =>
      `cold start to first 200, ${name} (a new process): median ${median(times).toFixed(0)} ms (${list(times)})`,
  ),
  `tokencheck mock / prism mock: ${(median(colds['tokencheck mock']!) / median(colds['prism mock']!)).toFixed(2)}× (goal ≤ 0.3×; tokencheck ≤ 400 ms)`,
  `first Prefer answer, sent as the banner shows: median ${median(prefers.map((p) => p.ms)).toFixed(0)} ms (${prefers.map((p) => `${p.ms.toFixed(0)} ${p.answeredBy}`).join(', ')}) (goal ≤ 200 ms)`,
  `first Prefer answer, a spec of your own, first start: ${ownFirst.ms.toFixed(0)} ms (${ownFirst.answeredBy}); later starts: median ${median(ownLater.map((p) => p.ms)).toFixed(0)} ms (${ownLater.map((p) => `${p.ms.toFixed(0)} ${p.answeredBy}`).join(', ')})`,
  `cold start to first 200, startMock in a process already running: median ${median(library).toFixed(0)} ms (${list(library)})`,
  ...Object.entries(ends).map(
    ([name, { times }]) =>
      `${name}, to its exit: median ${median(times).toFixed(0)} ms (${list(times)})`,
  ),
  '(goal: tokencheck --help ≤ 200 ms)',
]
if (ONLY_START) {
  console.log(
    `\nbench:mock (starts only), spec ${SPEC}, ${cpus().length} cores, load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}\n`,
  )
  console.log(startLines.join('\n'))
  process.exit(0)
}

const table: string[] = []
const rate: Record<string, Record<number, number>> = {}
const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
table.push(line(['server', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors']))
table.push(line(['---', '---:', '---:', '---:', '---:', '---:', '---:']))
for (const server of servers.filter((s) => !s.name.endsWith('no key pair prepared'))) {
  const port = await freePort()
  const child = server.start(port)
  try {
    await untilOk(probeAt(port), performance.now())
    await load(port, 10, { seconds: 2 }) // warm-up: JIT, Prism's lazy load, sockets
    rate[server.name] = {}
    for (const connections of CONNECTIONS) {
      const result = await load(port, connections, {})
      rate[server.name]![connections] = result.requestsPerSecond
      table.push(
        line([
          server.name,
          `${connections}`,
          result.requestsPerSecond.toFixed(0),
          `${result.p50}`,
          `${result.p99}`,
          `${result.other}`,
          `${result.errors}`,
        ]),
      )
      console.log(table.at(-1))
    }
  } finally {
    await stop(child)
  }
}

const ratios: string[] = []
for (const connections of CONNECTIONS) {
  const mock = rate['tokencheck mock']![connections]!
  const ceiling = rate['ceiling (node:http + jose)']![connections]!
  const prism = rate['prism mock']![connections]!
  ratios.push(
    `${connections} connections: ${(mock / ceiling).toFixed(2)}× the ceiling (goal ≥ 0.7), ${(mock / prism).toFixed(2)}× Prism (goal ≥ 1.5)`,
  )
}

// Memory: the mock's resident set size every 10,000 requests up to 100,000.
const port = await freePort()
const mock = servers[0]!.start(port)
const rss: string[] = []
try {
  await untilOk(probeAt(port), performance.now())
  rss.push(`start ${rssOf(mock.pid!).toFixed(0)}`)
  let sent = 0
  let errors = 0
  while (sent < RSS_REQUESTS) {
    const result = await load(port, 10, { amount: 10_000 })
    sent += 10_000
    errors += result.errors + result.other
    rss.push(`${sent / 1000}k ${rssOf(mock.pid!).toFixed(0)}`)
  }
  rss.push(`(${errors} errors or non-2xx)`)
} finally {
  await stop(mock)
}

console.log(
  `\nbench:mock, spec ${SPEC}, ${SECONDS} s per load, ${cpus().length} cores, load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}\n`,
)
console.log(table.join('\n'))
console.log(`\n${ratios.join('\n')}`)
console.log(startLines.join('\n'))
console.log(`mock RSS in MB by requests served: ${rss.join(', ')} (goal ≤ 120 MB, flat)`)
