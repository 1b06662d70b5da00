/**
 * `tokencheck mock` refusing what it cannot serve, as the real binary: a broken users file named
 * by file and line (and never by a secret's value), usage errors with exit code 2 and a message
 * saying what is wrong, and `--help` listing every option.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildProgram } from '../../src/cli/program.ts'
import { bundledSpecNames } from '../../src/openapi/load.ts'
import { killLeftovers, runToEnd, scratchDirectory } from './mock-process.ts'

afterEach(killLeftovers)

describe('tokencheck mock --users with a broken file', () => {
  it.each([
    [
      'invalid YAML',
      'users:\n  - username: ada\n    password: "unterminated\n',
      /^tokencheck: users\.yaml is not valid YAML:\n {2}users\.yaml:4:1: Missing closing "quote/,
    ],
    [
      'a user without a password',
      'users:\n  - username: ada\n',
      /^tokencheck: users\.yaml has problems:\n {2}users\.yaml:2:5 \/users\/0\/password: missing "password"/,
    ],
    [
      'an unknown key',
      'users:\n  - username: ada\n    password: lovelace\n    pasword: typo\n',
      /users\.yaml:4:\d+ \/users\/0\/pasword: unknown key "pasword"/,
    ],
    [
      'a claim the mock sets itself',
      'users:\n  - username: ada\n    password: lovelace\n    claims:\n      tenant: acme\n      sub: someone-else\n',
      /users\.yaml:\d+:\d+ \/users\/0\/claims: the claim "sub" is one the mock sets itself/,
    ],
    [
      'claims that are not a mapping',
      'users:\n  - username: ada\n    password: lovelace\n    claims: [admin]\n',
      /users\.yaml:4:\d+ \/users\/0\/claims: expected object/,
    ],
    [
      'a client scope with a space',
      'users:\n  - username: ada\n    password: lovelace\nclients:\n  - clientId: app\n    scopes: [read write]\n',
      /users\.yaml:6:\d+ \/clients\/0\/scopes\/0: `read write` does not match/,
    ],
  ])('%s: names the file and line, exits 2, serves nothing', async (_, text, message) => {
    const dir = scratchDirectory()
    writeFileSync(join(dir, 'users.yaml'), text)
    const ended = await runToEnd(['mock', 'wokelo', '--port', '0', '--users', 'users.yaml'], dir)
    expect(ended.code).toBe(2)
    expect(ended.stderr).toMatch(message)
    expect(ended.stdout).toBe('')
  })

  it.each([
    ['a number', '918273645', 'password', 'a number'],
    ['an array', '[s3cr3t, 918273645]', 'password', 'an array'],
    ['a boolean', 'true', 'clientSecret', 'a boolean'],
  ])('a secret that is %s: names the line, never the value', async (_, value, member, kind) => {
    const dir = scratchDirectory()
    const text =
      member === 'password'
        ? `users:\n  - username: ada\n    password: ${value}\n`
        : `users:\n  - username: ada\n    password: lovelace\nclients:\n  - clientId: c\n    clientSecret: ${value}\n`
    writeFileSync(join(dir, 'users.yaml'), text)
    const ended = await runToEnd(['mock', 'wokelo', '--port', '0', '--users', 'users.yaml'], dir)
    expect(ended.code).toBe(2)
    const line = member === 'password' ? 3 : 6
    expect(ended.stderr).toMatch(
      new RegExp(`users\\.yaml:${line}:\\d+ /\\w+/0/${member}: expected string, got ${kind}`),
    )
    for (const secret of ['918273645', 's3cr3t', 'true']) {
      expect(ended.stderr).not.toContain(secret)
    }
  })

  it('a missing file: names it', async () => {
    const ended = await runToEnd(['mock', 'wokelo', '--users', 'no-such-users.yaml'])
    expect(ended.code).toBe(2)
    expect(ended.stderr).toMatch(/^tokencheck: no users file no-such-users\.yaml/)
  })
})

describe('tokencheck mock usage errors: exit 2, a message saying what is wrong', () => {
  it.each([
    ['no spec and no --all', [], 'name a spec (see `tokencheck specs`), or pass --all'],
    ['a spec and --all', ['wokelo', '--all'], 'pass a spec or --all, not both'],
    ['an unknown spec', ['no-such-spec', '--port', '0'], 'no-such-spec'],
    ...(['abc', '-1', '70000', '4010.5', '', ' 8080', '0x10', '1e3'] as const).map(
      (port) =>
        [
          `--port \`${port}\``,
          ['wokelo', '--port', port],
          `expected --port to be a whole number from 0 to 65535, got \`${port}\``,
        ] as const,
    ),
    [
      '--all from a port too high for every spec',
      ['--all', '--port', '65535'],
      `expected --port to be a whole number from 0 to ${65_536 - bundledSpecNames().length}, got \`65535\``,
    ],
    [
      '--access-token-lifetime 0',
      ['wokelo', '--port', '0', '--access-token-lifetime', '0'],
      'expected --access-token-lifetime to be a whole number from 1 to',
    ],
    ['an unknown option', ['wokelo', '--prot', '0'], "unknown option '--prot'"],
    ['--port without a value', ['wokelo', '--port'], "option '--port <n>' argument missing"],
  ] as const)('%s', async (_, args, message) => {
    const ended = await runToEnd(['mock', ...args])
    expect(ended.code, ended.stderr).toBe(2)
    expect(ended.stderr).toContain(message)
    expect(ended.stderr).not.toMatch(/\n\s+at /)
    expect(ended.stdout).not.toContain('listening on')
  })
})

describe('tokencheck mock --help', () => {
  it('lists every option the command has, and what the issue asks for', async () => {
    const ended = await runToEnd(['mock', '--help'])
    expect(ended.code).toBe(0)
    const command = buildProgram(
      { out: () => undefined, err: () => undefined },
      () => undefined,
    ).commands.find((c) => c.name() === 'mock')!
    const declared = command.options.map((option) => option.long!)
    expect(declared).toEqual(
      expect.arrayContaining([
        '--all',
        '--port',
        '--host',
        '--users',
        '--access-token-lifetime',
        '--refresh-token-lifetime',
        '--cors-origin',
      ]),
    )
    for (const option of [...declared, '--help']) {
      expect(ended.stdout, option).toMatch(new RegExp(`^\\s+(-\\w, )?${option}\\b`, 'm'))
    }
    expect(ended.stdout).toMatch(/^Usage: tokencheck mock \[options\] \[spec\]/)
  })
})
