/**
 * A run's embedded mock: its first access token, the one the expiry scenario waits out, lives
 * the run's short lifetime; every later one lives the vendor example's `expires_in`.
 */
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningMock } from '../../src/mock/index.ts'
import { startEmbeddedMock } from '../../src/run/embedded-mock.ts'
import { postToken } from '../mock/token-client.ts'

let mock: RunningMock
beforeAll(async () => {
  mock = (await startEmbeddedMock('wokelo', 2)) as RunningMock
})
afterAll(() => mock.close())

const grant = async () => {
  const { username, password } = mock.credentials
  const answer = await postToken(mock, {
    params: [
      ['grant_type', 'password'],
      ['username', username],
      ['password', password],
    ],
  })
  expect(answer.status).toBe(200)
  const body = answer.json as { access_token: string; expires_in: number }
  const claims = decodeJwt(body.access_token)
  return { expiresIn: body.expires_in, lifetime: claims.exp! - claims.iat! }
}

describe('the embedded mock of a run', () => {
  it('issues its first access token for 2 s, and every later one for the vendor’s lifetime', async () => {
    expect(await grant()).toEqual({ expiresIn: 2, lifetime: 2 })
    // wokelo's page shows "expires_in": 2628288.
    expect(await grant()).toEqual({ expiresIn: 2628288, lifetime: 2628288 })
    expect(await grant()).toEqual({ expiresIn: 2628288, lifetime: 2628288 })
  })
})
