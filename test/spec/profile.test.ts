import { readablePointer } from '../../src/openapi/pointer.ts'
import { describe, expect, it } from 'vitest'
import { loadProfile } from '../../src/openapi/load.ts'
import type { Profile } from '../../src/openapi/profile.ts'

/** The parts of a Profile a person reads: everything but file paths, hashes and the operation list. */
function summary(profile: Profile) {
  const op = (o: Profile['jwks']) => o && `${o.method.toUpperCase()} ${o.path} (${o.source})`
  return {
    name: profile.name,
    title: profile.title,
    servers: profile.servers,
    vendorPage: profile.vendorPage,
    token: {
      endpoint: `${profile.token.method.toUpperCase()} ${profile.token.path}`,
      operationId: profile.token.operationId,
      requestMediaType: profile.token.requestMediaType,
      requestMediaTypes: profile.token.requestMediaTypes.map((m) => `${m.mediaType} (${m.source})`),
      security: profile.token.security,
      statuses: profile.token.responses.map((r) => r.status),
      errorMediaType: profile.token.errorMediaType,
      successHeaders: profile.token.responses
        .find((r) => r.status === '200')
        ?.headers.map((h) => `${h.name}${h.required ? ' (required)' : ''} (${h.source})`),
    },
    jwks: op(profile.jwks),
    protectedResource: op(profile.protectedResource),
    resourceScopes: profile.protectedResource?.scopes,
    discovery: op(profile.discovery),
    grants: profile.grants.map((g) => `${g.value} (${g.source})`),
    clientAuthentication: profile.clientAuthentication.map((c) => `${c.value} (${c.source})`),
    clients: profile.clients,
    errorStyle: profile.errorStyle,
    tokenFormat: profile.tokenFormat,
    usernamePattern: profile.usernamePattern,
    scopes: profile.scopes,
    exampleCredentials: profile.exampleCredentials,
    deviations: profile.deviations.map((d) => `${d.check} (${d.clause}, line ${d.line})`),
  }
}

const CACHE_HEADERS = [
  'cache-control (required) (rfc6749#section-5.1)',
  'pragma (required) (rfc6749#section-5.1)',
]

describe('Profile of each bundled spec, field by field', () => {
  it('wokelo', () => {
    expect(summary(loadProfile('wokelo'))).toEqual({
      name: 'wokelo',
      title: 'Wokelo token API',
      servers: ['https://wokelo.invalid'],
      vendorPage: 'wokelo-auth-token.txt',
      token: {
        endpoint: 'POST /auth/token/',
        operationId: 'createToken',
        requestMediaType: 'multipart/form-data',
        requestMediaTypes: [
          'multipart/form-data (vendor-doc#L46)',
          'application/x-www-form-urlencoded (rfc6749#section-4.3.2)',
        ],
        security: ['none', 'http-basic'],
        statuses: ['200', '400', '401', '413', '415'],
        errorMediaType: 'application/json',
        successHeaders: CACHE_HEADERS,
      },
      jwks: 'GET /.well-known/jwks.json (tokencheck)',
      protectedResource: 'GET /api/me (tokencheck)',
      resourceScopes: [],
      discovery: undefined,
      grants: ['password (vendor-doc#L63-L66)', 'refresh_token (vendor-doc#L90)'],
      clientAuthentication: [
        'client_secret_post (vendor-doc#L46-L54)',
        'client_secret_basic (rfc6749#section-2.3.1)',
      ],
      clients: [],
      errorStyle: { value: 'rfc6749', source: 'rfc6749#section-5.2' },
      tokenFormat: { value: 'jwt', source: 'vendor-doc#L73-L75' },
      usernamePattern: undefined,
      scopes: { supported: ['read', 'write'], default: 'read write', source: 'vendor-doc#L28' },
      exampleCredentials: {
        username: 'sam@abconsulting.com',
        password: 'password',
        clientId: 'R9L25HMhvxp33N4ws2PYBqVTMclSnXKjdf8E4Mf',
        clientSecret: 'NmwXR8KYjUnpqs2hwmHJHBLTNPV4x7DtZA5ScK',
        source: 'vendor-doc#L7-L12',
      },
      deviations: [],
    })
  })

  it('auth-login', () => {
    expect(summary(loadProfile('auth-login'))).toEqual({
      name: 'auth-login',
      title: 'Login API (RFC 9457 problem details)',
      servers: ['https://example.com/api'],
      vendorPage: 'auth-login-problem-details.txt',
      token: {
        endpoint: 'POST /auth/login',
        operationId: 'login',
        requestMediaType: 'application/x-www-form-urlencoded',
        requestMediaTypes: ['application/x-www-form-urlencoded (vendor-doc#L7)'],
        security: ['none', 'http-basic'],
        statuses: ['200', '400', '401', '403', '404', '413', '415', '422', '500'],
        errorMediaType: 'application/problem+json',
        successHeaders: CACHE_HEADERS,
      },
      jwks: 'GET /.well-known/jwks.json (tokencheck)',
      protectedResource: 'GET /users/me (tokencheck)',
      resourceScopes: [],
      discovery: undefined,
      grants: ['password (vendor-doc#L5)', 'refresh_token (vendor-doc#L18-L22)'],
      clientAuthentication: [
        'client_secret_post (vendor-doc#L4)',
        'client_secret_basic (rfc6749#section-2.3.1)',
      ],
      clients: [],
      errorStyle: { value: 'rfc9457', source: 'vendor-doc#L32-L50' },
      tokenFormat: { value: 'jwt', source: 'vendor-doc#L16' },
      usernamePattern: undefined,
      scopes: { supported: [], source: 'vendor-doc' },
      exampleCredentials: {
        username: 'example',
        password: 'example',
        clientId: 'example',
        clientSecret: 'example',
        source: 'vendor-doc#L4',
      },
      deviations: [
        'rfc6749.5.2.error-media-type (RFC 6749 §5.2, line 32)',
        'rfc6749.5.2.error-code (RFC 6749 §5.2, line 33)',
      ],
    })
  })

  it('wogeez', () => {
    expect(summary(loadProfile('wogeez'))).toEqual({
      name: 'wogeez',
      title: 'Wogeez authentication (OpenID Connect)',
      servers: ['https://auth.wogeez.com'],
      vendorPage: 'wogeez-openid-connect.txt',
      token: {
        endpoint: 'POST /realms/wogeez/protocol/openid-connect/token',
        operationId: 'getToken',
        requestMediaType: 'application/x-www-form-urlencoded',
        requestMediaTypes: ['application/x-www-form-urlencoded (vendor-doc#L15)'],
        security: [],
        statuses: ['200', '400', '401', '413', '415'],
        errorMediaType: 'application/json',
        successHeaders: CACHE_HEADERS,
      },
      jwks: 'GET /realms/wogeez/protocol/openid-connect/certs (oidc-discovery#section-3)',
      protectedResource:
        'GET /realms/wogeez/protocol/openid-connect/userinfo (oidc-core#section-5.3)',
      resourceScopes: [],
      discovery: 'GET /realms/wogeez/.well-known/openid-configuration (vendor-doc#L6-L9)',
      grants: ['password (vendor-doc#L12-L19)', 'refresh_token (rfc6749#section-6)'],
      clientAuthentication: ['none (vendor-doc#L16)'],
      clients: [{ clientId: 'wogeez-api', type: 'public', source: 'vendor-doc#L16' }],
      errorStyle: { value: 'rfc6749', source: 'rfc6749#section-5.2' },
      tokenFormat: { value: 'jwt', source: 'vendor-doc#L2-L4' },
      usernamePattern: undefined,
      scopes: { supported: [], source: 'vendor-doc' },
      exampleCredentials: {
        username: 'your-username',
        password: 'your-password',
        clientId: 'wogeez-api',
        source: 'vendor-doc#L16-L18',
      },
      deviations: [],
    })
  })

  it('wso2-api-cloud', () => {
    expect(summary(loadProfile('wso2-api-cloud'))).toEqual({
      name: 'wso2-api-cloud',
      title: 'WSO2 API Cloud Token API',
      servers: ['https://gateway.api.cloud.wso2.com:8243', 'https://gateway.api.cloud.wso2.com'],
      vendorPage: 'wso2-api-cloud-token.txt',
      token: {
        endpoint: 'POST /token',
        operationId: 'generateToken',
        requestMediaType: 'application/x-www-form-urlencoded',
        requestMediaTypes: ['application/x-www-form-urlencoded (vendor-doc#L20)'],
        security: ['http-basic'],
        statuses: ['200', '400', '401', '413', '415'],
        errorMediaType: 'application/json',
        successHeaders: CACHE_HEADERS,
      },
      jwks: 'GET /.well-known/jwks.json (tokencheck)',
      protectedResource: 'GET /resource (tokencheck)',
      resourceScopes: ['update'],
      discovery: undefined,
      grants: ['password (vendor-doc#L1)', 'refresh_token (vendor-doc#L23)'],
      clientAuthentication: ['client_secret_basic (vendor-doc#L9-L10)'],
      clients: [],
      errorStyle: { value: 'rfc6749', source: 'rfc6749#section-5.2' },
      tokenFormat: { value: 'unspecified', source: 'rfc6749#section-1.4' },
      usernamePattern: { value: '^[^@\\s]+@[^@\\s]+@[^@\\s]+$', source: 'vendor-doc#L17' },
      scopes: { supported: ['read', 'update'], source: 'vendor-doc#L18' },
      exampleCredentials: {
        username: 'john@johns.org@johnsorg',
        clientId: 'wU62DjlyDBnq87GlBwplfqvmAbAa',
        clientSecret: 'ksdSdoefDDP7wpaElfqvmjDue',
        source: 'vendor-doc#L10-L17',
      },
      deviations: [],
    })
  })

  it('rfc6749-password', () => {
    expect(summary(loadProfile('rfc6749-password'))).toEqual({
      name: 'rfc6749-password',
      title: 'OAuth 2.0 password grant (RFC 6749)',
      servers: ['https://server.example.com'],
      vendorPage: undefined,
      token: {
        endpoint: 'POST /token',
        operationId: 'requestToken',
        requestMediaType: 'application/x-www-form-urlencoded',
        requestMediaTypes: ['application/x-www-form-urlencoded (rfc6749#section-4.3.2)'],
        security: ['http-basic', 'none'],
        statuses: ['200', '400', '401', '413', '415'],
        errorMediaType: 'application/json',
        successHeaders: CACHE_HEADERS,
      },
      jwks: 'GET /.well-known/jwks.json (tokencheck)',
      protectedResource: 'GET /resource (rfc6750#section-2.1)',
      resourceScopes: [],
      discovery: undefined,
      grants: ['password (rfc6749#section-4.3)', 'refresh_token (rfc6749#section-6)'],
      clientAuthentication: [
        'client_secret_basic (rfc6749#section-2.3.1)',
        'client_secret_post (rfc6749#section-2.3.1)',
      ],
      clients: [],
      errorStyle: { value: 'rfc6749', source: 'rfc6749#section-5.2' },
      tokenFormat: { value: 'unspecified', source: 'rfc6749#section-1.4' },
      usernamePattern: undefined,
      scopes: { supported: [], source: 'vendor-doc' },
      exampleCredentials: {
        username: 'johndoe',
        password: 'A3ddj3w',
        clientId: 's6BhdRkqt3',
        clientSecret: 'gX1fBat3bV',
        source: 'rfc6749#section-4.3.2',
      },
      deviations: [],
    })
  })
})

describe('readablePointer', () => {
  it.each([
    [
      '/paths/~1auth~1token~1/post/responses/200/content/application~1json/schema',
      'paths › /auth/token/ › post › responses › 200 › content › application/json › schema',
    ],
    ['#/components/schemas/Token', 'components › schemas › Token'],
    ['/a~0b', 'a~b'],
    ['', '(the document)'],
  ])('%s', (pointer, readable) => {
    expect(readablePointer(pointer)).toBe(readable)
  })
})
