/**
 * The values a fuzzed request is made of: text of every kind (empty, huge, control characters,
 * non-ASCII, the characters encodings break), header values with odd bytes, Basic credentials
 * encoded right and wrong, Bearer tokens of random shapes, `Prefer` values. Tokens the mock
 * issued cannot be known when a request is generated: a `Slot` names one, filled in when it is
 * sent.
 */
import fc from 'fast-check'

/** A token the mock issues during the run, filled in when the request is sent. */
export type Slot = { slot: 'access-token' | 'tampered-access-token' | 'refresh-token' }

export const SPECIAL = ['', ' ', '%', '+', '&', '=', ':', ';', '"', '\\', 'ü', '\u0000', '\uFEFF']

/** Short text: ASCII, any code point, graphemes, the characters encodings break. */
export const shortText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 24 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 16 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }), weight: 1 },
  { arbitrary: fc.constantFrom(...SPECIAL, 'p@ss w0rd&=ü+%:', 'a'.repeat(300)), weight: 2 },
)

/** Any text, now and then huge (up to past the mock's 64 KiB body limit). */
export const text: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: shortText, weight: 12 },
  {
    arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)),
    weight: 1,
  },
)

/** A value undici will put in a header: tab, printable ASCII and the bytes 0x80–0xFF. */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')
}

/** Latin-1 text with the odd bytes a header may carry: obs-text, tabs, quotes. */
export const oddBytes: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom('\t', ' ', '"', ':', '=', '\\', '%', '~'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''))

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)

/** RFC 6749 §2.3.1 Basic credentials, right (form-encoded first) and wrong, for known and random clients. */
export function basicAuthorization(
  clients: readonly { clientId: string; clientSecret?: string }[],
): fc.Arbitrary<string> {
  const known = clients.map((c) => [c.clientId, c.clientSecret ?? ''] as const)
  const pair = fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 3 },
    { arbitrary: fc.tuple(text, text), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...known), text)
        .map(([[id], secret]) => [id, secret] as const),
      weight: 1,
    },
  )
  const scheme = fc.constantFrom('Basic ', 'basic ', 'BASIC ', 'Basic  ', 'Basic\t', 'Basic')
  const credentials = fc.oneof(
    pair.map(([id, secret]) => b64(`${formEncode(id)}:${formEncode(secret)}`)),
    pair.map(([id, secret]) => b64(`${id}:${secret}`)),
    pair.map(([id, secret]) => b64(`${formEncode(id)}:${formEncode(secret)}`).replace(/=+$/, '')),
    fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    oddBytes,
    fc.constantFrom('', '=', '!!!', 'Og==', 'OjpfOg==', '\xff\xfe'),
  )
  return fc.tuple(scheme, credentials).map(([s, c]) => headerSafe(`${s}${c}`))
}

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64')

/** A header and payload a forger might write: `alg: none`, HS256, unknown `kid`, odd claims. */
const jwtLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.record(
      {
        alg: fc.constantFrom('none', 'None', 'HS256', 'RS256', 'ES256', '', 'RS512'),
        typ: fc.constantFrom('at+jwt', 'JWT', 'jwt', ''),
        kid: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('../../etc/passwd')),
      },
      { requiredKeys: ['alg'] },
    ),
    fc.dictionary(
      fc.constantFrom('sub', 'iss', 'aud', 'exp', 'nbf', 'iat', 'scope', 'client_id', 'jti'),
      fc.oneof(text, fc.integer(), fc.constant(null), fc.array(fc.string({ maxLength: 6 }))),
    ),
    fc.oneof(
      fc.constant(''),
      fc.base64String({ maxLength: 40 }).map((s) => s.replace(/=/g, '')),
    ),
  )
  .map(([header, payload, signature]) => `${b64url(header)}.${b64url(payload)}.${signature}`)

/** `Authorization: Bearer …` with tokens the mock issued, tampered ones and random shapes. */
export const bearerAuthorization: fc.Arbitrary<string | Slot> = fc.oneof(
  { arbitrary: fc.constant<Slot>({ slot: 'access-token' }), weight: 2 },
  { arbitrary: fc.constant<Slot>({ slot: 'tampered-access-token' }), weight: 1 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('Bearer ', 'bearer ', 'BEARER ', 'Bearer  ', 'Bearer', 'Bearer\t'),
        fc.oneof(
          jwtLike,
          fc.string({ maxLength: 60 }),
          fc.base64String({ maxLength: 60 }),
          oddBytes,
          fc.constantFrom('', '.', '..', 'a.b.c', '=', 'x'.repeat(9_000)),
        ),
      )
      .map(([scheme, token]) => headerSafe(`${scheme}${token}`)),
    weight: 5,
  },
)

/** Prism's preferences: a documented code or example, an undocumented one, or garbage. */
export function preferValue(codes: readonly string[], examples: readonly string[]) {
  return fc.oneof(
    fc.constantFrom(...codes).map((code) => `code=${code}`),
    fc
      .tuple(fc.constantFrom(...codes), fc.constantFrom(...examples))
      .map(([code, example]) => `code=${code}, example=${example}`),
    fc.constantFrom(...examples).map((example) => `example=${example}`),
    fc.integer({ min: 100, max: 599 }).map((code) => `code=${code}`),
    fc.constantFrom('dynamic=true', 'code=', 'code=abc', 'return=minimal', ',,;;=', 'code=200;x'),
    oddBytes,
  )
}
