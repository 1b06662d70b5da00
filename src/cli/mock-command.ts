import type { Command } from 'commander'
import { isLoopbackHost } from '../http/loopback.ts'
import { TokencheckError } from '../errors.ts'
import type { MockCredentials, RunningMock } from '../mock/index.ts'
import { bundledSpecNames, localSpecPath } from '../openapi/load.ts'
import type { OperationInfo } from '../openapi/operation-info.ts'
import { EXIT } from './io.ts'
import type { Output } from '../output.ts'
import { formatTable } from '../table.ts'

/** Where the users file's JSON Schema is, from the package's root. */
export const USERS_SCHEMA = 'src/mock/users.schema.json'

/** Prism's default port: where a frontend developer's proxy probably points already. */
export const DEFAULT_MOCK_PORT = 4010

interface MockArguments {
  all?: boolean
  port?: string
  host?: string
  users?: string
  accessTokenLifetime?: string
  refreshTokenLifetime?: string
  corsOrigin?: string[]
}

export function registerMockCommand(
  program: Command,
  output: Output,
  setExit: (code: number) => void,
) {
  program
    .command('mock')
    .description(
      'serve a spec locally: real signed JWTs, refresh, expiry, vendor-shaped errors, CORS',
    )
    .argument(
      '[spec]',
      'a bundled spec (see `tokencheck specs`), a spec file (OpenAPI 3.1 or 3.0) or its https:// URL',
    )
    .option('--all', 'serve every bundled spec, one port each (from --port on)')
    .option(
      '--port <n>',
      `the port to listen on; 0 picks a free one (default ${DEFAULT_MOCK_PORT})`,
    )
    .option('--host <address>', 'the address to listen on (default 127.0.0.1: this machine only)')
    .option(
      '--users <file>',
      'a YAML file of users (claims, scopes) and clients, replacing the defaults (see below)',
    )
    .option(
      '--access-token-lifetime <seconds>',
      "access tokens' lifetime (default: the vendor example's expires_in)",
    )
    .option('--refresh-token-lifetime <seconds>', "refresh tokens' lifetime (default 14 days)")
    .option(
      '--cors-origin <origin...>',
      'origins a browser may call from (default: any http://localhost or 127.0.0.1 port; * for any)',
    )
    .addHelpText(
      'after',
      `
Examples:
  tokencheck mock wokelo                         http://127.0.0.1:${DEFAULT_MOCK_PORT}, the Wokelo API's token endpoint and more
  tokencheck mock wogeez --access-token-lifetime 30 --cors-origin http://localhost:5173
  tokencheck mock ./my-api.yaml --users users.yaml --port 0
  tokencheck mock --all

Prism's error injection works on every operation: send \`Prefer: code=401\` (or \`?__code=401\`),
optionally with \`example=<name>\`, to get that documented response.

Users file (--users), YAML; its JSON Schema is ${USERS_SCHEMA} in the tokencheck package:
  users:
    - username: ada@example.org
      password: lovelace
      scopes: [read]            # only these may be granted (default: any)
      claims:                   # any JSON values, added to JWT access tokens,
        tenant: acme            # id_tokens and the userinfo / resource answer
        roles: [admin]
  clients:                      # optional (default: the spec's example clients)
    - clientId: my-spa          # no clientSecret: a public client
      scopes: [read, openid]    # only these may be granted (default: any)
      grants: [authorization_code, refresh_token]
      redirectUris: [http://localhost:5173/callback]  # default: any loopback URI
No scope asked: the spec's default scope, narrowed to the user's and client's.
Where the spec has discovery (wogeez), scope=openid adds an id_token, and the
authorization endpoint serves the code flow with a sign-in page and S256 PKCE.

Stop with Ctrl-C or SIGTERM; the mock also stops when the process that started it exits.

Quick starts: each start prepares the next one's RSA key pair (readable by you only, deleted
when taken, so no two starts share a key) and records Prism's answers to your spec, in
$XDG_CACHE_HOME/tokencheck or ~/.cache/tokencheck; TOKENCHECK_CACHE_DIR names another folder,
and an empty one keeps nothing.`,
    )
    .action(async (spec: string | undefined, options: MockArguments) => {
      const specs = options.all === true ? bundledSpecNames() : spec === undefined ? [] : [spec]
      if (specs.length === 0)
        throw new TokencheckError(
          'ERR_USAGE',
          'name a spec (see `tokencheck specs`), or pass --all',
        )
      if (options.all === true && spec !== undefined) {
        throw new TokencheckError('ERR_USAGE', 'pass a spec or --all, not both')
      }
      // --all takes one port per spec from --port on, so the last of them must be a port too.
      const port = integer(options.port, '--port', DEFAULT_MOCK_PORT, 0, 65_536 - specs.length)
      const host = options.host ?? '127.0.0.1'
      if (!isLoopbackHost(host)) {
        output.err(
          `warning: listening on ${host} lets other machines reach the mock and its example credentials`,
        )
      }
      const lifetimes = {
        ...optionalInteger(options.accessTokenLifetime, '--access-token-lifetime', 'accessToken'),
        ...optionalInteger(
          options.refreshTokenLifetime,
          '--refresh-token-lifetime',
          'refreshToken',
        ),
      }
      // The key pair an earlier start prepared, if there is one (the installed command has
      // already claimed it before loading this module).
      const keyPairs = await import('../mock/key-pair.ts')
      const cache = (await import('../mock/cache-dir.ts')).cacheDir()
      void keyPairs.startKeyPair(true)
      const { startMock } = await import('../mock/index.ts')
      // Listening for Ctrl-C before the banner says the mock is up, so a stop that follows the
      // banner at once ends the mock cleanly rather than killing the process.
      const stop = stopSignal()
      // npm exec (`npx tokencheck mock`) does not pass its SIGTERM on: when the process the user
      // started is gone, the mock is orphaned and stops by itself.
      const orphaned = parentGone()
      const mocks: RunningMock[] = []
      try {
        for (const [index, name] of specs.entries()) {
          const mock = await startMock({
            // An https:// URL is downloaded first; a name or a path stays as it is.
            spec: await localSpecPath(name),
            port: port === 0 ? 0 : port + index,
            host,
            ...(options.users === undefined ? {} : { users: options.users }),
            lifetimes,
            ...(options.corsOrigin === undefined ? {} : { corsOrigins: options.corsOrigin }),
            preloadPrism: true,
            ...(cache === undefined ? {} : { cacheDir: cache }),
            log: (line) =>
              output.out(`${specs.length > 1 ? `[${mock.profile.name}] ` : ''}${line}`),
          })
          mocks.push(mock)
          output.out(banner(mock))
        }
        // The next start's key pair, generated while this mock waits for requests: a second after
        // the banner, so that the first requests do not share the CPU with it. A mock stopped
        // sooner leaves none, and the next start generates its own.
        setTimeout(() => void keyPairs.prepareNextKeyPair(), 1000).unref()
      } catch (error) {
        stop.dispose()
        orphaned.dispose()
        await Promise.all(mocks.map((mock) => mock.close()))
        throw error
      }
      await Promise.race([stop.received, orphaned.received])
      stop.dispose()
      orphaned.dispose()
      await Promise.all(mocks.map((mock) => mock.close()))
      setExit(EXIT.ok)
    })
}

/** The first line a user sees, then what the mock serves and the credentials to use. */
export function banner(mock: RunningMock): string {
  const { profile, url } = mock
  // The vendor pages' example secrets are public; a users file's are not printed.
  const credentials = mock.defaultUsers ? mock.credentials : hideSecrets(mock.credentials)
  const role = (op: OperationInfo) =>
    op === profile.token || op.operationId === profile.token.operationId
      ? 'token endpoint'
      : op.operationId === profile.protectedResource?.operationId
        ? `protected resource${op.scopes.length > 0 ? ` (scope ${op.scopes.join(' ')})` : ''}`
        : op.operationId === profile.jwks?.operationId
          ? 'key set (JWKS)'
          : op.operationId === profile.discovery?.operationId
            ? 'discovery document'
            : 'from the spec’s examples (Prism)'
  const endpoints = formatTable(
    ['method', 'URL', 'what'],
    profile.operations.map((op) => [op.method.toUpperCase(), `${url}${op.path}`, role(op)]),
  )
  const rows: string[][] = [['user', credentials.username, credentials.password]]
  if (credentials.clientId !== undefined) {
    rows.push(['client', credentials.clientId, credentials.clientSecret ?? '(public)'])
  }
  if (credentials.client2 !== undefined) {
    rows.push([
      'second client',
      credentials.client2.clientId,
      credentials.client2.clientSecret ?? '(public)',
    ])
  }
  if (credentials.specialUser !== undefined) {
    rows.push([
      'user, special characters',
      credentials.specialUser.username,
      credentials.specialUser.password,
    ])
  }
  if (credentials.specialClient !== undefined) {
    rows.push([
      'client, special characters',
      credentials.specialClient.clientId,
      credentials.specialClient.clientSecret ?? '(public)',
    ])
  }
  const auth = profile.clientAuthentication.map((m) => m.value).join(', ')
  return [
    `tokencheck mock ${profile.name} listening on ${url}`,
    '',
    endpoints,
    '',
    formatTable(
      [
        mock.defaultUsers ? 'default credentials' : 'credentials',
        'id / username',
        'secret / password',
      ],
      rows,
    ),
    `client authentication: ${auth}; access tokens live ${mock.accessTokenLifetime} s`,
    '',
  ].join('\n')
}

const FROM_FILE = '(in the users file)'

function hideSecrets(credentials: MockCredentials): MockCredentials {
  const client = <T extends { clientSecret?: string }>(c: T): T =>
    c.clientSecret === undefined ? c : { ...c, clientSecret: FROM_FILE }
  return {
    ...client(credentials),
    password: FROM_FILE,
    ...(credentials.client2 === undefined ? {} : { client2: client(credentials.client2) }),
    ...(credentials.specialUser === undefined
      ? {}
      : { specialUser: { ...credentials.specialUser, password: FROM_FILE } }),
    ...(credentials.specialClient === undefined
      ? {}
      : { specialClient: client(credentials.specialClient) }),
  }
}

function integer(
  value: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max = 65_535 * 10_000,
): number {
  if (value === undefined) return fallback
  // Digits only: Number() would also take ``, ` 8 `, `0x10` and `1e3`.
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new TokencheckError(
      'ERR_USAGE',
      `expected ${flag} to be a whole number from ${min} to ${max}, got \`${value}\``,
    )
  }
  return parsed
}

function optionalInteger<K extends string>(
  value: string | undefined,
  flag: string,
  key: K,
): Partial<Record<K, number>> {
  if (value === undefined) return {}
  return { [key]: integer(value, flag, 0, 1) } as Partial<Record<K, number>>
}

/** How often the mock looks whether the process that started it is still there. */
const PARENT_POLL_MS = 500

/**
 * Resolves when the process's parent changes (it exited and the process was adopted, by init or
 * a subreaper): the parent was what the user started and stopped, such as `npx`, whose `sh -c`
 * child dies with it without passing the signal on.
 */
function parentGone(): { received: Promise<void>; dispose(): void } {
  const parent = process.ppid
  let timer: NodeJS.Timeout | undefined
  const received = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (process.ppid !== parent) resolve()
    }, PARENT_POLL_MS)
    timer.unref()
  })
  return { received, dispose: () => clearInterval(timer) }
}

/** Resolves on the first SIGINT or SIGTERM; `dispose` stops listening without one. */
function stopSignal(): { received: Promise<void>; dispose(): void } {
  let dispose = () => undefined as void
  const received = new Promise<void>((resolve) => {
    const stop = () => {
      dispose()
      resolve()
    }
    dispose = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return { received, dispose: () => dispose() }
}
