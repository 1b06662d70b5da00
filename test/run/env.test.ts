import { describe, expect, it } from 'vitest'
import { credentialsFromEnv, envHints, envNames } from '../../src/run/env.ts'
import { loadProfile } from '../../src/openapi/load.ts'

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

  it('names every missing variable, an empty one counting as missing', () => {
    // wokelo's client is confidential (client_secret_post only): its id and secret are required.
    expect(
      credentialsFromEnv(envNames(), loadProfile('wokelo'), { TOKENCHECK_USERNAME: '' }),
    ).toEqual({
      missing: [
        'TOKENCHECK_USERNAME',
        'TOKENCHECK_PASSWORD',
        'TOKENCHECK_CLIENT_ID',
        'TOKENCHECK_CLIENT_SECRET',
      ],
    })
  })

  it('requires a confidential client’s id and secret: without them nothing can be judged', () => {
    // Before: the run went on, judged nothing (every check skipped) and exited 0.
    const user = { TOKENCHECK_USERNAME: 'ann', TOKENCHECK_PASSWORD: 'pw' }
    expect(credentialsFromEnv(envNames(), loadProfile('rfc6749-password'), user)).toEqual({
      missing: ['TOKENCHECK_CLIENT_ID', 'TOKENCHECK_CLIENT_SECRET'],
    })
    // wogeez documents a public client with a fixed id: nothing more is needed.
    expect(credentialsFromEnv(envNames(), loadProfile('wogeez'), user)).toMatchObject({
      credentials: { user: { username: 'ann' } },
    })
  })

  it('names the variables to set in skip reasons', () => {
    expect(envHints(envNames({ 'client2-id': 'C2', 'client2-secret': 'C2S' })).client2).toBe(
      'set C2 and C2S',
    )
  })
})
