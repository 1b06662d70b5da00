import { describe, expect, it } from 'vitest'
import { repeatedKeys, topLevelKeys } from '../../src/checks/json-keys.ts'
import { parseChallenges } from '../../src/checks/www-authenticate.ts'

describe('parseChallenges (RFC 9110 §11.6.1)', () => {
  it.each([
    ['Basic realm="as"', [{ scheme: 'Basic', params: [['realm', 'as']] }]],
    ['Bearer', [{ scheme: 'Bearer', params: [] }]],
    [
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      [
        {
          scheme: 'Bearer',
          params: [
            ['realm', 'example'],
            ['error', 'invalid_token'],
            ['error_description', 'The access token expired'],
          ],
        },
      ],
    ],
    [
      'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
      [
        {
          scheme: 'Newauth',
          params: [
            ['realm', 'apps'],
            ['type', '1'],
            ['title', 'Login to "apps"'],
          ],
        },
        { scheme: 'Basic', params: [['realm', 'simple']] },
      ],
    ],
    [
      'Negotiate a87421000492aa874209af8bc028==, Bearer',
      [
        { scheme: 'Negotiate', token68: 'a87421000492aa874209af8bc028==', params: [] },
        { scheme: 'Bearer', params: [] },
      ],
    ],
    [
      'Bearer ERROR = "invalid_token" ,  Realm=api',
      [
        {
          scheme: 'Bearer',
          params: [
            ['error', 'invalid_token'],
            ['realm', 'api'],
          ],
        },
      ],
    ],
  ])('parses %s', (value, expected) => {
    expect(parseChallenges([value])).toEqual(expected)
  })

  it('joins field lines', () => {
    expect(parseChallenges(['Basic realm="a"', 'Bearer realm="b"'])).toMatchObject([
      { scheme: 'Basic' },
      { scheme: 'Bearer' },
    ])
  })

  it.each([
    ['Bearer realm="unterminated', 'unterminated quoted-string'],
    ['Bearer realm="a" error="b"', 'expected `,` between challenges'],
    ['="x"', 'expected an auth-scheme'],
  ])('refuses %s', (value, message) => {
    expect(parseChallenges([value])).toEqual({ error: expect.stringContaining(message) })
  })
})

describe('topLevelKeys', () => {
  it.each([
    ['{"a":1,"b":{"a":2},"c":[{"a":3}]}', ['a', 'b', 'c']],
    ['{"a":"x\\",\\"b\\":1","a":2}', ['a', 'a']],
    [' { "\\u0061" : 1 } ', ['a']],
  ])('reads %s', (text, keys) => {
    expect(topLevelKeys(text)).toEqual(keys)
  })

  it('is undefined for anything but an object', () => {
    expect(topLevelKeys('[1]')).toBeUndefined()
    expect(topLevelKeys('{"a')).toBeUndefined()
  })

  it('names repeated keys once', () => {
    expect(repeatedKeys(['a', 'b', 'a', 'a'])).toEqual(['a'])
  })
})
