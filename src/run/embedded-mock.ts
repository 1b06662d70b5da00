/**
 * How a run starts and signs in to an embedded mock (src/mock/): on a free loopback port, with
 * the run's short access token lifetime, silent, and with the mock's default users and clients
 * as the run's credentials.
 */
import type { MockCredentials, RunningMock } from '../mock/index.ts'
import type { CredentialHints, Credentials } from '../scenarios/index.ts'
import type { Profile } from '../spec/profile.ts'

export type { MockCredentials } from '../mock/index.ts'

/** What a run uses of a running mock. */
export type EmbeddedMock = Pick<RunningMock, 'url' | 'close' | 'credentials'>

/** Starts a spec's mock on a free loopback port with the given access token lifetime. */
export async function startEmbeddedMock(
  spec: string,
  accessTokenLifetime: number,
): Promise<EmbeddedMock> {
  // Loaded when a run needs a mock: `tokencheck run --base-url …` never pays for it.
  const { startMock } = await import('../mock/index.ts')
  return startMock({ spec, port: 0, lifetimes: { accessToken: accessTokenLifetime }, log: false })
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
