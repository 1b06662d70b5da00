/**
 * The first error-injection answer of a mock just started: spawns the installed command
 * (`dist/bin/tokencheck.js mock <spec>`), and as soon as its banner names the port, sends one request
 * for a documented error of the token endpoint (`Prefer: code=<4xx>`). The milliseconds from
 * sending it to its answer, and the log line that says who answered (Prism, or Prism's answer
 * as the build recorded it).
 */
import { spawn } from 'node:child_process'
import { request } from 'undici'
import type { Profile } from '../../src/openapi/profile.ts'
import { root } from './processes.ts'

export interface FirstPrefer {
  ms: number
  status: number
  answeredBy: string
}

export async function firstPrefer(
  bin: string,
  spec: string,
  profile: Profile,
): Promise<FirstPrefer> {
  const statuses = profile.token.responses.map((r) => r.status)
  const status = statuses.includes('401') ? '401' : statuses.find((s) => /^4\d\d$/.test(s))
  if (status === undefined)
    throw new Error(`the ${spec} spec documents no 4xx for its token endpoint`)
  const child = spawn(process.execPath, [bin, 'mock', spec, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner in 30 s: ${out}`)), 30_000)
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (match) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
    })
    const since = performance.now()
    const answer = await request(`${url}${profile.token.path}`, {
      method: profile.token.method.toUpperCase() as 'POST',
      headers: { prefer: `code=${status}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    await answer.body.dump()
    const ms = performance.now() - since
    // The request's log line follows its answer.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const line = out
      .split('\n')
      .find((l) => l.includes(`${profile.token.path} ${answer.statusCode}`))
    return {
      ms,
      status: answer.statusCode,
      answeredBy: /\(recorded\)/.test(line ?? '') ? 'record' : 'prism',
    }
  } finally {
    child.kill('SIGINT')
  }
}

/** Runs the mock of a spec for a few seconds: long enough for Prism to load and record. */
export async function keepRunning(bin: string, spec: string, ms = 5_000): Promise<void> {
  const child = spawn(process.execPath, [bin, 'mock', spec, '--port', '0'], {
    cwd: root,
    stdio: 'ignore',
  })
  await new Promise((resolve) => setTimeout(resolve, ms))
  child.kill('SIGINT')
  await new Promise((resolve) => child.once('exit', resolve))
}
