import { pathPattern } from '../openapi/operations.ts'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { OperationInfo } from '../openapi/operation-info.ts'
import type { Profile } from '../openapi/profile.ts'
import type { Authority } from './authority.ts'
import { corsHeaders, isPreflight, preflightHeaders } from './cors.ts'
import { authorizationEndpoint } from './authorization-endpoint.ts'
import { discoveryDocument, jwks } from './discovery.ts'
import { errorPage, PAGE_HEADERS } from './login-page.ts'
import { preferencesOf, wantsPrism, type PrismRequest } from './prefer.ts'
import type { Prism, PrismAnswer } from './prism.ts'
import { fault, sendError, type Answer } from './respond.ts'
import { protectedResource } from './resource.ts'
import { tokenEndpoint } from './token-endpoint.ts'
import { requestUrl } from './unparsable.ts'

/** Bodies over 64 KiB are refused with 413 before they are read whole. */
export const BODY_LIMIT = 64 * 1024

export interface MockServerState {
  authority: Authority
  /** Prism's mock, on its own thread, loaded on first use or in the background at start. */
  prism: () => Promise<Pick<Prism, 'mock'>>
  /**
   * Prism's answer to this request as recorded (by the build for a bundled spec, or by an earlier
   * start), while Prism itself is still loading (asking starts the load); undefined when there is
   * none or Prism is ready.
   */
  recorded: (operation: OperationInfo, request: PrismRequest) => PrismAnswer | undefined
  corsOrigins: readonly string[] | undefined
  log: (line: string) => void
}

interface Route {
  /** The operations whose path matches, any method. */
  operations: readonly OperationInfo[]
  /** The one for this method, if any. */
  operation: OperationInfo | undefined
}

/**
 * Answers one request: CORS preflight; 404 for a path the spec does not have and 405 (with
 * `Allow`) for a method it does not document; Prism when the request asks for a particular
 * response; the token authority for the token endpoint, the protected resource, the key set and
 * discovery; Prism for every other operation. Every answer is logged on one line, without secrets.
 */
export async function handle(
  state: MockServerState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now()
  const url = requestUrl(req.url)
  // Never the raw target in the log: its query may hold a token.
  const path = url?.pathname ?? '(a request target that is not a URL)'
  let answer: Answer
  try {
    answer =
      url === undefined
        ? sendError(
            res,
            state.authority.profile.errorStyle.value,
            fault(400, 'invalid_request', 'the request target is not a URL'),
          )
        : await route(state, req, res, url)
  } catch (error) {
    // A fault of tokencheck itself: said plainly, never as a verdict about the request.
    answer = { status: 500, outcome: 'mock error' }
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('the mock failed to answer this request; this is a bug in tokencheck\n')
    } else res.end()
    state.log(`mock error on ${req.method} ${path}: ${(error as Error).name}`)
  }
  const ms = (performance.now() - started).toFixed(1)
  state.log(`${req.method} ${path} ${answer.status} ${answer.outcome} ${ms}ms`)
}

async function route(
  state: MockServerState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<Answer> {
  const { authority } = state
  const { profile } = authority
  const style = profile.errorStyle.value
  const method = (req.method ?? 'GET').toLowerCase()
  const found = findRoute(profile, url.pathname, method)
  const cors = corsHeaders(req, state.corsOrigins)
  if (found.operations.length === 0) {
    drain(req)
    return sendError(
      res,
      style,
      fault(404, 'not_found', `the spec has no path ${url.pathname}`),
      cors,
    )
  }
  if (isPreflight(req)) {
    drain(req)
    const methods = found.operations.map((op) => op.method.toUpperCase())
    res.writeHead(204, {
      ...preflightHeaders(req, state.corsOrigins, methods),
      'content-length': '0',
    })
    res.end()
    return { status: 204, outcome: 'preflight' }
  }
  const operation = found.operation
  if (operation === undefined) {
    drain(req)
    const allow = found.operations.map((op) => op.method.toUpperCase()).join(', ')
    return sendError(
      res,
      style,
      fault(405, 'invalid_request', `expected ${allow}, got ${method.toUpperCase()}`),
      {
        ...cors,
        allow,
      },
    )
  }
  const body = await readBody(req)
  if (body === undefined) {
    return sendError(
      res,
      style,
      fault(413, 'invalid_request', `the request body is larger than ${BODY_LIMIT} bytes`),
      {
        ...cors,
        connection: 'close',
      },
    )
  }
  withHeaders(res, cors)
  const prismRequest = toPrismRequest(req, url, body)
  const owner = ownerOf(authority, operation)
  if (owner === undefined || wantsPrism(prismRequest))
    return prismAnswer(state, res, prismRequest, operation)
  switch (owner) {
    case 'authorization':
      return authorizationEndpoint(authority, req, res, url, body)
    case 'token':
      return tokenEndpoint(authority, req, res, url, body)
    case 'protectedResource':
      return protectedResource(authority, req, res, url)
    case 'jwks':
      return jwks(authority, res)
    case 'discovery':
      return discoveryDocument(authority, req, res)
  }
}

type Owner = 'token' | 'protectedResource' | 'jwks' | 'discovery' | 'authorization'

function ownerOf(authority: Authority, operation: OperationInfo): Owner | undefined {
  const { profile } = authority
  if (operation.path === authority.authorizationPath) return 'authorization'
  // OpenID Connect Core 1.0 §5.3.1: userinfo by GET and by POST, one handler for both.
  if (profile.discovery !== undefined && operation.path === profile.protectedResource?.path)
    return 'protectedResource'
  const owners = ['token', 'protectedResource', 'jwks', 'discovery'] as const
  return owners.find((owner) => profile[owner]?.operationId === operation.operationId)
}

async function prismAnswer(
  state: MockServerState,
  res: ServerResponse,
  request: PrismRequest,
  operation: OperationInfo,
): Promise<Answer> {
  const recorded = state.recorded(operation, request)
  const answer = recorded ?? (await (await state.prism()).mock(request))
  if (!answer.ok) {
    // Prism could not find the response asked for: say which, and what there is, in the vendor's style.
    const status = operation.responses.some((r) => r.status === '400') ? 400 : 404
    const { code, exampleKey } = preferencesOf(request)
    const asked = [
      ...(code === undefined ? [] : [`code=${code}`]),
      ...(exampleKey === undefined ? [] : [`example=${exampleKey}`]),
    ].join(', ')
    const documented = operation.responses
      .map((r) => `${r.status}${exampleList(r.mediaTypes.flatMap((m) => m.examples))}`)
      .join(', ')
    const description = `expected a response ${request.method} ${operation.path} documents (${documented}), got a request for ${asked || 'none'}`
    const { profile } = state.authority
    // The authorization endpoint's errors are pages, as its spec documents them.
    if (operation.path === state.authority.authorizationPath) {
      const html = errorPage(profile.name, 'invalid_request', description)
      res.writeHead(400, { ...PAGE_HEADERS, 'content-length': String(Buffer.byteLength(html)) })
      res.end(html)
      return { status: 400, outcome: 'invalid_request' }
    }
    // RFC 6750 §3.1: the resource server's invalid_request carries its Bearer challenge.
    const challenge: Record<string, string> =
      operation.path === profile.protectedResource?.path
        ? { 'www-authenticate': `Bearer realm="${profile.name}", error="invalid_request"` }
        : {}
    return sendError(
      res,
      profile.errorStyle.value,
      fault(status, 'invalid_request', description.replace(/"/g, "'"), challenge),
    )
  }
  const { status, headers, body } = answer.response
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) })
  res.end(body)
  return { status, outcome: `prism ${status}${recorded === undefined ? '' : ' (recorded)'}` }
}

function exampleList(examples: readonly { name: string }[]): string {
  return examples.length === 0 ? '' : ` example=${examples.map((e) => e.name).join('|')}`
}

const compiled = new WeakMap<OperationInfo, RegExp>()

function patternOf(operation: OperationInfo): RegExp {
  let pattern = compiled.get(operation)
  if (pattern === undefined) {
    pattern = pathPattern(operation.path)
    compiled.set(operation, pattern)
  }
  return pattern
}

function findRoute(profile: Profile, path: string, method: string): Route {
  const operations = profile.operations.filter((op) => patternOf(op).test(path))
  return { operations, operation: operations.find((op) => op.method === method) }
}

/** The body, or undefined when it is over the limit (then the rest is not read). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > BODY_LIMIT) {
    drain(req)
    return Promise.resolve(undefined)
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > BODY_LIMIT) over = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)))
    req.on('error', () => resolve(undefined))
  })
}

/** Lets a body we will not read flow away, so the connection stays usable. */
function drain(req: IncomingMessage): void {
  req.resume()
}

function withHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
}

function toPrismRequest(req: IncomingMessage, url: URL, body: Buffer): PrismRequest {
  const query: Record<string, string | string[]> = {}
  for (const [name, value] of url.searchParams) {
    const previous = query[name]
    query[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query,
    headers,
    body: body.toString('utf8'),
  }
}
