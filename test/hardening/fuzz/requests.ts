/**
 * Generated requests to a mock of one spec: random methods; the spec's paths most of the time
 * (exact, with a trailing slash, a changed case, dot segments, a query with repeated, OAuth and
 * Prism parameters) and unknown paths otherwise; token requests built from a valid password or
 * refresh grant and then broken (a parameter dropped, repeated, replaced, added), form and
 * multipart bodies with broken encodings, JSON and random bytes; headers of every kind.
 */
import fc from 'fast-check'
import type { Directory } from '../../../src/mock/index.ts'
import type { Profile } from '../../../src/openapi/profile.ts'
import {
  basicAuthorization,
  bearerAuthorization,
  headerSafe,
  oddBytes,
  preferValue,
  shortText,
  text,
  type Slot,
} from './values.ts'

export type Encoding = 'form' | 'percent' | 'raw' | 'broken-percent' | 'invalid-utf8'

export interface FormPair {
  name: string
  value: string | Slot
  encoding: Encoding
}

export type MultipartShape = 'crlf' | 'lf' | 'unclosed' | 'file-part' | 'no-disposition'

export type Body =
  | { kind: 'none' }
  | { kind: 'form'; pairs: FormPair[]; separator: '&' | ';' | '&&' }
  | { kind: 'multipart'; pairs: FormPair[]; boundary: string; shape: MultipartShape }
  | { kind: 'json'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }

/** The Content-Type to send: the body's own (`match`), another, a broken one, or none. */
export type ContentType =
  | { kind: 'match'; boundary?: 'declared' | 'other' | 'none' }
  | { kind: 'given'; value: string }
  | { kind: 'none' }

export interface FuzzRequest {
  method: string
  /** The request target: a path and its query. */
  target: string
  headers: [name: string, value: string | Slot][]
  contentType: ContentType
  body: Body
}

const OAUTH_NAMES = [
  'grant_type',
  'username',
  'password',
  'client_id',
  'client_secret',
  'refresh_token',
  'scope',
  'access_token',
]

const METHODS = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 8 },
  { arbitrary: fc.constant('GET'), weight: 6 },
  {
    arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'),
    weight: 3,
  },
  // Not methods Node knows: its parser refuses them before the mock sees them.
  { arbitrary: fc.constantFrom('FROB', 'GETT', 'post'), weight: 1 },
)

const SEGMENT = fc.oneof(
  fc.constantFrom('', '.', '..', '[', ']', '%', '%zz', '%ff', '%2F', '%00', '@', ':', ';x=1', '~'),
  fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%-]{1,12}$/),
  fc.constantFrom('token', 'auth', 'realms', 'wogeez', '.well-known', 'jwks.json', 'resource'),
  oddBytes.map((bytes) => bytes.replace(/[\s?#]/g, '')),
)

const QUERY_NAME = fc.oneof(
  fc.constantFrom(...OAUTH_NAMES, '__code', '__example', '__dynamic'),
  fc.stringMatching(/^[a-z_]{0,8}$/),
)

const QUERY_VALUE = fc.oneof(
  { arbitrary: shortText, weight: 30 },
  // Past Node's 16 KiB limit on a request's head: 431.
  { arbitrary: fc.constant('q'.repeat(17_000)), weight: 1 },
)

const QUERY = fc
  .array(fc.tuple(QUERY_NAME, QUERY_VALUE), { maxLength: 4 })
  .chain((pairs) =>
    fc.constantFrom(
      pairs.map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&'),
      pairs
        .map(([n, v]) => `${n}=${encodeURIComponent(v)}&${n}=${encodeURIComponent(v)}`)
        .join('&'),
    ),
  )

function methodsAndTargets(profile: Profile): fc.Arbitrary<{ method: string; target: string }> {
  const known = fc.constantFrom(...new Set(profile.operations.map((op) => op.path)))
  const variant = fc
    .tuple(
      known,
      fc.constantFrom(
        'exact',
        'exact',
        'exact',
        'trailing slash',
        'upper case',
        'dot segment',
        'double slash',
      ),
    )
    .map(([path, how]) => {
      switch (how) {
        case 'trailing slash':
          return path.endsWith('/') ? path.slice(0, -1) : `${path}/`
        case 'upper case':
          return path.toUpperCase()
        case 'dot segment':
          return `/x/..${path}`
        case 'double slash':
          return `/${path}`
        default:
          return path
      }
    })
  const unknown = fc.array(SEGMENT, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`)
  const path = fc.oneof({ arbitrary: variant, weight: 5 }, { arbitrary: unknown, weight: 1 })
  const withQuery = (p: string, query: string | null) => (query === null ? p : `${p}?${query}`)
  const routed = fc
    .tuple(fc.constantFrom(...profile.operations), fc.option(QUERY, { freq: 3 }))
    .map(([op, query]) => ({ method: op.method.toUpperCase(), target: withQuery(op.path, query) }))
  const other = fc
    .tuple(METHODS, path, fc.option(QUERY, { freq: 3 }))
    .map(([method, p, query]) => ({ method, target: withQuery(p, query) }))
  // Most requests reach an operation; the rest try other methods and paths.
  return fc.oneof({ arbitrary: routed, weight: 3 }, { arbitrary: other, weight: 2 })
}

const ENCODING: fc.Arbitrary<Encoding> = fc.oneof(
  { arbitrary: fc.constant('form' as const), weight: 6 },
  { arbitrary: fc.constantFrom('percent' as const, 'raw' as const), weight: 2 },
  { arbitrary: fc.constantFrom('broken-percent' as const, 'invalid-utf8' as const), weight: 1 },
)

const pair = (name: fc.Arbitrary<string>, value: fc.Arbitrary<string | Slot>) =>
  fc.record({ name, value, encoding: ENCODING })

const RANDOM_PAIR = pair(fc.oneof(fc.constantFrom(...OAUTH_NAMES), text), text)

/** A password or refresh grant done right for this spec, with its Basic header if it takes one. */
function grant(profile: Profile, directory: Directory) {
  const users = directory.users.map((u) => [u.username, u.password] as const)
  const clients = directory.clients
  const user = fc.oneof(
    { arbitrary: fc.constantFrom(...users), weight: 4 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...users), text).map(([[u], p]) => [u, p] as const),
      weight: 2,
    },
    { arbitrary: fc.tuple(text, text), weight: 1 },
  )
  const scope = fc.option(
    fc.oneof(fc.constantFrom(...profile.scopes.supported, 'read', 'openid'), text),
    { freq: 3 },
  )
  const grantPairs = fc.oneof(
    {
      arbitrary: fc
        .tuple(user, scope)
        .map(
          ([[u, p], s]) =>
            [
              ['grant_type', 'password'],
              ['username', u],
              ['password', p],
              ...(s === null ? [] : [['scope', s]]),
            ] as [string, string | Slot][],
        ),
      weight: 3,
    },
    {
      arbitrary: fc.oneof(fc.constant<Slot>({ slot: 'refresh-token' }), text).map(
        (token) =>
          [
            ['grant_type', 'refresh_token'],
            ['refresh_token', token],
          ] as [string, string | Slot][],
      ),
      weight: 1,
    },
  )
  const methods = profile.clientAuthentication.map((m) => m.value)
  const client = fc.constantFrom(...clients)
  const auth = fc.tuple(fc.constantFrom(...methods), client).map(([method, c]) => {
    if (method === 'client_secret_basic') return { basic: true, pairs: [] as [string, string][] }
    if (method === 'client_secret_post') {
      return {
        basic: false,
        pairs: [
          ['client_id', c.clientId],
          ['client_secret', c.clientSecret ?? ''],
        ] as [string, string][],
      }
    }
    return { basic: false, pairs: [['client_id', c.clientId]] as [string, string][] }
  })
  return fc.record({
    pairs: grantPairs,
    auth,
    basic: basicAuthorization(clients),
    encodings: fc.array(ENCODING, { minLength: 8, maxLength: 8 }),
  })
}

/** The form pairs of a token request: a right one, broken by a drop, a repeat, a change or an addition. */
function tokenPairs(profile: Profile, directory: Directory) {
  return fc
    .record({
      base: grant(profile, directory),
      drop: fc.option(fc.nat(7), { freq: 4 }),
      repeat: fc.option(fc.nat(7), { freq: 5 }),
      change: fc.option(fc.tuple(fc.nat(7), text), { freq: 4 }),
      extra: fc.array(RANDOM_PAIR, { maxLength: 2 }),
    })
    .map(({ base, drop, repeat, change, extra }) => {
      const all = [...base.pairs, ...base.auth.pairs]
      let pairs: FormPair[] = all.map(([name, value], i) => ({
        name,
        value,
        encoding: base.encodings[i] ?? 'form',
      }))
      if (change !== null && pairs.length > 0) {
        const at = change[0] % pairs.length
        pairs[at] = { ...pairs[at]!, value: change[1] }
      }
      if (repeat !== null && pairs.length > 0) pairs.push(pairs[repeat % pairs.length]!)
      if (drop !== null && pairs.length > 0)
        pairs = pairs.filter((_, i) => i !== drop % pairs.length)
      return { pairs: [...pairs, ...extra], basic: base.auth.basic ? base.basic : undefined }
    })
}

const BOUNDARY = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,40}$/),
  fc.constantFrom('----tokencheck', 'x', '"quoted"', ''),
)

type Shape =
  | { kind: 'form'; separator: '&' | ';' | '&&' }
  | { kind: 'multipart'; boundary: string; shape: MultipartShape }
  | { kind: 'none' }
  | { kind: 'json'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }

function shapes(multipart: boolean): fc.Arbitrary<Shape> {
  const form = fc.record({
    kind: fc.constant('form' as const),
    separator: fc.constantFrom<'&' | ';' | '&&'>('&', '&', '&', ';', '&&'),
  })
  const parts = fc.record({
    kind: fc.constant('multipart' as const),
    boundary: BOUNDARY,
    shape: fc.constantFrom<MultipartShape>(
      'crlf',
      'crlf',
      'crlf',
      'lf',
      'unclosed',
      'file-part',
      'no-disposition',
    ),
  })
  const json = text.map((t) => ({
    kind: 'json' as const,
    text: JSON.stringify({ grant_type: 'password', username: t }),
  }))
  const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: 'bytes' as const, bytes: b }))
  return fc.oneof(
    { arbitrary: form, weight: multipart ? 2 : 6 },
    { arbitrary: parts, weight: multipart ? 6 : 1 },
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
    { arbitrary: json, weight: 1 },
    { arbitrary: bytes, weight: 1 },
  )
}

function withPairs(shape: Shape, pairs: FormPair[]): Body {
  return shape.kind === 'form' || shape.kind === 'multipart' ? { ...shape, pairs } : shape
}

const CONTENT_TYPE: fc.Arbitrary<ContentType> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'match' as const, boundary: 'declared' as const }), weight: 12 },
  {
    arbitrary: fc
      .constantFrom('other' as const, 'none' as const)
      .map((boundary) => ({ kind: 'match' as const, boundary })),
    weight: 1,
  },
  {
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'application/x-www-form-urlencoded; charset=utf-16',
          'APPLICATION/X-WWW-FORM-URLENCODED',
          'application/x-www-form-urlencoded;;;',
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'multipart/mixed; boundary=x',
          'application/json',
          'text/plain',
          '*/*',
          '',
        ),
        oddBytes,
      )
      .map((value) => ({ kind: 'given' as const, value: headerSafe(value) })),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
)

/** Every request a fuzzer sends to a mock of `profile` with these users and clients. */
export function fuzzRequests(profile: Profile, directory: Directory): fc.Arbitrary<FuzzRequest> {
  const codes = [...new Set(profile.operations.flatMap((op) => op.responses.map((r) => r.status)))]
  const examples = [
    ...new Set(
      profile.operations.flatMap((op) =>
        op.responses.flatMap((r) => r.mediaTypes.flatMap((m) => m.examples.map((e) => e.name))),
      ),
    ),
  ]
  const multipart = profile.token.requestMediaTypes.some(
    (m) => m.mediaType === 'multipart/form-data',
  )
  const form = fc.oneof(
    { arbitrary: tokenPairs(profile, directory), weight: 4 },
    {
      arbitrary: fc
        .array(RANDOM_PAIR, { maxLength: 6 })
        .map((pairs) => ({ pairs, basic: undefined })),
      weight: 1,
    },
  )
  const header = (name: string, value: fc.Arbitrary<string | Slot>, freq: number) =>
    fc.option(
      value.map((v) => [name, v] as [string, string | Slot]),
      { freq },
    )
  return fc
    .record({
      route: methodsAndTargets(profile),
      form,
      shape: shapes(multipart),
      contentType: CONTENT_TYPE,
      authorization: fc.oneof(
        { arbitrary: fc.constant(null), weight: 4 },
        { arbitrary: basicAuthorization(directory.clients), weight: 1 },
        { arbitrary: bearerAuthorization, weight: 2 },
      ),
      prefer: header('prefer', preferValue(codes, examples), 6),
      origin: header('origin', ORIGIN, 8),
      preflight: header('access-control-request-method', fc.constantFrom('POST', 'GET', 'PUT'), 8),
      accept: header('accept', ACCEPT, 6),
      host: header('host', HOST, 10),
      extra: fc.array(
        fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), oddBytes.map(headerSafe)),
        {
          maxLength: 2,
        },
      ),
      twice: fc.boolean(),
    })
    .map(({ route, form, shape, contentType, authorization, twice, extra, ...rest }) => {
      const headers: [string, string | Slot][] = []
      // A token request's own Basic header, unless another Authorization was drawn.
      const auth = authorization ?? form.basic ?? null
      if (auth !== null) headers.push(['authorization', auth])
      if (twice && auth !== null) headers.push(['authorization', auth])
      for (const value of Object.values(rest)) if (value !== null) headers.push(value)
      for (const [name, value] of extra) headers.push([`x-${name}`, value])
      return { ...route, headers, contentType, body: withPairs(shape, form.pairs) }
    })
}

const ORIGIN = fc.constantFrom(
  'http://localhost:5173',
  'http://127.0.0.1:3000',
  'https://evil.example',
  'null',
)
const ACCEPT = fc.constantFrom(
  'application/json',
  'text/html',
  '*/*',
  'application/problem+json',
  'image/png',
  ';;',
)
const HOST = fc.oneof(
  fc.constantFrom('localhost', 'localhost:1', '[::1]:80', 'evil.example', ''),
  // undici itself asserts that a Host starting with `[` closes it.
  oddBytes.map((host) => headerSafe(host).replace(/^\[(?!.*\])/, 'x[')),
)
