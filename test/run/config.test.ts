import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isTokencheckError } from '../../src/errors.ts'
import { loadConfig } from '../../src/run/config.ts'

function configFile(text: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'tokencheck-config-'))
  const file = join(folder, 'tokencheck.config.yaml')
  writeFileSync(file, text)
  return file
}

function errorOf(text: string): string {
  try {
    loadConfig(configFile(text))
  } catch (error) {
    expect(isTokencheckError(error, 'ERR_CONFIG')).toBe(true)
    return (error as Error).message
  }
  throw new Error('expected the config to be refused')
}

describe('tokencheck.config.yaml', () => {
  it.each([
    [
      'YAML that does not parse',
      'targets:\n  a: [\n',
      /tokencheck\.config\.yaml:\d+:\d+: Flow sequence in block collection/,
    ],
    [
      'no targets',
      'target: {}\n',
      /:1:\d+ \/target: unknown key "target"[\s\S]*missing "targets"|missing "targets"[\s\S]*:1:\d+ \/target: unknown key "target"/,
    ],
    ['an empty file', '', /\/: expected object, got `null`/],
    [
      'a target without a spec',
      'targets:\n  staging:\n    base-url: https://idp.example\n',
      /:3:5 \/targets\/staging\/spec: missing "spec"/,
    ],
    [
      'an unknown key, with the keys a target takes',
      'targets:\n  staging:\n    spec: wokelo\n    baseUrl: https://idp.example\n',
      /:4:\d+ \/targets\/staging\/baseUrl: unknown key "baseUrl"; a target takes "spec", "base-url", "token-url"/,
    ],
    [
      'a secret where an environment variable name belongs',
      'targets:\n  staging:\n    spec: wokelo\n    env:\n      password: hunter 2\n',
      /:5:17 \/targets\/staging\/env\/password: expected the name of an environment variable, got `hunter 2` \(the config names variables; it never holds secrets\)/,
    ],
    [
      'a URL that is not http(s)',
      'targets:\n  staging:\n    spec: wokelo\n    token-url: ftp://idp.example/token\n',
      /:4:16 \/targets\/staging\/token-url: expected an http\(s\) URL, got `ftp:\/\/idp.example\/token`/,
    ],
    [
      'a target name with a space',
      'targets:\n  my staging:\n    spec: wokelo\n',
      /a target's name holds letters, digits, `.`, `_` and `-` only, got `my staging`/,
    ],
  ])('refuses %s, naming the file and line', (_, text, message) => {
    expect(errorOf(text)).toMatch(message)
  })

  it('says how to start when the file is missing', () => {
    expect(() => loadConfig('/nonexistent/tokencheck.config.yaml')).toThrow(
      /no config file \/nonexistent\/tokencheck\.config\.yaml: create it/,
    )
  })

  it('resolves a spec path against the file and keeps a bundled name', () => {
    const file = configFile(
      'targets:\n  a:\n    spec: wokelo\n  b:\n    spec: ./specs/mine.yaml\n    token-url: https://idp.example/t\n',
    )
    const config = loadConfig(file)
    expect(config.targets['a']).toEqual({ name: 'a', spec: 'wokelo', env: {} })
    expect(config.targets['b']).toEqual({
      name: 'b',
      spec: join(file, '..', 'specs/mine.yaml'),
      'token-url': 'https://idp.example/t',
      env: {},
    })
  })
})

describe('the example config', () => {
  it('is a valid config', () => {
    const config = loadConfig(
      new URL('../../tokencheck.config.example.yaml', import.meta.url).pathname,
    )
    expect(Object.keys(config.targets)).toEqual(['wokelo-staging', 'keycloak', 'wso2-mock'])
    expect(config.targets['keycloak']?.env).toEqual({
      'client2-id': 'KEYCLOAK_SECOND_CLIENT_ID',
      'client2-secret': 'KEYCLOAK_SECOND_CLIENT_SECRET',
    })
  })
})
