import { describe, expect, it } from 'vitest'
import {
  basicAuthorization,
  formUnencoded,
  formUrlencoded,
  multipartFormData,
} from '../../src/http/form.ts'

describe('request bodies', () => {
  it('form-urlencodes in UTF-8 with `+` for a space, keeping repeats', () => {
    expect(
      formUrlencoded([
        ['username', 'a b+c&d=e%f@g:h é'],
        ['username', 'x'],
      ]),
    ).toBe('username=a+b%2Bc%26d%3De%25f%40g%3Ah+%C3%A9&username=x')
  })

  it('joins fields without encoding when asked to', () => {
    expect(formUnencoded([['password', 'a b+c&d']])).toBe('password=a b+c&d')
  })

  it('writes one multipart part per field and names the boundary', () => {
    const { body, contentType } = multipartFormData([
      ['username', 'é'],
      ['password', 'p'],
    ])
    const boundary = /boundary=(.+)$/.exec(contentType)?.[1]
    expect(boundary).toMatch(/^----tokencheck[0-9a-f]{24}$/)
    expect(body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\né\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="password"\r\n\r\np\r\n--${boundary}--\r\n`,
    )
  })

  it.each([
    ['plain', 's6BhdRkqt3', 'gX1fBat3bV', 's6BhdRkqt3:gX1fBat3bV'],
    ['a colon and a space in the secret', 'client', 'a:b c', 'client:a%3Ab+c'],
    ['non-ASCII and `+`', 'clïent', '+%', 'cl%C3%AFent:%2B%25'],
  ])('form-urlencodes id and secret before base64 in Basic: %s', (_, id, secret, pair) => {
    expect(basicAuthorization(id, secret)).toBe(`Basic ${Buffer.from(pair).toString('base64')}`)
  })
})
