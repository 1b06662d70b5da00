import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUNDLED_SPECS_DIR, loadSpec } from '../../src/openapi/load.ts'
import { getAt, isRecord, resolveRefs } from '../../src/openapi/pointer.ts'
import type { OperationInfo } from '../../src/openapi/operation-info.ts'
import type { Profile } from '../../src/openapi/profile.ts'

/**
 * Each spec held to its vendor page: every row names a line of the page, proves that the line says
 * what the row claims, and proves that the spec carries it.
 */
interface Spec {
  profile: Profile
  data: unknown
}
type Row = [line: number, quote: string, claim: string, holds: (spec: Spec) => void]

const pageLines = (page: string) =>
  readFileSync(join(BUNDLED_SPECS_DIR, 'vendor-docs', page), 'utf8').split('\n')

/** Property names of the schema at `pointer`, through $ref and allOf/oneOf/anyOf. */
function properties(data: unknown, pointer: string): Record<string, unknown> {
  const resolved = resolveRefs(data, pointer)
  if ('error' in resolved || !isRecord(resolved.value)) return {}
  const schema = resolved.value
  const own = isRecord(schema['properties']) ? schema['properties'] : {}
  const nested = (['allOf', 'oneOf', 'anyOf'] as const).flatMap((keyword) =>
    Array.isArray(schema[keyword])
      ? (schema[keyword] as unknown[]).map((_, i) =>
          properties(data, `${resolved.pointer}/${keyword}/${i}`),
        )
      : [],
  )
  return Object.assign({}, ...nested, own)
}

function requiredOf(data: unknown, pointer: string): string[] {
  const resolved = resolveRefs(data, pointer)
  if ('error' in resolved || !isRecord(resolved.value)) return []
  const schema = resolved.value
  const own = Array.isArray(schema['required']) ? (schema['required'] as string[]) : []
  const firstBranch = Array.isArray(schema['oneOf'])
    ? requiredOf(data, `${resolved.pointer}/oneOf/0`)
    : []
  return [...own, ...firstBranch]
}

function requestSchema(spec: Spec, mediaType = spec.profile.token.requestMediaType): string {
  const media = spec.profile.token.requestMediaTypes.find((m) => m.mediaType === mediaType)
  if (media?.schemaPointer === undefined) throw new Error(`no ${mediaType} request schema`)
  const resolved = resolveRefs(spec.data, media.schemaPointer)
  return 'error' in resolved ? media.schemaPointer : resolved.pointer
}

function successSchema(spec: Spec, op: OperationInfo = spec.profile.token): string {
  const pointer = op.responses.find((r) => r.status === '200')?.mediaTypes[0]?.schemaPointer
  if (pointer === undefined) throw new Error('no 200 schema')
  return pointer
}

const requestField =
  (name: string, required = true) =>
  (spec: Spec) => {
    expect(Object.keys(properties(spec.data, requestSchema(spec)))).toContain(name)
    if (required) expect(requiredOf(spec.data, requestSchema(spec))).toContain(name)
  }
const responseField = (name: string, type: string) => (spec: Spec) => {
  expect(properties(spec.data, successSchema(spec))[name]).toMatchObject({ type })
}
const requestExample = (values: Record<string, string>) => (spec: Spec) => {
  const media = spec.profile.token.requestMediaTypes.find(
    (m) => m.mediaType === spec.profile.token.requestMediaType,
  )
  expect(media?.examples.map((e) => e.value)).toContainEqual(values)
}
const successExample = (values: Record<string, unknown>) => (spec: Spec) => {
  const success = spec.profile.token.responses.find((r) => r.status === '200')
  expect(success?.mediaTypes[0]?.examples[0]?.value).toMatchObject(values)
}
const status = (code: string, mediaType: string) => (spec: Spec) => {
  const response = spec.profile.token.responses.find((r) => r.status === code)
  expect(response?.source).toMatch(/^vendor-doc#L/)
  expect(response?.mediaTypes.map((m) => m.mediaType)).toEqual([mediaType])
}

const PAGES: Record<string, { page: string; rows: Row[] }> = {
  wokelo: {
    page: 'wokelo-auth-token.txt',
    rows: [
      [
        40,
        'Endpoint: /auth/token/',
        'the token endpoint is POST /auth/token/',
        (s) =>
          expect(`${s.profile.token.method} ${s.profile.token.path}`).toBe('post /auth/token/'),
      ],
      [
        46,
        'as form-data in the request body',
        'the request is multipart/form-data',
        (s) => expect(s.profile.token.requestMediaType).toBe('multipart/form-data'),
      ],
      [47, 'client_id', '"client_id" is a required field', requestField('client_id')],
      [51, 'client_secret', '"client_secret" is a required field', requestField('client_secret')],
      [55, 'username', '"username" is a required field', requestField('username')],
      [59, 'password', '"password" is a required field', requestField('password')],
      [63, 'grant_type', '"grant_type" is a required field', requestField('grant_type')],
      [
        66,
        'use "password"',
        '"grant_type" is `password`',
        (s) =>
          expect(properties(s.data, `${requestSchema(s)}/oneOf/0`)['grant_type']).toMatchObject({
            const: 'password',
          }),
      ],
      [
        8,
        'formdata.append("username", "sam@abconsulting.com");',
        'the page example is a request example',
        requestExample({
          username: 'sam@abconsulting.com',
          password: 'password',
          grant_type: 'password',
          client_id: 'R9L25HMhvxp33N4ws2PYBqVTMclSnXKjdf8E4Mf',
          client_secret: 'NmwXR8KYjUnpqs2hwmHJHBLTNPV4x7DtZA5ScK',
        }),
      ],
      [
        72,
        'On successful authentication (HTTP 200)',
        '200 is documented',
        (s) =>
          expect(s.profile.token.responses.find((r) => r.status === '200')?.source).toBe(
            'vendor-doc#L72',
          ),
      ],
      [73, 'access_token', '"access_token" is a string', responseField('access_token', 'string')],
      [76, 'expires_in', '"expires_in" is an integer', responseField('expires_in', 'integer')],
      [79, 'token_type', '"token_type" is a string', responseField('token_type', 'string')],
      [82, 'scope', '"scope" is a string', responseField('scope', 'string')],
      [
        85,
        'refresh_token',
        '"refresh_token" is a string',
        responseField('refresh_token', 'string'),
      ],
      [
        26,
        '"expires_in": 2628288',
        "the response example is the page's",
        successExample({
          expires_in: 2628288,
          token_type: 'Bearer',
          scope: 'read write',
          access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
          refresh_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
        }),
      ],
      [
        90,
        'use the refresh token to obtain a new access token',
        'the refresh grant is there',
        (s) => expect(s.profile.grants.map((g) => g.value)).toContain('refresh_token'),
      ],
      [
        75,
        'JWT for authenticated API access',
        'tokens are JWTs',
        (s) => expect(s.profile.tokenFormat.value).toBe('jwt'),
      ],
    ],
  },
  'auth-login': {
    page: 'auth-login-problem-details.txt',
    rows: [
      [
        3,
        '/auth/login',
        'the token endpoint is POST /auth/login',
        (s) => expect(`${s.profile.token.method} ${s.profile.token.path}`).toBe('post /auth/login'),
      ],
      [
        4,
        "const url = 'https://example.com/api/auth/login'",
        'the server is https://example.com/api',
        (s) => expect(s.profile.servers).toEqual(['https://example.com/api']),
      ],
      [
        7,
        'Media type application/x-www-form-urlencoded',
        'the request is urlencoded',
        (s) => expect(s.profile.token.requestMediaType).toBe('application/x-www-form-urlencoded'),
      ],
      ...['grant_type', 'username', 'password', 'scope', 'client_id', 'client_secret'].map(
        (field): Row => [
          4,
          `${field}: 'example'`.replace("scope: 'example'", "scope: ''"),
          `"${field}" is a request field`,
          requestField(field, false),
        ],
      ),
      [
        4,
        "scope: ''",
        'the page example (scope empty) is a request example',
        requestExample({
          grant_type: 'example',
          username: 'example',
          password: 'example',
          scope: '',
          client_id: 'example',
          client_secret: 'example',
        }),
      ],
      [
        10,
        'Media type application/json',
        'the success response is application/json',
        (s) =>
          expect(
            s.profile.token.responses
              .find((r) => r.status === '200')
              ?.mediaTypes.map((m) => m.mediaType),
          ).toEqual(['application/json']),
      ],
      [
        14,
        'required',
        '"access_token" is required',
        (s) => expect(requiredOf(s.data, successSchema(s))).toContain('access_token'),
      ],
      [
        19,
        'required',
        '"refresh_token" is required',
        (s) => expect(requiredOf(s.data, successSchema(s))).toContain('refresh_token'),
      ],
      [
        27,
        'required',
        '"expires_in" is a required integer',
        (s) => {
          expect(requiredOf(s.data, successSchema(s))).toContain('expires_in')
          expect(properties(s.data, successSchema(s))['expires_in']).toMatchObject({
            type: 'integer',
          })
        },
      ],
      [
        23,
        'token_type',
        '"token_type" is optional, example `bearer`',
        (s) => {
          expect(requiredOf(s.data, successSchema(s))).not.toContain('token_type')
          expect(properties(s.data, successSchema(s))['token_type']).toMatchObject({
            examples: ['bearer'],
          })
        },
      ],
      [32, 'Bad request', '400 is a ProblemDetail', status('400', 'application/problem+json')],
      [51, 'Unauthorized', '401 is a ProblemDetail', status('401', 'application/problem+json')],
      [70, 'Forbidden', '403 is a ProblemDetail', status('403', 'application/problem+json')],
      [89, 'Not found', '404 is a ProblemDetail', status('404', 'application/problem+json')],
      [
        108,
        'Validation error',
        '422 is a ProblemDetail',
        status('422', 'application/problem+json'),
      ],
      [
        127,
        'Internal server error',
        '500 is a ProblemDetail',
        status('500', 'application/problem+json'),
      ],
      [
        39,
        'required',
        'ProblemDetail requires title, status and detail; type example `about:blank`',
        (s) => {
          const pointer = '/components/schemas/ProblemDetail'
          expect(requiredOf(s.data, pointer)).toEqual(['title', 'status', 'detail'])
          expect(properties(s.data, pointer)['type']).toMatchObject({
            type: 'string',
            examples: ['about:blank'],
          })
          expect(properties(s.data, pointer)['status']).toMatchObject({ type: 'integer' })
        },
      ],
      [
        51,
        '{ "type": "about:blank"}',
        'errors are RFC 9457, a documented deviation from RFC 6749 §5.2',
        (s) => {
          expect(s.profile.errorStyle.value).toBe('rfc9457')
          expect(s.profile.deviations.map((d) => d.check)).toEqual([
            'rfc6749.5.2.error-media-type',
            'rfc6749.5.2.error-code',
          ])
        },
      ],
    ],
  },
  wogeez: {
    page: 'wogeez-openid-connect.txt',
    rows: [
      [
        9,
        'https://auth.wogeez.com/realms/wogeez/.well-known/openid-configuration',
        'the discovery document is there',
        (s) => {
          expect(s.profile.discovery?.path).toBe('/realms/wogeez/.well-known/openid-configuration')
          expect(s.profile.servers).toEqual(['https://auth.wogeez.com'])
        },
      ],
      [
        14,
        'https://auth.wogeez.com/realms/wogeez/protocol/openid-connect/token',
        'the token endpoint',
        (s) =>
          expect(`${s.profile.token.method} ${s.profile.token.path}`).toBe(
            'post /realms/wogeez/protocol/openid-connect/token',
          ),
      ],
      [
        15,
        'application/x-www-form-urlencoded',
        'the request is urlencoded',
        (s) => expect(s.profile.token.requestMediaType).toBe('application/x-www-form-urlencoded'),
      ],
      [
        16,
        'client_id=wogeez-api',
        'the public client wogeez-api',
        (s) => {
          expect(properties(s.data, `${requestSchema(s)}/oneOf/0`)['client_id']).toMatchObject({
            const: 'wogeez-api',
          })
          expect(s.profile.clients).toEqual([
            { clientId: 'wogeez-api', type: 'public', source: 'vendor-doc#L16' },
          ])
          expect(s.profile.clientAuthentication.map((c) => c.value)).toEqual(['none'])
        },
      ],
      [17, 'username=your-username', '"username" is required', requestField('username')],
      [18, 'password=your-password', '"password" is required', requestField('password')],
      [
        19,
        'grant_type=password',
        '"grant_type" is `password`',
        (s) =>
          expect(properties(s.data, `${requestSchema(s)}/oneOf/0`)['grant_type']).toMatchObject({
            const: 'password',
          }),
      ],
      [
        16,
        '-d "client_id=wogeez-api"',
        'the curl example is a request example',
        requestExample({
          client_id: 'wogeez-api',
          username: 'your-username',
          password: 'your-password',
          grant_type: 'password',
        }),
      ],
      [
        25,
        '"expires_in": 3600',
        "the response example is the page's",
        successExample({
          access_token: 'your-jwt-token',
          expires_in: 3600,
          token_type: 'Bearer',
        }),
      ],
      [
        21,
        'URL-encoded',
        'the page asks for URL-encoded credentials: the request is form-urlencoded',
        (s) =>
          expect(s.profile.token.requestMediaTypes.map((m) => m.mediaType)).toEqual([
            'application/x-www-form-urlencoded',
          ]),
      ],
    ],
  },
  'wso2-api-cloud': {
    page: 'wso2-api-cloud-token.txt',
    rows: [
      [
        12,
        'https://gateway.api.cloud.wso2.com:8243/token',
        'the token endpoint and its server',
        (s) => {
          expect(`${s.profile.token.method} ${s.profile.token.path}`).toBe('post /token')
          expect(s.profile.servers).toContain('https://gateway.api.cloud.wso2.com:8243')
        },
      ],
      [
        24,
        'https://gateway.api.cloud.wso2.com/token',
        "the curl example's server",
        (s) => expect(s.profile.servers).toContain('https://gateway.api.cloud.wso2.com'),
      ],
      [
        20,
        'Authorization: Basic <base64 encoded string>',
        'the consumer key and secret go in Basic',
        (s) => {
          expect(s.profile.token.security).toEqual(['http-basic'])
          expect(s.profile.clientAuthentication.map((c) => c.value)).toEqual([
            'client_secret_basic',
          ])
        },
      ],
      [
        10,
        'wU62DjlyDBnq87GlBwplfqvmAbAa:ksdSdoefDDP7wpaElfqvmjDue',
        'the example key and secret',
        (s) =>
          expect(s.profile.exampleCredentials).toMatchObject({
            clientId: 'wU62DjlyDBnq87GlBwplfqvmAbAa',
            clientSecret: 'ksdSdoefDDP7wpaElfqvmjDue',
          }),
      ],
      [
        14,
        'grant_type=password&username=<username>&password=<password>&scope=<scope>',
        'the payload fields',
        (s) => {
          expect(requiredOf(s.data, requestSchema(s))).toEqual([
            'grant_type',
            'username',
            'password',
          ])
          expect(Object.keys(properties(s.data, requestSchema(s)))).toContain('scope')
        },
      ],
      [
        17,
        '<scope> is optional',
        '"scope" is optional',
        (s) => expect(requiredOf(s.data, requestSchema(s))).not.toContain('scope'),
      ],
      [
        17,
        'john@johns.org@johnsorg',
        'usernames are email@organization-key',
        (s) => {
          const pattern = new RegExp(s.profile.usernamePattern?.value ?? '$^', 'u')
          expect(pattern.test('john@johns.org@johnsorg')).toBe(true)
          expect(pattern.test('john@johns.org')).toBe(false)
        },
      ],
      [
        20,
        'Content-Type: application/x-www-form-urlencoded',
        'the request is urlencoded',
        (s) => expect(s.profile.token.requestMediaType).toBe('application/x-www-form-urlencoded'),
      ],
      [
        23,
        'It generates two tokens as an access token and a refresh token',
        'both tokens are required; refresh grant',
        (s) => {
          expect(requiredOf(s.data, successSchema(s))).toEqual(
            expect.arrayContaining(['access_token', 'refresh_token']),
          )
          expect(s.profile.grants.map((g) => g.value)).toContain('refresh_token')
        },
      ],
      [
        25,
        'set to 60 minutes by default',
        '"expires_in" example is 3600',
        successExample({ expires_in: 3600 }),
      ],
      [
        18,
        "If the token is issued for 'read' only, the request bearing the particular token will be blocked",
        'the resource needs `update`; a read-only token gets 403',
        (s) => {
          expect(s.profile.protectedResource?.scopes).toEqual(['update'])
          expect(s.profile.protectedResource?.responses.map((r) => r.status)).toContain('403')
          expect(s.profile.scopes.supported).toEqual(['read', 'update'])
        },
      ],
    ],
  },
}

describe.each(Object.entries(PAGES))('spec %s against its vendor page', (name, { page, rows }) => {
  const { profile, document } = loadSpec(name)
  const lines = pageLines(page)
  it('cites its page', () => expect(profile.vendorPage).toBe(page))
  it.each(rows)(`${page} line %i says %j, so: %s`, (line, quote, _claim, holds) => {
    expect(lines[line - 1]).toContain(quote)
    holds({ profile, data: document.data })
  })
})

describe('the fidelity table can fail', () => {
  it('when the spec does not carry what the page says', () => {
    const { profile, document } = loadSpec('wogeez')
    expect(() => requestField('client_secret')({ profile, data: document.data })).toThrow()
  })
  it('when a row cites the wrong line', () => {
    expect(pageLines('wokelo-auth-token.txt')[45]).not.toContain('Endpoint: /auth/token/')
  })
  it('reads pages and pointers as written', () => {
    expect(getAt({ a: { 'b/c': 1 } }, '/a/b~1c')).toBe(1)
  })
})
