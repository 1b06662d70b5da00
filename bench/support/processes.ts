/**
 * Child processes for the benchmarks: a server started on a free port and awaited until it
 * answers, its resident set size read from /proc, and a stop that waits for the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'

export const root = new URL('../../', import.meta.url).pathname

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A server process, its output discarded (the mock and Prism log every request). */
export function startProcess(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  child.on('exit', (code, signal) => {
    if (code !== 0 && code !== null && signal === null)
      process.stderr.write(`${command} ${args.join(' ')} exited ${code}\n${stderr}`)
  })
  return child
}

export interface Probe {
  url: string
  method: 'POST' | 'GET'
  headers: Record<string, string>
  body?: string
}

/** Sends the probe every 5 ms until it gets a 200; the milliseconds since `since`. */
export async function untilOk(probe: Probe, since: number, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    try {
      const answer = await request(probe.url, {
        method: probe.method,
        headers: probe.headers,
        ...(probe.body === undefined ? {} : { body: probe.body }),
      })
      await answer.body.dump()
      if (answer.statusCode === 200) return performance.now() - since
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) throw new Error(`no 200 from ${probe.url}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The resident set size of a process, in MB. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN)
  return kb / 1024
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGINT')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
