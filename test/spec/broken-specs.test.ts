import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { main } from '../../src/cli.ts'
import { isTokencheckError } from '../../src/errors.ts'
import { loadSpec, resolveSpecPath } from '../../src/openapi/load.ts'
import type { SpecInvalidError } from '../../src/openapi/document.ts'

const dir = mkdtempSync(join(tmpdir(), 'tokencheck-specs-'))

/** The Wokelo spec with one change at `path` (undefined deletes it), written to a file. */
function variant(name: string, path: (string | number)[], value: unknown): string {
  const doc = parseDocument(readFileSync(resolveSpecPath('wokelo'), 'utf8'))
  if (value === undefined) doc.deleteIn(path)
  else doc.setIn(path, value)
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, doc.toString())
  return file
}

function refusal(file: string): SpecInvalidError {
  try {
    loadSpec(file)
  } catch (error) {
    if (isTokencheckError(error, 'ERR_SPEC_INVALID')) return error as SpecInvalidError
    throw error
  }
  throw new Error(`expected ${file} to be refused`)
}

describe('a broken spec is refused with the file, line and JSON pointer of each problem', () => {
  it.each([
    [
      'unknown client authentication method',
      ['x-tokencheck', 'clientAuthentication'],
      { client_secret_post: 'vendor-doc', private_key_jwt: 'vendor-doc' },
      '/x-tokencheck/clientAuthentication',
      'unknown client authentication method `private_key_jwt`',
    ],
    [
      'unknown client authentication method in a list',
      ['x-tokencheck', 'clientAuthentication'],
      ['client_secret_jwt'],
      '/x-tokencheck/clientAuthentication/0',
      'unknown client authentication method `client_secret_jwt`; expected one of `client_secret_basic`, `client_secret_post`, `none`',
    ],
    [
      'missing token operation',
      ['x-tokencheck', 'operations', 'token'],
      'issueToken',
      '/x-tokencheck/operations/token',
      'names operation `issueToken`, which the spec does not have',
    ],
    [
      'no token operation named at all',
      ['x-tokencheck', 'operations', 'token'],
      undefined,
      '/x-tokencheck/operations/token',
      'missing "token"',
    ],
    [
      'a misspelt member',
      ['x-tokencheck', 'errorstyle'],
      'rfc6749',
      '/x-tokencheck/errorstyle',
      'unknown member "errorstyle"',
    ],
    [
      'an unknown error style',
      ['x-tokencheck', 'errorStyle'],
      'rfc7807',
      '/x-tokencheck/errorStyle',
      'unknown error style `rfc7807`',
    ],
    [
      'a source that is not one',
      ['x-tokencheck', 'grants', 'password'],
      'the page',
      '/x-tokencheck/grants/password',
      '`the page` is not a source',
    ],
    [
      'no password grant',
      ['x-tokencheck', 'grants'],
      ['refresh_token'],
      '/x-tokencheck/grants',
      'expected the `password` grant among the grants',
    ],
    [
      'a token operation that is a GET',
      ['x-tokencheck', 'operations', 'token'],
      'getJwks',
      '/x-tokencheck/operations/token',
      'expected the token operation to be a POST, got GET /.well-known/jwks.json',
    ],
    [
      'Basic client authentication without a Basic security scheme',
      ['paths', '/auth/token/', 'post', 'security'],
      [{}],
      '/x-tokencheck/clientAuthentication',
      '`client_secret_basic` needs an HTTP Basic security requirement on the token operation',
    ],
    [
      'an error style that the error responses contradict',
      ['x-tokencheck', 'errorStyle'],
      'rfc9457',
      '/components/responses/OAuthError/content',
      'should be `application/problem+json`, got `application/json`',
    ],
    [
      'an OpenAPI 3.2 document',
      ['openapi'],
      '3.2.0',
      '/openapi',
      'expected an OpenAPI 3.1 or 3.0 document, got `3.2.0`',
    ],
    ['no extension', ['x-tokencheck'], undefined, '', 'missing the root "x-tokencheck" extension'],
  ])('%s', (name, path, value, pointer, message) => {
    const file = variant(name.replaceAll(' ', '-'), path, value)
    const error = refusal(file)
    const problem = error.problems.find((p) => p.pointer === pointer && p.message.includes(message))
    expect(problem, `problems: ${JSON.stringify(error.problems, null, 1)}`).toBeDefined()
    expect(problem?.line).toBeGreaterThan(0)
    expect(error.message).toContain(`${file}:${problem?.line}:`)
    expect(error.message).toContain(message)
  })

  it('names the line of a YAML syntax error', () => {
    const file = join(dir, 'syntax.yaml')
    writeFileSync(file, 'openapi: 3.1.0\ninfo:\n  title: [unclosed\n')
    const error = refusal(file)
    expect(error.problems[0]).toMatchObject({ rule: 'yaml', line: expect.any(Number) })
    expect(error.message).toMatch(/syntax\.yaml:\d+:\d+/)
  })

  it('says which specs exist when a name is unknown', () => {
    expect(() => loadSpec('wokello')).toThrow(
      /no spec `wokello`: not a file, nor a bundled spec \(auth-login, rfc6749-password, wogeez, wokelo, wso2-api-cloud\)/,
    )
  })
})

describe('tokencheck specs lint', () => {
  const out: string[] = []
  const output = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) }

  it('prints every problem with its location and exits 1', async () => {
    out.length = 0
    const file = variant(
      'lint-two-problems',
      ['x-tokencheck', 'clientAuthentication'],
      ['client_secret_jwt'],
    )
    const doc = parseDocument(readFileSync(file, 'utf8'))
    doc.setIn(
      [
        'paths',
        '/auth/token/',
        'post',
        'responses',
        '200',
        'content',
        'application/json',
        'examples',
        'page',
        'value',
        'expires_in',
      ],
      'a month',
    )
    writeFileSync(file, doc.toString())
    expect(await main(['node', 'tokencheck', 'specs', 'lint', file], output)).toBe(1)
    const text = out.join('\n')
    expect(text).toMatch(
      /:\d+:\d+ \/x-tokencheck\/clientAuthentication\/0: unknown client authentication method `client_secret_jwt`/,
    )
    expect(text).toMatch(
      /:\d+:\d+ \/paths\/~1auth~1token~1\/post\/responses\/200\/content\/application~1json\/examples\/page\/value\/expires_in: .*"expires_in".* must be integer/,
    )
    expect(text).toMatch(/2 errors/)
  })

  it('rejects a documented deviation whose check id is misspelt, at its line', async () => {
    out.length = 0
    const file = new URL('../fixtures/specs/misspelt-deviation.yaml', import.meta.url).pathname
    expect(await main(['node', 'tokencheck', 'specs', 'lint', file], output)).toBe(1)
    expect(out.join('\n')).toContain(
      'misspelt-deviation.yaml:547:14 /x-tokencheck/deviations/1/check: `rfc6749.5.2.eror-code` is not a check id (did you mean `rfc6749.5.2.error-code`?) [error, deviation]',
    )
    expect(out.join('\n')).toContain('1 error')
  })

  it('exits 0 for a bundled spec, showing its accepted warnings', async () => {
    out.length = 0
    expect(await main(['node', 'tokencheck', 'specs', 'lint', 'wso2-api-cloud'], output)).toBe(0)
    expect(out.join('\n')).toContain('0 errors, 1 warning')
  })

  it('exits 2 for a file that does not exist', async () => {
    out.length = 0
    expect(
      await main(['node', 'tokencheck', 'specs', 'lint', join(dir, 'none.yaml')], output),
    ).toBe(2)
    expect(out.join('\n')).toContain('no spec')
  })
})
