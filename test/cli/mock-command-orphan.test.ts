/**
 * Stopping what the user started: `npx tokencheck mock wokelo --port 0`, then a SIGTERM to the
 * npx process. npm's exec runs the binary under `sh -c` and does not pass the signal on, so the
 * mock notices that its parent is gone, stops, and frees its port.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { afterAll, expect, it } from 'vitest'

const ROOT = new URL('../..', import.meta.url).pathname
// npx starts npm, then tsx compiles the CLI: tens of seconds on a busy machine.
const LIMIT_MS = 60_000

/** The process ids below a process (Linux), deepest last. */
function descendants(pid: number): number[] {
  let children: number[] = []
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
  return children.flatMap((child) => [child, ...descendants(child)])
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + LIMIT_MS
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

let npx: ChildProcess | undefined
let left: number[] = []

afterAll(() => {
  // Whatever the test left behind, by the ids it started.
  for (const pid of left) if (alive(pid)) process.kill(pid, 'SIGKILL')
  if (npx?.exitCode === null) npx.kill('SIGKILL')
})

it(
  'a SIGTERM to npx stops the mock under it and frees its port',
  { timeout: 150_000 },
  async () => {
    // npm's exec, as `npx tokencheck` runs it, around the checkout's own entry (the sources, not
    // a build that may be older than them).
    npx = spawn(
      'npm',
      ['exec', '--', 'node', 'bin/tokencheck.js', 'mock', 'wokelo', '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false' },
      },
    )
    let output = ''
    npx.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    npx.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    await until(
      () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(output),
      `the banner (${output})`,
    )
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1])
    left = descendants(npx.pid!)
    expect(left.length, 'npx runs the mock in a child process').toBeGreaterThan(0)
    expect(await listening(port)).toBe(true)

    npx.kill('SIGTERM')

    await until(async () => !(await listening(port)), `port ${port} to be free`)
    await until(() => left.every((pid) => !alive(pid)), `processes ${left.join(', ')} to end`)
    expect(await listening(port)).toBe(false)
  },
)
