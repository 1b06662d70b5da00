/**
 * `tokencheck mock …` as a child process, for the CLI's tests: started on a free port, used once
 * its banner is out, then stopped with Ctrl-C (SIGINT), which must end it with exit code 0.
 */
import { spawn } from 'node:child_process'
import { expect } from 'vitest'

const BIN = new URL('../../bin/tokencheck.js', import.meta.url).pathname

export interface CliMock {
  stdout: string
  stderr: string
  /** The URL of the banner's first line (the first mock's, with --all). */
  url: string
}

/** `tokencheck mock …` until its banners are out, then `during(url)`, then Ctrl-C. */
export async function cliMock(
  args: readonly string[],
  during: (url: string) => Promise<void>,
  banners = 1,
): Promise<CliMock> {
  const child = spawn(process.execPath, [BIN, 'mock', ...args, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = / listening on (http:\/\/\S+)/.exec(stdout)
      const done = stdout.split('access tokens live').length - 1 >= banners
      if (match !== null && done) resolve(match[1]!)
    })
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)))
  })
  await during(url)
  await new Promise((resolve) => setTimeout(resolve, 100))
  child.kill('SIGINT')
  expect(await exited).toBe(0)
  return { stdout, stderr, url }
}
