/**
 * `tokencheck mock …` as a child process of the real binary: read its output as it comes, wait
 * for a line, stop it with a signal, or let it end by itself. Every wait has a limit, so a hang
 * shows as a failure that prints what the process wrote.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSpec } from '../../src/openapi/load.ts'
import { credentialsOf, defaultDirectory, type Directory } from '../../src/mock/users.ts'
import type { MockTarget } from '../mock/token-client.ts'

const BIN = new URL('../../bin/tokencheck.js', import.meta.url).pathname
/**
 * Long enough for tsx to compile the CLI on a busy machine, short enough to fail a hang with its
 * output before vitest's own 30 s limit does without it.
 */
const LIMIT_MS = 25_000

/** Every child still running, so a test that fails or times out leaves none behind. */
const children = new Set<ChildProcess>()

/** Kills every child a test left running, and waits for them to end. */
export async function killLeftovers(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('close', () => resolve())
          child.kill('SIGKILL')
        }),
    ),
  )
}

function track(child: ChildProcess): ChildProcess {
  children.add(child)
  child.once('close', () => children.delete(child))
  return child
}

export interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** A directory of one's own to run in, so relative paths in messages are predictable. */
export function scratchDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'tokencheck-mock-cli-'))
}

function environment(cwd: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '', HOME: cwd, NO_COLOR: '1', ...extra }
}

/** `tokencheck <args>` that is expected to end by itself (an error, `--help`). */
export function runToEnd(args: readonly string[], cwd = scratchDirectory()): Promise<Ended> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: environment(cwd), timeout: LIMIT_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: unknown; signal?: NodeJS.Signals }) | null
        resolve({
          code: failed === null ? 0 : typeof failed.code === 'number' ? failed.code : null,
          signal: failed?.signal ?? null,
          stdout,
          stderr,
        })
      },
    )
    track(child)
  })
}

export class MockProcess {
  readonly child: ChildProcess
  stdout = ''
  stderr = ''
  readonly ended: Promise<Ended>
  private readonly listeners = new Set<() => void>()

  /** `env`: variables besides PATH, HOME (the folder it runs in) and NO_COLOR. */
  constructor(args: readonly string[], cwd = scratchDirectory(), env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [BIN, 'mock', ...args], {
      cwd,
      env: environment(cwd, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    track(this.child)
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk
      this.notify()
    })
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk
      this.notify()
    })
    this.ended = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.notify()
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr })
      })
    })
  }

  /** Everything it wrote, both streams. */
  get output(): string {
    return `${this.stdout}\n${this.stderr}`
  }

  /** stdout's complete lines. */
  get lines(): string[] {
    return this.stdout.split('\n').slice(0, -1)
  }

  /** Resolves once `done` holds of what it wrote; rejects if it ends first or takes too long. */
  until<T>(what: string, done: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = done()
        if (value !== undefined) finish(() => resolve(value))
        else if (this.child.exitCode !== null || this.child.signalCode !== null)
          finish(() => reject(this.failure(`it ended before ${what}`)))
      }
      const timer = setTimeout(
        () => finish(() => reject(this.failure(`no ${what} after ${LIMIT_MS} ms`))),
        LIMIT_MS,
      )
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        this.listeners.delete(check)
        settle()
      }
      this.listeners.add(check)
      check()
    })
  }

  /** The first stdout line matching `pattern`, once it is there. */
  line(pattern: RegExp): Promise<RegExpMatchArray> {
    return this.until(`a line matching ${pattern}`, () => {
      for (const line of this.lines) {
        const match = line.match(pattern)
        if (match !== null) return match
      }
      return undefined
    })
  }

  /** Waits until stdout has `count` lines matching `pattern`, and returns them. */
  linesMatching(pattern: RegExp, count: number): Promise<string[]> {
    return this.until(`${count} lines matching ${pattern}`, () => {
      const found = this.lines.filter((line) => pattern.test(line))
      return found.length >= count ? found : undefined
    })
  }

  /** Sends a signal and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<Ended> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
    return this.ended
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }

  private failure(message: string): Error {
    return new Error(
      `tokencheck mock: ${message}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`,
    )
  }
}

/** The banner's first line; the URL is what requests go to. */
export const LISTENING = /^tokencheck mock (\S+) listening on (http:\/\/[^\s:]+:(\d+))$/

/** What token-client needs to talk to a mock served by a child process. */
export function targetOf(spec: string, url: string, directory?: Directory): MockTarget {
  const { profile } = loadSpec(spec)
  return { url, profile, credentials: credentialsOf(directory ?? defaultDirectory(profile)) }
}
