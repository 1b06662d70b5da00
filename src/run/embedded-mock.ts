/**
 * ADAPTER to the embedded mock (src/mock/). The run starts mocks through this file only, so
 * wiring the mock is a change here and nowhere else.
 *
 * The mock's entry point is `startMock` from `src/mock/index.ts`:
 * `startMock({ spec, port: 0, lifetimes: { accessToken }, log: false })` resolves to a running
 * mock with its URL, `close()`, and the credentials of its default users and clients. Until that
 * module exists this adapter reports the mock as unavailable, and `tokencheck run` says so.
 */
import { existsSync } from 'node:fs'
import { TokencheckError } from '../errors.ts'
import type { CredentialHints, Credentials } from '../scenarios/index.ts'
import type { Profile } from '../spec/profile.ts'

export interface MockCredentials {
  username: string
  password: string
  clientId?: string
  clientSecret?: string
  client2?: { clientId: string; clientSecret?: string }
  specialUser?: { username: string; password: string }
  specialClient?: { clientId: string; clientSecret?: string }
}

export interface RunningMock {
  url: string
  close(): Promise<void>
  credentials: MockCredentials
}

interface MockModule {
  startMock(options: {
    spec: string
    port: number
    lifetimes: { accessToken: number }
    log: boolean
  }): Promise<RunningMock>
}

const MOCK_MODULE = new URL('../mock/index.ts', import.meta.url)

/** True when this build has the embedded mock. */
export function embeddedMockAvailable(): boolean {
  return existsSync(MOCK_MODULE)
}

/** Starts a spec's mock on a free loopback port with the given access token lifetime. */
export async function startEmbeddedMock(
  spec: string,
  accessTokenLifetime: number,
): Promise<RunningMock> {
  if (!embeddedMockAvailable()) {
    throw new TokencheckError(
      'ERR_USAGE',
      'the embedded mock is not part of this build: run against a server with --spec <name> --base-url <url>',
    )
  }
  const module = (await import(/* @vite-ignore */ MOCK_MODULE.href)) as MockModule
  return module.startMock({
    spec,
    port: 0,
    lifetimes: { accessToken: accessTokenLifetime },
    log: false,
  })
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
