/**
 * openid-client 6, a certified OpenID Connect relying party, against the Wogeez mock: discovery
 * by `127.0.0.1` and by `localhost` (the library insists that the document's `issuer` is the URL
 * it was asked for, OpenID Connect Discovery 1.0 §4.3), then the password grant as a generic
 * grant, a refresh (RFC 6749 §6, rotation included) and the userinfo endpoint, all as the public
 * client `wogeez-api` (`token_endpoint_auth_method` none).
 */
import * as oidc from 'openid-client'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { rejection } from '../support/rejection.ts'

const REALM = '/realms/wogeez'

let mock: RunningMock
beforeAll(async () => {
  mock = await startMock({ spec: 'wogeez', log: false })
})
afterAll(() => mock.close())

/** openid-client's discovery of the mock's realm, over plain http (loopback only). */
function discover(issuer: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), 'wogeez-api', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  })
}

function login(config: oidc.Configuration, password = mock.credentials.password) {
  return oidc.genericGrantRequest(config, 'password', {
    username: mock.credentials.username,
    password,
  })
}

describe.each(['127.0.0.1', 'localhost'])('openid-client, discovering by %s', (host) => {
  let issuer: string
  let config: oidc.Configuration

  beforeAll(async () => {
    issuer = `http://${host}:${mock.port}${REALM}`
    config = await discover(issuer)
  })

  it('accepts the discovery document: its issuer is the URL it asked for', () => {
    const metadata = config.serverMetadata()
    expect(metadata.issuer).toBe(issuer)
    expect(metadata.token_endpoint).toBe(`${issuer}/protocol/openid-connect/token`)
    expect(metadata.userinfo_endpoint).toBe(`${issuer}/protocol/openid-connect/userinfo`)
    expect(metadata.grant_types_supported).toEqual([
      'password',
      'refresh_token',
      'authorization_code',
    ])
    expect(config.clientMetadata().client_id).toBe('wogeez-api')
  })

  it('signs in with the password grant, and the access token names that issuer', async () => {
    const tokens = await login(config)
    expect(tokens.token_type.toLowerCase()).toBe('bearer')
    expect(tokens.expires_in).toBe(mock.accessTokenLifetime)
    expect(typeof tokens.refresh_token).toBe('string')
    const claims = decodeJwt(tokens.access_token)
    expect(claims).toMatchObject({ iss: issuer, sub: mock.credentials.username })
    expect(claims['client_id']).toBe('wogeez-api')
  })

  it('refreshes; a replayed refresh token is refused and revokes its family', async () => {
    const first = await login(config)
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!)
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(decodeJwt(second.access_token).sub).toBe(mock.credentials.username)
    const third = await oidc.refreshTokenGrant(config, second.refresh_token!)
    expect(third.refresh_token).not.toBe(second.refresh_token)
    const replay = await rejection(oidc.refreshTokenGrant(config, first.refresh_token!))
    expect(replay).toMatchObject({ name: 'ResponseBodyError', error: 'invalid_grant', status: 400 })
    // RFC 9700 §4.14.2: a replayed refresh token revokes its family, the newest one included.
    expect(await rejection(oidc.refreshTokenGrant(config, third.refresh_token!))).toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('reads userinfo with the access token, for the token’s subject', async () => {
    const tokens = await login(config)
    const subject = decodeJwt(tokens.access_token).sub!
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, subject)
    expect(userinfo.sub).toBe(mock.credentials.username)
  })

  it('sees a wrong password as invalid_grant, and a garbage refresh token likewise', async () => {
    expect(await rejection(login(config, 'not-the-password'))).toMatchObject({
      name: 'ResponseBodyError',
      error: 'invalid_grant',
      status: 400,
    })
    expect(await rejection(oidc.refreshTokenGrant(config, 'garbage'))).toMatchObject({
      error: 'invalid_grant',
    })
  })
})

describe('openid-client and an issuer that is not the URL asked for', () => {
  it('refuses it, so the two hosts above are each a real issuer check', async () => {
    // Asked for localhost, but the request goes to 127.0.0.1: the mock names the URL it was
    // sent to, which the library must refuse as not the issuer it asked for.
    const asked = `http://localhost:${mock.port}${REALM}`
    const error = await rejection(
      oidc.discovery(new URL(asked), 'wogeez-api', undefined, oidc.None(), {
        execute: [oidc.allowInsecureRequests],
        [oidc.customFetch]: (url, options) =>
          fetch(url.replace('//localhost:', '//127.0.0.1:'), options as RequestInit),
      }),
    )
    expect(error['code']).toBe('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')
    expect(String(error['message'])).toMatch(/issuer/)
  })
})
