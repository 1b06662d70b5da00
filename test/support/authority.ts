import { createHmac, randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { httpServer, httpsServer, type Running } from './servers.ts'

/**
 * A small loopback token server for the engine's tests: RFC 6749 password and refresh grants,
 * strict form parsing, rotating refresh tokens bound to their client, an RFC 6750 protected
 * resource, discovery and a key set. It keeps every request it received, raw, so tests can check
 * what a scenario sent. Not the mock: only what the engine's tests need.
 */
export interface AuthorityOptions {
  users?: Record<string, string>
  /** Client id → secret; `null` for a public client. */
  clients?: Record<string, string | null>
  /** Access token lifetime in seconds. */
  accessLifetime?: number
  jwt?: boolean
  supportedScopes?: readonly string[]
  /** The scope the resource requires. */
  resourceScope?: string
  /** Leave out `Cache-Control: no-store` on token responses. */
  noCacheControl?: boolean
  /** Serve HTTPS with the self-signed test certificate of servers.ts. */
  tls?: boolean
  /**
   * Sees each request first (its body unread): returns true when it answered (or will) itself,
   * so the authority leaves it alone. Faulty-target fixtures misbehave here.
   */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean
}

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface Authority extends Running {
  received: ReceivedRequest[]
  /** Every access and refresh token it issued, so tests can look for leaks. */
  issued: string[]
  /** Requests whose path is `path`. */
  at(path: string): ReceivedRequest[]
  /** Moves the server's clock on, so tokens expire without waiting. */
  advance(ms: number): void
}

interface Issued {
  client: string
  username: string
  scope: string
  expiresAt: number
}

const KEY = randomBytes(32)

export async function startAuthority(options: AuthorityOptions = {}): Promise<Authority> {
  const users = options.users ?? { alice: 'wonder land' }
  const clients = options.clients ?? { 'client-1': 'secret-1' }
  const lifetime = options.accessLifetime ?? 60
  const access = new Map<string, Issued>()
  const refresh = new Map<string, Issued>()
  const received: ReceivedRequest[] = []
  const issued: string[] = []
  let offset = 0
  const now = () => Date.now() + offset

  function json(res: ServerResponse, status: number, body: unknown, headers = {}) {
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      ...headers,
    })
    res.end(JSON.stringify(body))
  }
  const oauthError = (res: ServerResponse, status: number, error: string, headers = {}) =>
    json(res, status, { error }, headers)

  function issue(res: ServerResponse, client: string, username: string, scope: string) {
    const expiresAt = now() + lifetime * 1000
    const token = options.jwt
      ? signJwt({
          iss: 'https://authority.tokencheck.test',
          aud: 'tokencheck-resource',
          sub: username,
          client_id: client,
          scope,
          iat: Math.floor(now() / 1000),
          exp: Math.floor(expiresAt / 1000),
        })
      : randomBytes(24).toString('base64url')
    const refreshToken = randomBytes(24).toString('base64url')
    issued.push(token, refreshToken)
    access.set(token, { client, username, scope, expiresAt })
    refresh.set(refreshToken, { client, username, scope, expiresAt: Infinity })
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(options.noCacheControl ? {} : { 'cache-control': 'no-store', pragma: 'no-cache' }),
    })
    res.end(
      JSON.stringify({
        access_token: token,
        token_type: 'Bearer',
        expires_in: lifetime,
        refresh_token: refreshToken,
        ...(scope === '' ? {} : { scope }),
      }),
    )
  }

  function token(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method !== 'POST') return oauthError(res, 405, 'invalid_request', { allow: 'POST' })
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return oauthError(res, 400, 'invalid_request')
    }
    const form = new URLSearchParams(body)
    const query = new URL(req.url ?? '/', 'http://x').searchParams
    if ([...query.keys()].length > 0) return oauthError(res, 400, 'invalid_request')
    const names = [...form.keys()]
    if (new Set(names).size !== names.length) return oauthError(res, 400, 'invalid_request')
    const basic = parseBasic(req.headers.authorization)
    const bodyId = form.get('client_id')
    if (basic !== undefined && form.has('client_secret')) {
      return oauthError(res, 400, 'invalid_request')
    }
    const clientId = basic?.id ?? bodyId
    const secret = basic?.secret ?? form.get('client_secret')
    if (clientId === null || !(clientId in clients)) {
      return oauthError(res, 401, 'invalid_client', { 'www-authenticate': 'Basic realm="t"' })
    }
    const expected = clients[clientId]
    if (expected !== null && secret !== expected) {
      return oauthError(res, 401, 'invalid_client', { 'www-authenticate': 'Basic realm="t"' })
    }
    const grant = form.get('grant_type') ?? ''
    const scope = form.get('scope') ?? ''
    const supported = options.supportedScopes ?? []
    if (scope !== '' && scope.split(' ').some((s) => !supported.includes(s))) {
      return oauthError(res, 400, 'invalid_scope')
    }
    if (grant === '') return oauthError(res, 400, 'invalid_request')
    if (grant === 'password') {
      const username = form.get('username')
      const password = form.get('password')
      if (username === null || password === null) return oauthError(res, 400, 'invalid_request')
      if (users[username] !== password) return oauthError(res, 400, 'invalid_grant')
      return issue(res, clientId, username, scope)
    }
    if (grant === 'refresh_token') {
      const presented = refresh.get(form.get('refresh_token') ?? '')
      if (presented === undefined || presented.client !== clientId) {
        return oauthError(res, 400, 'invalid_grant')
      }
      const original = presented.scope.split(' ')
      if (scope !== '' && scope.split(' ').some((s) => !original.includes(s))) {
        return oauthError(res, 400, 'invalid_scope')
      }
      refresh.delete(form.get('refresh_token') ?? '')
      return issue(res, clientId, presented.username, scope === '' ? presented.scope : scope)
    }
    return oauthError(res, 400, 'unsupported_grant_type')
  }

  function resource(req: IncomingMessage, res: ServerResponse) {
    const header = req.headers.authorization
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('access_token')
    const challenge = (error?: string) =>
      `Bearer realm="t"${error === undefined ? '' : `, error="${error}"`}`
    if (header !== undefined && query !== null) {
      return oauthError(res, 400, 'invalid_request', {
        'www-authenticate': challenge('invalid_request'),
      })
    }
    const presented = header?.match(/^bearer (.+)$/i)?.[1] ?? query ?? undefined
    if (presented === undefined) {
      return json(res, 401, {}, { 'www-authenticate': challenge() })
    }
    const issued = access.get(presented)
    if (issued === undefined || issued.expiresAt <= now()) {
      return oauthError(res, 401, 'invalid_token', {
        'www-authenticate': challenge('invalid_token'),
      })
    }
    const needed = options.resourceScope
    if (needed !== undefined && !issued.scope.split(' ').includes(needed)) {
      return oauthError(res, 403, 'insufficient_scope', {
        'www-authenticate': challenge('insufficient_scope'),
      })
    }
    return json(res, 200, { sub: issued.username })
  }

  let running: Running | undefined
  running = await (options.tls ? httpsServer : httpServer)((req, res) => {
    if (options.intercept?.(req, res) === true) {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: '',
      })
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const path = new URL(req.url ?? '/', 'http://x').pathname
      if (path === '/token') return token(req, res, body)
      if (path === '/resource') return resource(req, res)
      if (path === '/.well-known/openid-configuration') {
        return json(res, 200, {
          issuer: running!.url,
          token_endpoint: `${running!.url}/token`,
          jwks_uri: `${running!.url}/jwks`,
        })
      }
      if (path === '/jwks') return json(res, 200, { keys: [] })
      return json(res, 404, { error: 'not_found' })
    })
  })
  return {
    ...running,
    received,
    issued,
    advance: (ms) => {
      offset += ms
    },
    at: (path) => received.filter((r) => new URL(r.url, 'http://x').pathname === path),
  }
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = header?.match(/^basic (.+)$/i)?.[1]
  if (encoded === undefined) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const form = (text: string) => decodeURIComponent(text.replaceAll('+', ' '))
  return { id: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) }
}

function signJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${encode({ alg: 'HS256', typ: 'at+jwt' })}.${encode({ ...claims, jti: randomBytes(8).toString('hex') })}`
  return `${input}.${createHmac('sha256', KEY).update(input).digest('base64url')}`
}
