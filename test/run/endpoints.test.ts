import { describe, expect, it } from 'vitest'
import { endpointsFor, joinUrl } from '../../src/run/endpoints.ts'
import { envNames } from '../../src/run/env.ts'
import type { TargetPlan } from '../../src/run/plan.ts'
import { loadProfile } from '../../src/openapi/load.ts'

const target = (fields: Partial<TargetPlan>): TargetPlan => ({
  name: 't',
  kind: 'real',
  spec: 'x',
  env: envNames(),
  ...fields,
})

describe('endpointsFor', () => {
  it('puts every spec path under the mock URL for a mock target', () => {
    const endpoints = endpointsFor(
      target({ kind: 'mock' }),
      loadProfile('wogeez'),
      'http://127.0.0.1:5000',
    )
    expect(endpoints).toEqual({
      tokenUrl: 'http://127.0.0.1:5000/realms/wogeez/protocol/openid-connect/token',
      protectedResourceUrl: 'http://127.0.0.1:5000/realms/wogeez/protocol/openid-connect/userinfo',
      discoveryUrl: 'http://127.0.0.1:5000/realms/wogeez/.well-known/openid-configuration',
      jwksUrl: 'http://127.0.0.1:5000/realms/wogeez/protocol/openid-connect/certs',
      unavailable: {},
    })
  })

  it('does not guess at paths only the mock serves on a real target', () => {
    const endpoints = endpointsFor(
      target({ baseUrl: 'https://gw.example/' }),
      loadProfile('wso2-api-cloud'),
    )
    expect(endpoints).toEqual({
      tokenUrl: 'https://gw.example/token',
      unavailable: {
        protectedResource:
          "the spec's protected resource (GET /resource) is served by the embedded mock only; pass --protected-resource <url>",
        discovery: 'the spec names no discovery document; pass --discovery-url <url>',
        jwks: "the spec's JWK Set (GET /.well-known/jwks.json) is served by the embedded mock only",
      },
    })
  })

  it('takes given URLs first, and the JWK Set from discovery when the spec path is the mock’s', () => {
    const endpoints = endpointsFor(
      target({
        tokenUrl: 'https://idp.example/o/token/',
        protectedResourceUrl: 'https://api.example/me',
        discoveryUrl: 'https://idp.example/.well-known/openid-configuration',
      }),
      loadProfile('rfc6749-password'),
    )
    expect(endpoints).toMatchObject({
      tokenUrl: 'https://idp.example/o/token/',
      protectedResourceUrl: 'https://api.example/me',
      discoveryUrl: 'https://idp.example/.well-known/openid-configuration',
      jwksFromDiscovery: true,
    })
    expect(endpoints.jwksUrl).toBeUndefined()
  })

  it.each([
    ['https://a.example', '/token', 'https://a.example/token'],
    ['https://a.example/api/', '/auth/login', 'https://a.example/api/auth/login'],
    ['https://a.example/api', 'x', 'https://a.example/api/x'],
  ])('joins %s and %s', (base, path, url) => {
    expect(joinUrl(base, path)).toBe(url)
  })
})
