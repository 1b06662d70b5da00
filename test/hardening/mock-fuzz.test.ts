/**
 * Fuzzing the mock: for every bundled spec, thousands of generated requests (fuzz/requests.ts)
 * sent in batches over an undici Pool of several connections to one in-process mock, each answer
 * judged from the request and the spec alone (fuzz/judge.ts): never a 5xx nobody asked for, never
 * a request left without an answer, every answer conformant to its operation (Prism's validator)
 * or, for a request that routes to none, a 404 or a 405 with `Allow` in the vendor's style. No
 * rejection may go unhandled, and the mock must still sign in a user afterwards.
 *
 * The seed is fixed, so CI is reproducible; set FUZZ_SEED (and FUZZ_RUNS, batches per spec) to
 * explore. A failure names the seed, the path fast-check needs to replay it, and the requests.
 */
import fc from 'fast-check'
import { Pool } from 'undici'
import { afterAll, describe, expect, it } from 'vitest'
import { startMock } from '../../src/mock/index.ts'
import { bundledSpecNames } from '../../src/openapi/load.ts'
import { judge } from './fuzz/judge.ts'
import { fuzzRequests } from './fuzz/requests.ts'
import { send, type Tokens } from './fuzz/send.ts'
import { login } from './mock-login.ts'

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_517)
const BATCHES = Number(process.env['FUZZ_RUNS'] ?? 48)
const BATCH = 56
const CONNECTIONS = 8

const unhandled: string[] = []
const record = (reason: unknown) => unhandled.push(String((reason as Error)?.stack ?? reason))
process.on('unhandledRejection', record)
process.on('uncaughtException', record)
const counts = new Map<string, number>()
/** How many answers of each status, and of each outcome the mock logged: what the requests reach. */
const statuses = new Map<number, number>()
const outcomes = new Map<string, number>()
const countOutcome = (line: string) => {
  const outcome = /^\S+ \S+ \d{3} (.+) [\d.]+ms$/.exec(line)?.[1] ?? line
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
}

afterAll(() => {
  process.off('unhandledRejection', record)
  process.off('uncaughtException', record)
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const each = [...counts].map(([name, n]) => `${name} ${n}`).join(', ')
  const byStatus = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ')
  const byOutcome = [...outcomes]
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, n]) => `${outcome}: ${n}`)
    .join(', ')
  console.log(
    `mock fuzz: seed ${SEED}, ${total} requests (${each})\nanswers ${byStatus}\noutcomes ${byOutcome}`,
  )
})

describe.each(bundledSpecNames())('the %s mock, fuzzed', (name) => {
  it('answers every generated request as its spec says, and keeps answering', async () => {
    const mock = await startMock({ spec: name, log: countOutcome })
    const pool = new Pool(mock.url, { connections: CONNECTIONS, pipelining: 1 })
    try {
      const prism = await mock.prism()
      const first = await login(mock.url, mock.profile, mock.credentials)
      const tokens: Tokens = { accessToken: first.access_token, refreshToken: first.refresh_token }
      let sentCount = 0
      const property = fc.asyncProperty(
        fc.array(fuzzRequests(mock.profile, mock.directory), {
          minLength: BATCH,
          maxLength: BATCH,
        }),
        async (batch) => {
          sentCount += batch.length
          const results = await Promise.all(batch.map((request) => send(pool, request, tokens)))
          for (const { answer } of results) {
            const status = 'status' in answer ? answer.status : 0
            statuses.set(status, (statuses.get(status) ?? 0) + 1)
          }
          const wrong = results.flatMap(({ sent, answer }, i) => {
            const problems = judge(mock.profile, prism, sent, answer)
            if (problems.length === 0) return []
            const got =
              'failure' in answer ? answer.failure : `${answer.status} ${answer.body.slice(0, 300)}`
            return [
              `#${i} ${sent.method} ${sent.target.slice(0, 200)} ${JSON.stringify(sent.headers).slice(0, 400)} (${sent.bodyBytes} bytes) → ${got}\n    ${problems.join('\n    ')}`,
            ]
          })
          if (wrong.length > 0)
            throw new Error(`${wrong.length} wrong answers:\n${wrong.join('\n')}`)
        },
      )
      const details = await fc.check(property, { seed: SEED, numRuns: BATCHES, endOnFailure: true })
      // The failing batch itself is too long to print: its path replays it (fc.assert's `path`).
      if (details.failed) {
        throw new Error(
          `seed ${details.seed}, path ${details.counterexamplePath}: ${(details.errorInstance as Error).message}`,
        )
      }
      counts.set(name, sentCount)
      // At least 10,000 requests over the five bundled specs on a default run.
      if (process.env['FUZZ_RUNS'] === undefined) expect(sentCount).toBeGreaterThanOrEqual(2_000)
      // Still answering: a new sign-in, and its token at the protected resource.
      const after = await login(mock.url, mock.profile, mock.credentials)
      expect(after.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
      expect(unhandled).toEqual([])
    } finally {
      await pool.close()
      await mock.close()
    }
  }, 120_000)
})
