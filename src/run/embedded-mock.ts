/**
 * How a run starts and signs in to an embedded mock (src/mock/): on a free loopback port, silent,
 * with the mock's default users and clients as the run's credentials, and with tokens that live
 * as long as the vendor's example says but the first: the one the expiry scenario waits out.
 */
import type { MockCredentials, RunningMock } from '../mock/index.ts'
import type { CredentialHints, Credentials } from '../scenarios/index.ts'
import type { Profile } from '../openapi/profile.ts'

export type { MockCredentials } from '../mock/index.ts'

/** What a run uses of a running mock. */
export type EmbeddedMock = Pick<RunningMock, 'url' | 'close' | 'credentials'>

/**
 * Starts a spec's mock on a free loopback port. Its first access token, the one `password.valid`
 * obtains first and `resource.expired-token` waits out, lives `expiryLifetime` seconds; every
 * other token lives the vendor example's `expires_in`, so the scenarios that present a live token
 * never race its expiry, and the run waits seconds, not the vendor's hour. The short lifetime is
 * the harness's setting, not the vendor's: the report says so beside the drift.
 */
export async function startEmbeddedMock(
  spec: string,
  expiryLifetime: number,
): Promise<EmbeddedMock> {
  // Loaded when a run needs a mock: `tokencheck run --base-url …` never pays for it.
  const { startMock } = await import('../mock/index.ts')
  return startMock({ spec, port: 0, lifetimes: { firstAccessToken: expiryLifetime }, log: false })
}

/** The mock's users and clients as a run's credentials; the spec's fixed client when it names one. */
export function mockCredentials(mock: MockCredentials, profile: Profile): Credentials {
  const clientId = mock.clientId ?? profile.clients[0]?.clientId
  return {
    user: { username: mock.username, password: mock.password },
    ...(clientId === undefined
      ? {}
      : {
          client: {
            clientId,
            ...(mock.clientSecret === undefined ? {} : { clientSecret: mock.clientSecret }),
          },
        }),
    ...(mock.client2 === undefined ? {} : { client2: mock.client2 }),
    ...(mock.specialUser === undefined ? {} : { specialUser: mock.specialUser }),
    ...(mock.specialClient === undefined ? {} : { specialClient: mock.specialClient }),
  }
}

export const MOCK_HINTS: CredentialHints = {
  clientSecret: 'the embedded mock gives its client no secret',
  client2: 'the embedded mock has no second client',
  specialUser: 'the embedded mock has no such user',
  specialClient: 'the embedded mock has no such client',
}
