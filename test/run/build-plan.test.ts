import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.ts'
import { buildPlan } from '../../src/run/build-plan.ts'
import { DEFAULT_ENV_NAMES } from '../../src/run/env.ts'

const ENV = {
  TOKENCHECK_USERNAME: 'alice',
  TOKENCHECK_PASSWORD: 'pw',
  TOKENCHECK_CLIENT_ID: 'app',
  TOKENCHECK_CLIENT_SECRET: 'app-secret',
}

function capture() {
  const out: string[] = []
  const err: string[] = []
  return {
    output: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) },
    out,
    err,
  }
}

async function usageOf(...args: string[]) {
  const { output, err } = capture()
  const code = await main(['node', 'tokencheck', 'run', ...args], output)
  return { code, err: err.join('\n') }
}

describe('tokencheck run: usage errors exit 2 and say what to fix', () => {
  it.each([
    [
      'a real target without credentials in the environment',
      ['--spec', 'rfc6749-password', '--token-url', 'https://127.0.0.1:9/token'],
      'reads its credentials from the environment, never the command line: set TOKENCHECK_USERNAME, TOKENCHECK_PASSWORD, TOKENCHECK_CLIENT_ID and TOKENCHECK_CLIENT_SECRET',
    ],
    [
      'plain http to a host other than this machine',
      ['--spec', 'rfc6749-password', '--token-url', 'http://idp.example/token'],
      '--token-url `http://idp.example/token` is plain http:// to a host other than this machine',
    ],
    [
      'a URL that is not one',
      ['--spec', 'rfc6749-password', '--base-url', 'idp.example'],
      '--base-url `idp.example` is not a URL',
    ],
    [
      'an unknown spec',
      ['--spec', 'no-such-spec', '--base-url', 'https://idp.example'],
      'no spec `no-such-spec`: not a file, nor a bundled spec',
    ],
    [
      'an unknown id in --only',
      [
        '--spec',
        'rfc6749-password',
        '--base-url',
        'https://idp.example',
        '--only',
        'pasword.valid',
      ],
      '`pasword.valid` names no check and no scenario',
    ],
    [
      'a resource URL without a server',
      ['--protected-resource', 'https://idp.example/me'],
      '--protected-resource needs --spec <name|path>',
    ],
    [
      'a resource URL with a spec but no server',
      ['--spec', 'wokelo', '--protected-resource', 'https://idp.example/me'],
      '--protected-resource needs a server: pass --base-url <url> or --token-url <url> too',
    ],
    [
      'a named target with --spec',
      ['staging', '--spec', 'wokelo'],
      '--spec cannot be combined with named targets',
    ],
    [
      'a negative --max-wait',
      ['--spec', 'rfc6749-password', '--base-url', 'https://idp.example', '--max-wait', '-1'],
      '--max-wait expects a number of 0 or more, got `-1`',
    ],
    [
      'a zero --rate',
      ['--spec', 'rfc6749-password', '--base-url', 'https://idp.example', '--rate', '0'],
      '--rate expects a number above 0, got `0`',
    ],
    [
      'a --ca file that is not there',
      [
        '--spec',
        'rfc6749-password',
        '--base-url',
        'https://idp.example',
        '--ca',
        '/nonexistent.pem',
      ],
      '--ca /nonexistent.pem: cannot read that file',
    ],
    ['an unknown option', ['--password', 'x'], "unknown option '--password'"],
  ])('%s', async (_, args, message) => {
    const saved = { ...process.env }
    for (const name of Object.values(DEFAULT_ENV_NAMES)) delete process.env[name]
    if (!message.includes('TOKENCHECK_USERNAME')) Object.assign(process.env, ENV)
    try {
      const { code, err } = await usageOf(...args)
      expect(err).toContain(message)
      expect(code).toBe(2)
    } finally {
      process.env = saved
    }
  })
})

describe('buildPlan', () => {
  it('makes one real target of --spec with URLs, with the default environment names', () => {
    const plan = buildPlan(
      {
        targets: [],
        spec: 'rfc6749-password',
        tokenUrl: 'https://idp.example/o/token/',
        protectedResource: 'https://api.example/me',
        only: ['refresh.*'],
        maxWait: '3',
        rate: '0.5',
        reportDir: 'out',
      },
      { cwd: '/work/x', env: ENV, now: new Date('2025-01-02T03:04:05.678Z') },
    )
    expect(plan).toEqual({
      targets: [
        {
          name: 'rfc6749-password',
          kind: 'real',
          spec: 'rfc6749-password',
          tokenUrl: 'https://idp.example/o/token/',
          protectedResourceUrl: 'https://api.example/me',
          env: DEFAULT_ENV_NAMES,
        },
      ],
      options: {
        maxWaitSeconds: 3,
        ratePerSecond: 0.5,
        timeoutMs: 10_000,
        insecureHttp: false,
        allowLockoutRisk: false,
        mockAccessTokenLifetime: 2,
      },
      only: ['refresh.*'],
      skip: [],
      reportRoot: '/work/x/out',
      startedAt: '2025-01-02T03:04:05.678Z',
    })
  })

  it('allows plain http to a remote host with --insecure-http', () => {
    const plan = buildPlan(
      { targets: [], spec: 'rfc6749-password', baseUrl: 'http://idp.example', insecureHttp: true },
      { env: ENV },
    )
    expect(plan.targets[0]?.baseUrl).toBe('http://idp.example')
  })

  it('reads named targets from the config file, with the environment names it gives', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokencheck-plan-'))
    writeFileSync(
      join(folder, 'tokencheck.config.yaml'),
      [
        'targets:',
        '  staging:',
        '    spec: wso2-api-cloud',
        '    base-url: https://127.0.0.1:8243',
        '    protected-resource: https://127.0.0.1:8243/api/v1/items',
        '    scope: read write',
        '    params:',
        '      audience: https://api.example',
        '    env:',
        '      username: STAGING_USER',
        '      password: STAGING_PASSWORD',
      ].join('\n'),
    )
    const plan = buildPlan(
      { targets: ['staging'] },
      {
        cwd: folder,
        env: {
          STAGING_USER: 'u',
          STAGING_PASSWORD: 'p',
          TOKENCHECK_CLIENT_ID: 'c',
          TOKENCHECK_CLIENT_SECRET: 's',
        },
      },
    )
    expect(plan.targets).toEqual([
      {
        name: 'staging',
        kind: 'real',
        spec: 'wso2-api-cloud',
        baseUrl: 'https://127.0.0.1:8243',
        protectedResourceUrl: 'https://127.0.0.1:8243/api/v1/items',
        scope: 'read write',
        params: [['audience', 'https://api.example']],
        env: { ...DEFAULT_ENV_NAMES, username: 'STAGING_USER', password: 'STAGING_PASSWORD' },
      },
    ])
  })

  it('takes --scope and repeated --param name=value for the target', () => {
    const plan = buildPlan(
      {
        targets: [],
        spec: 'rfc6749-password',
        tokenUrl: 'http://127.0.0.1:9/token',
        scope: 'openid profile',
        param: ['audience=https://api.example', 'realm=a=b'],
      },
      { env: ENV },
    )
    expect(plan.targets[0]).toMatchObject({
      scope: 'openid profile',
      params: [
        ['audience', 'https://api.example'],
        ['realm', 'a=b'],
      ],
    })
  })

  it.each([
    [{ param: ['audience'] }, '--param expects name=value'],
    [{ param: ['=x'] }, '--param expects name=value'],
    [{ param: ['scope=read'] }, 'use --scope <value>'],
    [{ param: ['password=x'] }, 'tokencheck sends `password` itself'],
    [{ scope: ' ' }, '--scope expects a scope'],
  ])('refuses %j', (extra, message) => {
    expect(() =>
      buildPlan(
        { targets: [], spec: 'rfc6749-password', tokenUrl: 'http://127.0.0.1:9/t', ...extra },
        { env: ENV },
      ),
    ).toThrow(message)
  })
})
