import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REDACTED, Redactor, redactJsonMembers } from '../../src/http/redact.ts'
import { basicFormsOf, encodingsOf, leaksIn } from '../support/leaks.ts'

// Canaries with characters that change under URL, form and JSON encoding, and non-ASCII.
const PASSWORD = 'Pä ss+w&rd=50%/"q\\:@🔑'
const CLIENT_ID = 'client:one é'
const CLIENT_SECRET = 's3cr3t/+= "x"&y%zz'
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU+/='

function redactor() {
  const r = new Redactor()
  r.addSecret(PASSWORD)
  r.addClient(CLIENT_ID, CLIENT_SECRET)
  r.addSecret(TOKEN)
  return r
}

const SECRETS = { password: PASSWORD, 'client secret': CLIENT_SECRET, token: TOKEN }

describe('Redactor.redactText', () => {
  const cases = Object.entries(SECRETS).flatMap(([name, secret]) =>
    Object.entries(encodingsOf(secret)).map(([encoding, form]) => [name, encoding, form] as const),
  )

  it.each(cases)('removes the %s in its %s form from surrounding text', (_, __, form) => {
    const text = `before ${form} after`
    const redacted = redactor().redactText(text)
    expect(leaksIn(redacted, SECRETS, [[CLIENT_ID, CLIENT_SECRET]])).toEqual([])
    expect(redacted).toBe(`before ${REDACTED} after`)
  })

  it.each(Object.entries(basicFormsOf(CLIENT_ID, CLIENT_SECRET)))(
    'removes the client pair in its %s',
    (_, form) => {
      const redacted = redactor().redactText(`Authorization was Basic ${form}.`)
      expect(leaksIn(redacted, SECRETS, [[CLIENT_ID, CLIENT_SECRET]])).toEqual([])
    },
  )

  it('finds a secret inside base64 at any offset (an id of any length before it)', () => {
    const r = new Redactor()
    const secret = 'a-long-enough-secret'
    r.addSecret(secret)
    for (const prefix of ['', 'x', 'xy', 'xyz:']) {
      const encoded = Buffer.from(`${prefix}${secret}!!`).toString('base64')
      expect(r.redactText(encoded), `prefix \`${prefix}\``).toContain(REDACTED)
      expect(leaksIn(r.redactText(encoded), { secret })).toEqual([])
    }
  })

  it('finds a mix of encoded and plain characters, in either hex case', () => {
    const r = new Redactor()
    r.addSecret('a b+c/d')
    expect(r.redactText('x=a%20b%2bc/d&y')).toBe(`x=${REDACTED}&y`)
    expect(r.redactText('x=a+b%2Bc%2fd&y')).toBe(`x=${REDACTED}&y`)
  })

  it.each([
    ['percent-encoded', 'key%25', 'x=key%2525&y'],
    [
      'form-encoded, in a query',
      's3cr3t+/= "é"&%25',
      'a=1&s=s3cr3t%2B%2F%3D+%22%C3%A9%22%26%2525&b=2',
    ],
  ])('leaves no piece behind of a secret holding an escape look-alike: %s', (_, secret, text) => {
    const r = new Redactor()
    r.addSecret(secret)
    expect(r.redactText(text)).not.toMatch(/\]25/)
    expect(leaksIn(r.redactText(text), { secret })).toEqual([])
  })

  it('leaves text without secrets as it was', () => {
    expect(redactor().redactText('grant_type=password&username=alice')).toBe(
      'grant_type=password&username=alice',
    )
  })
})

describe('a short secret equal to a protocol word', () => {
  const r = new Redactor()
  r.addSecret('password')
  r.addClient('example', 'example')

  it('is redacted by position, not by value: the form stays readable', () => {
    expect(
      r.redactBody(
        'grant_type=password&username=example&password=password&client_id=example&client_secret=example',
        'application/x-www-form-urlencoded',
      ),
    ).toBe(
      `grant_type=password&username=example&password=${REDACTED}&client_id=example&client_secret=${REDACTED}`,
    )
  })

  it('is redacted in JSON members by name, other members untouched', () => {
    expect(
      r.redactBody(
        '{"grant_type":"password","password":"password","client_secret": "example"}',
        'application/json',
      ),
    ).toBe(`{"grant_type":"password","password":"${REDACTED}","client_secret": "${REDACTED}"}`)
  })

  it('is still redacted in its Basic form', () => {
    const basic = Buffer.from('example:example').toString('base64')
    expect(r.redactText(`echo ${basic}`)).toBe(`echo ${REDACTED}`)
  })
})

describe('Redactor by position', () => {
  it.each([
    ['Basic', 'Basic Y2xpZW50OnNlY3JldA==', `Basic ${REDACTED}`],
    ['Bearer', 'Bearer abc.def.ghi', `Bearer ${REDACTED}`],
    ['lower-case bearer', 'bearer abc', `bearer ${REDACTED}`],
    ['no scheme', 'abcdef', REDACTED],
  ])('keeps only the scheme of an Authorization header: %s', (_, value, expected) => {
    expect(new Redactor().redactHeaders([['authorization', value]])).toEqual([
      ['authorization', expected],
    ])
  })

  it('redacts cookie values but keeps Set-Cookie attributes', () => {
    expect(
      new Redactor().redactHeaders([
        ['cookie', 'a=1; b=2'],
        ['set-cookie', 'sid=xyz; Path=/; HttpOnly'],
      ]),
    ).toEqual([
      ['cookie', `a=${REDACTED}; b=${REDACTED}`],
      ['set-cookie', `sid=${REDACTED}; Path=/; HttpOnly`],
    ])
  })

  it.each([
    ['password', 'https://a.test/t?grant_type=password&password=x%20y&username=u'],
    ['client_secret', 'https://a.test/t?client_id=c&client_secret=s'],
    ['access_token', 'https://a.test/r?access_token=t#frag'],
  ])('redacts the %s query parameter of a URL', (field, url) => {
    const redacted = new Redactor().redactUrl(url)
    expect(redacted).toContain(`${field}=${REDACTED}`)
    expect(redacted.split('&').length).toBe(url.split('&').length)
  })

  it.each([
    [
      'single-quoted',
      "{'access_token':'m18JAQRiwvK-VVNHgZL4U1z1','token_type':'Bearer','refresh_token': 'gBuyPLFXUg'}",
      `{'access_token':'${REDACTED}','token_type':'Bearer','refresh_token': '${REDACTED}'}`,
    ],
    [
      'cut short inside the token',
      '{"token_type":"Bearer","access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIi',
      `{"token_type":"Bearer","access_token":"${REDACTED}`,
    ],
    ['cut short after an escaped quote', '{"id_token":"ab\\"cd', `{"id_token":"${REDACTED}`],
    [
      'unquoted names',
      "{access_token: 'abc', my_access_token: 'kept'}",
      `{access_token: '${REDACTED}', my_access_token: 'kept'}`,
    ],
  ])('redacts token members of a body that only looks like JSON: %s', (_, body, expected) => {
    expect(new Redactor().redactBody(body, 'application/json')).toBe(expected)
  })

  it('redacts secret parts of a multipart body and keeps the others', () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n' +
      '--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nhunter two\r\n--b--\r\n'
    const redacted = new Redactor().redactBody(body, 'multipart/form-data')
    expect(redacted).toContain('name="username"\r\n\r\nalice\r\n')
    expect(redacted).toContain(`name="password"\r\n\r\n${REDACTED}\r\n--b--`)
    expect(redacted).not.toContain('hunter')
  })

  it('redacts JSON members at any depth, escaped keys included', () => {
    expect(redactJsonMembers('{"a":{"refresh_token" : "x\\"y"},"ok":"v"}')).toBe(
      `{"a":{"refresh_token" : "${REDACTED}"},"ok":"v"}`,
    )
    expect(redactJsonMembers('{"\\u0070assword":"p"}')).toBe(`{"\\u0070assword":"${REDACTED}"}`)
  })

  it('redacts parsed JSON by member and by value', () => {
    const r = new Redactor()
    r.addSecret('known-secret-value')
    expect(
      r.redactJson({
        access_token: 'zzz',
        nested: [{ id_token: 'yyy', note: 'has known-secret-value inside' }],
        expires_in: 60,
      }),
    ).toEqual({
      access_token: REDACTED,
      nested: [{ id_token: REDACTED, note: `has ${REDACTED} inside` }],
      expires_in: 60,
    })
  })
})

describe('a secret sent unencoded', () => {
  it('leaves no piece of itself when its `&` splits the form', () => {
    const r = new Redactor()
    const password = 'p w+&=%@:ü'
    r.addSecret(password)
    const redacted = r.redactBody(
      `grant_type=password&username=ann&password=${password}`,
      'application/x-www-form-urlencoded',
    )
    expect(redacted).toBe(`grant_type=password&username=ann&password=${REDACTED}`)
  })

  it('leaves no piece of itself when its `"` would end a JSON string', () => {
    const r = new Redactor()
    r.addSecret('a"b:c,d')
    expect(r.redactBody('{"password":"a"b:c,d","x":1}', 'application/json')).toBe(
      `{"password":"${REDACTED}","x":1}`,
    )
  })
})

describe('redactText, whether or not the text around a secret holds an escape', () => {
  const encodings: Record<string, (secret: string) => string> = {
    raw: (secret) => secret,
    'percent-encoded': (secret) => encodeURIComponent(secret),
    'form-encoded': (secret) => new URLSearchParams({ v: secret }).toString().slice(2),
    'JSON-escaped': (secret) => JSON.stringify(secret).slice(1, -1),
  }
  // Text around the secret, with and without `%`, `\` and `+`: the search takes a shortcut for a
  // text that holds none of them, and must find the same.
  const around = fc.string({
    unit: fc.constantFrom('a', ' ', '%', '\\', '+', '=', '&', '"', '2', '0'),
  })

  it.each(Object.keys(encodings))('finds it %s, raw beside it or not', (encoding) => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 24 }).filter((s) => s.trim().length >= 6),
        around,
        around,
        fc.boolean(),
        (secret, before, after, rawToo) => {
          const redactor = new Redactor()
          redactor.addSecret(secret)
          const encoded = encodings[encoding]!(secret)
          const text = `${before}${encoded}${after}${rawToo ? ` ${secret}` : ''}`
          const redacted = redactor.redactText(text)
          expect(redacted).toContain(REDACTED)
          expect(redacted.includes(encoded) && encoded.length > 0).toBe(false)
          if (rawToo) expect(redacted.endsWith(` ${secret}`)).toBe(false)
        },
      ),
      { numRuns: 300 },
    )
  })
})
