import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TargetReport } from '../../src/report/model.ts'

const BIN = new URL('../../bin/tokencheck.js', import.meta.url).pathname

export interface CliRun {
  /** The exit code; null when the process was killed. */
  code: number | null
  /** The signal that killed it, when the time limit did. */
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  elapsedMs: number
}

/**
 * `tokencheck run …` as a child process in `cwd`, with only these environment variables, killed
 * when it outlives `limitMs`: a hang shows as a kill, never as a test that waits forever.
 */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  cwd: string,
  limitMs: number,
): Promise<CliRun> {
  const started = Date.now()
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'run', ...args],
      {
        cwd,
        env: { PATH: process.env['PATH'] ?? '', HOME: cwd, NO_COLOR: '1', ...env },
        timeout: limitMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: unknown; signal?: NodeJS.Signals }) | null
        resolve({
          code: failed === null ? 0 : typeof failed.code === 'number' ? failed.code : null,
          signal: failed?.signal ?? null,
          stdout,
          stderr,
          elapsedMs: Date.now() - started,
        })
      },
    )
  })
}

/** The one report.json a run wrote for `target` under `root`, and its text. */
export function readReport(root: string, target: string): { report: TargetReport; text: string } {
  const folders = readdirSync(join(root, target))
  if (folders.length !== 1) throw new Error(`expected one report folder, got ${folders.length}`)
  const text = readFileSync(join(root, target, folders[0]!, 'report.json'), 'utf8')
  return { report: JSON.parse(text) as TargetReport, text }
}
