/**
 * `npm run bench:run`: the wall-clock time of a whole `tokencheck run` over the five bundled
 * specs against their embedded mocks (what `npm start` does), expiry waits included, as a user
 * runs it: a fresh process each time. Prints each run and the median. Goal: ≤ 6 s.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5)
const bin = new URL('../bin/tokencheck.js', import.meta.url).pathname

const times: number[] = []
for (let run = 1; run <= RUNS; run += 1) {
  const dir = mkdtempSync(join(tmpdir(), 'tokencheck-bench-run-'))
  const started = performance.now()
  const result = spawnSync(process.execPath, [bin, 'run', '--report-dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
  const seconds = (performance.now() - started) / 1000
  rmSync(dir, { recursive: true, force: true })
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr)
    throw new Error(`tokencheck run exited ${result.status}`)
  }
  times.push(seconds)
  console.log(`run ${run}: ${seconds.toFixed(2)} s`)
}
const sorted = [...times].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)]!
console.log(
  `median of ${RUNS}: ${median.toFixed(2)} s (min ${sorted[0]!.toFixed(2)}, max ${sorted.at(-1)!.toFixed(2)}); ` +
    `${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)} at the end; goal ≤ 6 s`,
)
