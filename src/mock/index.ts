import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { TokencheckError } from '../errors.ts'
import { loadSpec, type LoadedSpec } from '../openapi/load.ts'
import { isRecord, resolveRefs } from '../openapi/pointer.ts'
import type { OperationInfo } from '../openapi/operation-info.ts'
import type { Profile } from '../openapi/profile.ts'
import type { Authority } from './authority.ts'
import { CodeStore } from './authorization-code.ts'
import { createSigningKey } from './keys.ts'
import {
  cachedRecordFile,
  prismVersion,
  recordableOperations,
  recordedAnswers,
  selfContained,
} from './prism-record.ts'
import { VERSION } from '../version.ts'
import { prismThread } from './prism-thread.ts'
import type { Prism, PrismRequest } from './prism.ts'
import { RefreshStore } from './refresh-store.ts'
import { handle } from './server.ts'
import { answerUnparsable } from './unparsable.ts'
import {
  credentialsOf,
  defaultDirectory,
  loadDirectory,
  type Directory,
  type MockCredentials,
} from './users.ts'

export type { MockCredentials, Directory, MockUser, MockClient } from './users.ts'

export interface MockOptions {
  /** A bundled spec's name, a spec file's path, or a spec already loaded. */
  spec: string | LoadedSpec
  /** 0 (the default) picks a free port. */
  port?: number
  /** 127.0.0.1 unless said otherwise. */
  host?: string
  /** A users file (YAML) or a directory of users and clients; the spec's defaults otherwise. */
  users?: string | Directory
  /** Token lifetimes in seconds; the access token's defaults to the vendor example's `expires_in`. */
  lifetimes?: {
    accessToken?: number
    refreshToken?: number
    /**
     * The first access token the mock issues lives this long instead, in seconds: a harness that
     * waits one token out (an expiry scenario) waits seconds, while every other token lives long.
     */
    firstAccessToken?: number
  }
  /** Allowed CORS origins (`*` for any); any loopback origin when absent. */
  corsOrigins?: readonly string[]
  /**
   * Load Prism in the background as soon as the mock listens, so that the first `Prefer` answer
   * does not wait for it; otherwise the first request that needs it loads it.
   */
  preloadPrism?: boolean
  /**
   * A folder where Prism's answers to this spec's documented errors are kept between starts, so
   * that the next start of the same spec text answers `Prefer` at once rather than after Prism's
   * load (a second or two). The command line uses `~/.cache/tokencheck`; none when absent. The
   * bundled specs need none: their answers come with the package.
   */
  cacheDir?: string
  /** One line per request: `false` for none, a function to receive them, `true` for stdout. */
  log?: boolean | ((line: string) => void)
}

export interface RunningMock {
  /** `http://127.0.0.1:<port>`. */
  url: string
  port: number
  host: string
  profile: Profile
  directory: Directory
  credentials: MockCredentials
  /** Whether the users and clients are the spec's defaults (the vendor page's examples). */
  defaultUsers: boolean
  /** The access token lifetime it issues, in seconds. */
  accessTokenLifetime: number
  /** Prism, once loaded: the judge of responses in tests. */
  prism(): Promise<Prism>
  /** Whether the Prism that answers requests is not asked for yet, loading, loaded, or failed. */
  prismState(): PrismState
  close(): Promise<void>
}

export type PrismState = 'idle' | 'loading' | 'ready' | 'failed'

const DEFAULT_REFRESH_LIFETIME = 14 * 24 * 3600

/**
 * Starts a mock of a spec: the token authority (token endpoint, protected resource, key set,
 * discovery) in front of Prism (every other operation, and error injection). Prism runs on a
 * thread of its own, loaded (about a second of that thread's time) by the first request that
 * needs it, or at once with `preloadPrism`; either way no request waits for the load but those
 * that need Prism.
 */
export async function startMock(options: MockOptions): Promise<RunningMock> {
  // The key is generated on the thread pool while this thread reads the spec.
  const signingKey = createSigningKey()
  const { profile, document } =
    typeof options.spec === 'string' ? loadSpec(options.spec) : options.spec
  const directory =
    options.users === undefined
      ? defaultDirectory(profile)
      : typeof options.users === 'string'
        ? loadDirectory(options.users, profile)
        : options.users
  const accessTokenLifetime =
    options.lifetimes?.accessToken ?? exampleValue(profile, 'expires_in', 3600)
  const refresh = new RefreshStore({
    lifetimeSeconds: options.lifetimes?.refreshToken ?? DEFAULT_REFRESH_LIFETIME,
  })
  const host = options.host ?? '127.0.0.1'
  const authority: Authority = {
    profile,
    directory,
    key: await signingKey,
    refresh,
    lifetimes: {
      accessToken: accessTokenLifetime,
      refreshToken: options.lifetimes?.refreshToken ?? DEFAULT_REFRESH_LIFETIME,
      ...(options.lifetimes?.firstAccessToken === undefined
        ? {}
        : { firstAccessToken: options.lifetimes.firstAccessToken }),
    },
    accessTokensIssued: 0,
    tokenType: String(exampleValue(profile, 'token_type', 'Bearer')),
    issuers: new Set(),
    audiences: new Set(),
    fallbackHost: host,
    ...resourceSchema(profile, document.data),
    ...authorizationOf(profile),
    defaultUsers: options.users === undefined,
  }
  // Prism for tests' judging, loaded in this thread on first use.
  let prism: Promise<Prism> | undefined
  const loadedPrism = () =>
    (prism ??= import('./prism.ts').then(({ loadPrism }) => loadPrism(profile.file)))
  // Prism's answers as recorded (by the build, or by an earlier start), given while it loads;
  // without them, and with a cache folder, Prism's thread records them for the next start.
  const record = recordedAnswers(document.file, document.hash, options.cacheDir)
  const recording =
    record === undefined && options.cacheDir !== undefined && selfContained(document.data)
      ? {
          file: cachedRecordFile(options.cacheDir, document.hash),
          origin: { sha256: document.hash, prism: prismVersion(), tokencheck: VERSION },
          operations: recordableOperations(profile.operations),
        }
      : undefined
  // Prism for the server's answers, on its own thread, so loading it holds up no request.
  const thread = prismThread(profile.file, warmUpRequest(profile), recording)
  let prismState: PrismState = 'idle'
  const threadPrism = () => {
    if (prismState === 'idle') {
      prismState = 'loading'
      thread.load().then(
        () => (prismState = 'ready'),
        () => (prismState = 'failed'),
      )
    }
    return thread.load().then(() => thread)
  }
  const recorded = (operation: OperationInfo, request: PrismRequest) => {
    if (record === undefined || prismState === 'ready') return undefined
    const answer = record(operation, request)
    if (answer !== undefined) void threadPrism().catch(() => undefined)
    return answer
  }
  const log = logSink(options.log)
  const state = { authority, prism: threadPrism, recorded, corsOrigins: options.corsOrigins, log }
  const server = createServer((req, res) => void handle(state, req, res))
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answer = answerUnparsable(error, socket, profile.errorStyle.value)
    if (answer !== undefined) log(`- (unparsable request) ${answer.status} ${answer.outcome}`)
  })
  // Idle sockets stay open longer than clients keep them (undici: 4 s), so a client never reuses a
  // socket the mock is closing: that race reads as a connection reset.
  server.keepAliveTimeout = 30_000
  await listen(server, options.port ?? 0, host)
  const port = (server.address() as AddressInfo).port
  authority.fallbackHost = `${host.includes(':') ? `[${host}]` : host}:${port}`
  // After the caller has the running mock (and printed its banner): a macrotask later.
  const preload =
    options.preloadPrism === true
      ? setImmediate(() => void threadPrism().catch(() => undefined))
      : undefined
  const sweeper = setInterval(() => {
    refresh.sweep()
    authority.codes?.sweep()
  }, 60_000)
  sweeper.unref()
  return {
    url: `http://${authority.fallbackHost}`,
    port,
    host,
    profile,
    directory,
    credentials: credentialsOf(directory),
    defaultUsers: options.users === undefined,
    accessTokenLifetime,
    prism: loadedPrism,
    prismState: () => prismState,
    close: async () => {
      clearInterval(sweeper)
      if (preload !== undefined) clearImmediate(preload)
      await prism?.catch(() => undefined)
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

function listen(
  server: ReturnType<typeof createServer>,
  port: number,
  host: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use: pick another with --port, or --port 0 for a free one`
          : `cannot listen on ${host}:${port}: ${error.message}`
      reject(new TokencheckError('ERR_USAGE', message, { cause: error }))
    })
    server.listen(port, host, () => resolve())
  })
}

function logSink(log: MockOptions['log']): (line: string) => void {
  if (typeof log === 'function') return log
  if (log === true) return (line) => process.stdout.write(`${line}\n`)
  return () => undefined
}

/** A member of the vendor's success example for the token endpoint (`expires_in`, `token_type`). */
function exampleValue<T extends string | number>(profile: Profile, member: string, fallback: T): T {
  const success = profile.token.responses.find((response) => response.status === '200')
  for (const media of success?.mediaTypes ?? []) {
    for (const example of media.examples) {
      const value = isRecord(example.value) ? example.value[member] : undefined
      if (typeof value === typeof fallback) return value as T
    }
  }
  return fallback
}

/** A request for a documented error of the token endpoint: what a first `Prefer` asks for. */
function warmUpRequest(profile: Profile): PrismRequest | undefined {
  const status = profile.token.responses.find((r) => /^4\d\d$/.test(r.status))?.status
  if (status === undefined) return undefined
  return {
    method: profile.token.method.toUpperCase(),
    path: profile.token.path,
    query: {},
    headers: { prefer: `code=${status}` },
    body: '',
  }
}

/** The members the protected resource's 200 schema lists, and whether it allows others. */
function resourceSchema(
  profile: Profile,
  data: unknown,
): { resourceFields: Set<string>; resourceOpen: boolean } {
  const closed = { resourceFields: new Set(['sub']), resourceOpen: false }
  const pointer = profile.protectedResource?.responses.find((r) => r.status === '200')
    ?.mediaTypes[0]?.schemaPointer
  if (pointer === undefined) return closed
  const schema = resolveRefs(data, pointer)
  if ('error' in schema || !isRecord(schema.value) || !isRecord(schema.value['properties']))
    return closed
  return {
    resourceFields: new Set(Object.keys(schema.value['properties'])),
    resourceOpen: schema.value['additionalProperties'] !== false,
  }
}

/**
 * The authorization endpoint the spec's discovery document names, when the spec has that path:
 * the mock then serves the authorization code flow there, so that what discovery advertises works.
 */
function authorizationOf(profile: Profile): Pick<Authority, 'authorizationPath' | 'codes'> {
  const example = profile.discovery?.responses.find((response) => response.status === '200')
    ?.mediaTypes[0]?.examples[0]?.value
  const endpoint = isRecord(example) ? example['authorization_endpoint'] : undefined
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint)) return {}
  const path = new URL(endpoint).pathname
  if (!profile.operations.some((operation) => operation.path === path)) return {}
  return { authorizationPath: path, codes: new CodeStore() }
}
