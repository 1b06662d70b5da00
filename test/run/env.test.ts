import { describe, expect, it } from 'vitest'
import { credentialsFromEnv, envHints, envNames } from '../../src/run/env.ts'
import { loadProfile } from '../../src/spec/load.ts'

describe('credentials from the environment', () => {
  it('reads every credential by its variable name', () => {
    const names = envNames({ username: 'MY_USER' })
    expect(
      credentialsFromEnv(names, loadProfile('rfc6749-password'), {
        MY_USER: 'u',
        TOKENCHECK_PASSWORD: 'p',
        TOKENCHECK_CLIENT_ID: 'c',
        TOKENCHECK_CLIENT_SECRET: 's',
        TOKENCHECK_CLIENT2_ID: 'c2',
        TOKENCHECK_SPECIAL_USERNAME: 'su',
        TOKENCHECK_SPECIAL_PASSWORD: 'sp',
        TOKENCHECK_SPECIAL_CLIENT_ID: 'sc',
      }),
    ).toEqual({
      credentials: {
        user: { username: 'u', password: 'p' },
        client: { clientId: 'c', clientSecret: 's' },
        client2: { clientId: 'c2' },
        specialUser: { username: 'su', password: 'sp' },
      },
    })
  })

  it('falls back to the spec’s fixed client id', () => {
    const found = credentialsFromEnv(envNames(), loadProfile('wogeez'), {
      TOKENCHECK_USERNAME: 'u',
      TOKENCHECK_PASSWORD: 'p',
    })
    expect(found).toEqual({
      credentials: { user: { username: 'u', password: 'p' }, client: { clientId: 'wogeez-api' } },
    })
  })

  it('names the missing variables, an empty one counting as missing', () => {
    expect(
      credentialsFromEnv(envNames(), loadProfile('wokelo'), { TOKENCHECK_USERNAME: '' }),
    ).toEqual({ missing: ['TOKENCHECK_USERNAME', 'TOKENCHECK_PASSWORD'] })
  })

  it('names the variables to set in skip reasons', () => {
    expect(envHints(envNames({ 'client2-id': 'C2', 'client2-secret': 'C2S' })).client2).toBe(
      'set C2 and C2S',
    )
  })
})
