/**
 * The package as its users get it: `npm pack` of this checkout (which builds it), installed into
 * an empty project in a temporary folder, then the command and the library used there with plain
 * Node, no TypeScript loader. Slow (a build and an install): everything shares one install.
 */
import { execFile, spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'

const ROOT = new URL('../..', import.meta.url).pathname
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')
const SLOW = { timeout: 120_000 }
const OPENAPI_30 = join(ROOT, 'test/fixtures/openapi30/rfc6749-password-3.0.yaml')

interface Ended {
  code: number | null
  stdout: string
  stderr: string
}

function run(command: string, args: readonly string[], cwd: string, limitMs: number) {
  return new Promise<Ended>((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: limitMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null
        resolve({ code, stdout, stderr })
      },
    )
  })
}

let temp: string
let project: string
let packed: { path: string }[]

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'tokencheck-package-'))
  // `npm pack` runs `prepare`, the build: the tarball is made from the sources as they are.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', temp], ROOT, 300_000)
  expect(pack.code, pack.stderr).toBe(0)
  const [entry] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {
    filename: string
    files: { path: string }[]
  }[]
  packed = entry!.files
  project = join(temp, 'project')
  mkdirSync(project)
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  )
  // Dependencies come from the npm cache when they are there.
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(temp, entry!.filename)],
    project,
    400_000,
  )
  expect(install.code, install.stderr).toBe(0)
}, 720_000)

afterAll(async () => {
  // A whole node_modules: removing it takes a while on a busy machine.
  if (temp !== undefined) await rm(temp, { recursive: true, force: true })
}, 300_000)

describe('the packed package', () => {
  it('holds the build, the specs and the LICENSE, and no tests, fixtures, benchmarks or keys', () => {
    const paths = packed.map((file) => file.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/bin/tokencheck.js',
        'dist/src/vitest/index.js',
        'dist/src/vitest/index.d.ts',
        'specs/wokelo.yaml',
        // What the build does once so that no start repeats it: without these, an installed
        // tokencheck still works, but parses YAML and compiles schemas at every start.
        'dist/own-validators.cjs',
        ...bundledSpecNames().map((name) => `dist/specs/${name}.json`),
      ]),
    )
    const unwanted = paths.filter(
      (path) =>
        /^(test|bench|src|suites|bin|reports|docs)\//.test(path) ||
        /\.(pem|key|crt|p12|pfx)$/i.test(path) ||
        (path.endsWith('.ts') && !path.endsWith('.d.ts')),
    )
    expect(unwanted).toEqual([])
  })

  it('installs without a TypeScript loader', () => {
    expect(existsSync(join(project, 'node_modules/tokencheck/dist/bin/tokencheck.js'))).toBe(true)
    expect(existsSync(join(project, 'node_modules/tsx'))).toBe(false)
  })
})

describe('installed', () => {
  it('`npx tokencheck specs` lists the bundled specs', SLOW, async () => {
    const ended = await run('npx', ['--no', 'tokencheck', 'specs'], project, 60_000)
    expect(ended.code, ended.stderr).toBe(0)
    for (const name of bundledSpecNames()) expect(ended.stdout).toContain(name)
  })

  it('`npx tokencheck mock` issues a token over loopback', SLOW, async () => {
    const child = spawn('npx', ['--no', 'tokencheck', 'mock', 'rfc6749-password', '--port', '0'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        const timer = setTimeout(() => reject(new Error(`no banner in 60 s: ${out}`)), 60_000)
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
          if (match !== null) {
            clearTimeout(timer)
            resolve(match[1]!)
          }
        })
        child.once('close', (code) => reject(new Error(`ended with ${code}: ${out}`)))
      })
      // The RFC 6749 §4.3.2 example client and user, the spec's defaults.
      const response = await fetch(`${url}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${btoa('s6BhdRkqt3:gX1fBat3bV')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=password&username=johndoe&password=A3ddj3w',
      })
      expect(response.status).toBe(200)
      const body = (await response.json()) as Record<string, unknown>
      expect(String(body['access_token']).split('.')).toHaveLength(3)
    } finally {
      child.kill('SIGTERM')
    }
  })

  it(
    "`npx tokencheck mock` gives Prism's recorded answer to a Prefer sent at once, then Prism's own",
    SLOW,
    async () => {
      const child = spawn('npx', ['--no', 'tokencheck', 'mock', 'wokelo', '--port', '0'], {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no banner in 60 s: ${out}`)), 60_000)
          child.stdout.on('data', () => {
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
            if (match !== null) {
              clearTimeout(timer)
              resolve(match[1]!)
            }
          })
          child.once('close', (code) => reject(new Error(`ended with ${code}: ${out}`)))
        })
        const path = loadSpec('wokelo').profile.token.path
        const ask = async () => {
          const response = await fetch(`${url}${path}`, {
            method: 'POST',
            headers: { prefer: 'code=401', 'content-type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=password',
          })
          return { status: response.status, body: await response.text() }
        }
        const logLines = () => out.split('\n').filter((line) => line.includes(`POST ${path} `))
        // Sent as soon as the banner shows: Prism is still loading on its thread.
        const first = await ask()
        expect(first.status).toBe(401)
        await expect.poll(logLines).toHaveLength(1)
        expect(logLines()[0]).toContain('prism 401 (recorded)')
        // Once Prism has loaded, it answers itself, the same.
        let later = first
        for (let tries = 0; tries < 300 && !/prism 401 \d/.test(logLines().at(-1) ?? ''); tries++) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          later = await ask()
        }
        expect(logLines().at(-1)).toMatch(/prism 401 \d/)
        expect(later).toEqual(first)
      } finally {
        child.kill('SIGTERM')
      }
    },
  )

  it("`import { startMock } from 'tokencheck'` works in plain Node", SLOW, async () => {
    writeFileSync(
      join(project, 'library.mjs'),
      `import { startMock } from 'tokencheck'
const mock = await startMock({ spec: 'rfc6749-password' })
const { username, password, clientId, clientSecret } = mock.credentials
const response = await fetch(mock.url + mock.profile.token.path, {
  method: 'POST',
  headers: {
    authorization: 'Basic ' + btoa(clientId + ':' + clientSecret),
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams({ grant_type: 'password', username, password }),
})
const body = await response.json()
await mock.close()
console.log(JSON.stringify({ status: response.status, type: body.token_type }))
`,
    )
    const ended = await run(process.execPath, ['library.mjs'], project, 60_000)
    expect(ended.code, ended.stderr).toBe(0)
    expect(JSON.parse(ended.stdout)).toEqual({ status: 200, type: 'Bearer' })
  })

  it('type-checks a consumer against the shipped declarations', SLOW, async () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { startMock, runChecks, type RunningMock, type TargetReport } from 'tokencheck'
export async function use(): Promise<number> {
  const mock: RunningMock = await startMock({ spec: 'wokelo', lifetimes: { accessToken: 30 } })
  const summary = await runChecks({ spec: 'wokelo', only: ['password.*'] })
  const reports: readonly TargetReport[] = summary.reports
  // @ts-expect-error: no such option
  await startMock({ spek: 'wokelo' })
  await mock.close()
  return reports.length
}
`,
    )
    const ended = await run(
      process.execPath,
      [
        TSC,
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2023',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules/@types'),
        'consumer.ts',
      ],
      project,
      110_000,
    )
    expect(ended.stdout + ended.stderr).toBe('')
    expect(ended.code).toBe(0)
  })

  it('`npx tokencheck run` checks an OpenAPI 3.0 spec against its mock', SLOW, async () => {
    copyFileSync(OPENAPI_30, join(project, 'my-api.yaml'))
    const ended = await run(
      'npx',
      ['--no', 'tokencheck', 'run', '--spec', 'my-api.yaml', '--only', 'password.*'],
      project,
      110_000,
    )
    expect(ended.code, ended.stdout + ended.stderr).toBe(0)
    expect(ended.stdout).toMatch(/^rfc6749-password-3-0\s+[1-9]\d*\s+0\s/m)
  })

  it('`npx tokencheck specs lint` points at the lines of an OpenAPI 3.0 file', SLOW, async () => {
    copyFileSync(OPENAPI_30, join(project, 'my-api-lint.yaml'))
    const ended = await run(
      'npx',
      ['--no', 'tokencheck', 'specs', 'lint', 'my-api-lint.yaml'],
      project,
      60_000,
    )
    expect(ended.code, ended.stdout + ended.stderr).toBe(0)
    expect(ended.stdout).toMatch(/^my-api-lint\.yaml:\d+:\d+ /m)
    expect(ended.stdout).toMatch(/my-api-lint\.yaml: 0 errors/)
  })

  it('`npx tokencheck baseline --help` and `--version` answer', SLOW, async () => {
    const help = await run('npx', ['--no', 'tokencheck', 'baseline', '--help'], project, 60_000)
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout).toContain('Usage: tokencheck baseline')
    const version = await run('npx', ['--no', '--', 'tokencheck', '--version'], project, 60_000)
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    )
  })

  it("reads a bundled spec's YAML, not the build's copy, once the YAML differs", SLOW, async () => {
    const spec = join(project, 'node_modules/tokencheck/specs/rfc6749-password.yaml')
    const original = readFileSync(spec, 'utf8')
    try {
      writeFileSync(spec, original.replace(/^  \/token:$/m, '  /oauth/token:'))
      const ended = await run('npx', ['--no', 'tokencheck', 'specs'], project, 60_000)
      expect(ended.code, ended.stderr).toBe(0)
      expect(ended.stdout).toMatch(/^rfc6749-password\s+POST \/oauth\/token\s/m)
    } finally {
      writeFileSync(spec, original)
    }
  })
})
