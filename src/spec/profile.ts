import { basename, extname } from 'node:path'
import type { SpecDocument, SpecProblem } from './document.ts'
import {
  EXTENSION_KEY,
  validateExtension,
  type ClientAuthMethod,
  type ErrorStyle,
  type Extension,
  type Grant,
  type SourcedMember,
  type TokenFormat,
} from './extension.ts'
import { isRecord, pointerOf, resolveRefs } from './pointer.ts'
import { isSource, type Source } from './source.ts'

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

export const FORM_URLENCODED = 'application/x-www-form-urlencoded'
export const MULTIPART_FORM_DATA = 'multipart/form-data'
export const TOKEN_REQUEST_MEDIA_TYPES = [FORM_URLENCODED, MULTIPART_FORM_DATA] as const
export type TokenRequestMediaType = (typeof TOKEN_REQUEST_MEDIA_TYPES)[number]

/** The error media type each style promises (RFC 6749 §5.2, RFC 9457 §3). */
export const ERROR_MEDIA_TYPES: Record<ErrorStyle, string> = {
  rfc6749: 'application/json',
  rfc9457: 'application/problem+json',
}

/** The `x-tokencheck-source` of an element; an element without one is the vendor's. */
export const SOURCE_KEY = 'x-tokencheck-source'
const DEFAULT_SOURCE: Source = 'vendor-doc'

export interface Sourced<T> {
  value: T
  source: Source
}

export interface ExampleInfo {
  name: string
  pointer: string
  value: unknown
  source: Source
}

export interface MediaTypeInfo {
  mediaType: string
  source: Source
  /** Where the schema is, for a validator that follows `$ref`s itself. */
  schemaPointer?: string
  examples: readonly ExampleInfo[]
}

export interface HeaderInfo {
  /** Lower-case, as Node and undici present response headers. */
  name: string
  required: boolean
  source: Source
  schemaPointer?: string
}

export interface ResponseInfo {
  /** `200`, `4XX` or `default`, as the spec writes it. */
  status: string
  pointer: string
  source: Source
  description: string
  mediaTypes: readonly MediaTypeInfo[]
  headers: readonly HeaderInfo[]
}

export interface OperationInfo {
  operationId: string
  method: HttpMethod
  /** The path template as in the spec, relative to the server URL. */
  path: string
  pointer: string
  source: Source
  /** Scopes (or roles) the operation's security requirements name; empty when none. */
  scopes: readonly string[]
  /** The security scheme types it accepts, `http-basic`, `http-bearer`…; `none` for `{}`. */
  security: readonly string[]
  requestMediaTypes: readonly MediaTypeInfo[]
  responses: readonly ResponseInfo[]
}

export interface TokenOperation extends OperationInfo {
  /** The request media type the vendor documents (its first `vendor-doc` one), else the first. */
  requestMediaType: TokenRequestMediaType
  /** The media type of its 4xx answers, by error style. */
  errorMediaType: string
}

export interface Deviation {
  check: string
  clause: string
  quote: string
  line?: number
  description?: string
}

export interface FixedClient {
  clientId: string
  type: 'public' | 'confidential'
  source: Source
}

export interface ExampleCredentials {
  username?: string
  password?: string
  clientId?: string
  clientSecret?: string
  scope?: string
  source: Source
}

/**
 * What a spec promises about a token API: read from the token operation where OpenAPI can say it,
 * from the root `x-tokencheck` extension where it cannot. Plain data, so it crosses worker
 * boundaries as JSON.
 */
export interface Profile {
  name: string
  title: string
  file: string
  hash: string
  servers: readonly string[]
  vendorPage?: string
  token: TokenOperation
  jwks?: OperationInfo
  protectedResource?: OperationInfo
  discovery?: OperationInfo
  /** Every operation of the spec, the token authority's and the rest. */
  operations: readonly OperationInfo[]
  grants: readonly Sourced<Grant>[]
  clientAuthentication: readonly Sourced<ClientAuthMethod>[]
  clients: readonly FixedClient[]
  errorStyle: Sourced<ErrorStyle>
  tokenFormat: Sourced<TokenFormat>
  usernamePattern?: Sourced<string>
  scopes: { supported: readonly string[]; default?: string; source: Source }
  exampleCredentials: ExampleCredentials
  deviations: readonly Deviation[]
}

export function hasGrant(profile: Profile, grant: Grant): boolean {
  return profile.grants.some((entry) => entry.value === grant)
}

export function hasClientAuth(profile: Profile, method: ClientAuthMethod): boolean {
  return profile.clientAuthentication.some((entry) => entry.value === method)
}

/** Derives the Profile, or every problem that stands in the way (none are thrown). */
export function deriveProfile(
  doc: SpecDocument,
):
  { profile: Profile; problems: SpecProblem[] } | { profile?: undefined; problems: SpecProblem[] } {
  const problems: SpecProblem[] = []
  const data = doc.data
  if (!isRecord(data)) {
    return { problems: [problem('', 'the spec is not a YAML or JSON object')] }
  }
  if (typeof data['openapi'] !== 'string' || !data['openapi'].startsWith('3.1.')) {
    problems.push(
      problem(
        '/openapi',
        `expected an OpenAPI 3.1 or 3.0 document, got \`${String(data['openapi'])}\``,
      ),
    )
  }
  const raw = data[EXTENSION_KEY]
  if (raw === undefined) {
    problems.push(
      problem(
        '',
        `missing the root "${EXTENSION_KEY}" extension that names the token operation, grants, client authentication and error style`,
      ),
    )
    return { problems: locateAll(doc, problems) }
  }
  const validated = validateExtension(raw)
  if (validated.extension === undefined) {
    return { problems: locateAll(doc, [...problems, ...validated.problems]) }
  }
  const extension = validated.extension
  const operations = collectOperations(data, problems)
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]))
  const named = (role: keyof Extension['operations']): OperationInfo | undefined => {
    const id = extension.operations[role]
    if (id === undefined) return undefined
    const operation = byId.get(id)
    if (operation === undefined) {
      problems.push(
        problem(
          pointerOf([EXTENSION_KEY, 'operations', role]),
          `names operation \`${id}\`, which the spec does not have${suggest(id, [...byId.keys()])}`,
        ),
      )
    }
    return operation
  }
  const tokenInfo = named('token')
  const jwks = named('jwks')
  const protectedResource = named('protectedResource')
  const discovery = named('discovery')
  for (const [role, operation] of [
    ['jwks', jwks],
    ['discovery', discovery],
  ] as const) {
    if (operation !== undefined && operation.method !== 'get') {
      problems.push(
        problem(
          pointerOf([EXTENSION_KEY, 'operations', role]),
          `expected a GET operation, got ${operation.method.toUpperCase()} ${operation.path}`,
        ),
      )
    }
  }

  const grants = sourcedSet(extension.grants)
  if (!grants.some((grant) => grant.value === 'password')) {
    problems.push(
      problem(
        pointerOf([EXTENSION_KEY, 'grants']),
        'expected the `password` grant among the grants',
      ),
    )
  }
  const clientAuthentication = sourcedSet(extension.clientAuthentication)
  const errorStyle = extension.errorStyle
  const token =
    tokenInfo && tokenOperation(data, tokenInfo, errorStyle, clientAuthentication, problems)
  const usernamePattern = checkPattern(extension, problems)

  if (problems.some((p) => p.severity === 'error') || token === undefined) {
    return { problems: locateAll(doc, problems) }
  }
  const sourceOf = (member: SourcedMember, fallback: Source = DEFAULT_SOURCE): Source =>
    extension.sources?.[member] ?? fallback
  const profile: Profile = {
    name: extension.name ?? basename(doc.file, extname(doc.file)),
    title: infoTitle(data) ?? basename(doc.file),
    file: doc.file,
    hash: doc.hash,
    servers: serverUrls(data),
    ...(extension.vendorPage === undefined ? {} : { vendorPage: extension.vendorPage }),
    token,
    ...(jwks === undefined ? {} : { jwks }),
    ...(protectedResource === undefined ? {} : { protectedResource }),
    ...(discovery === undefined ? {} : { discovery }),
    operations,
    grants,
    clientAuthentication,
    clients: (extension.clients ?? []).map((client) => ({
      clientId: client.clientId,
      type: client.type,
      source: client.source ?? sourceOf('clients'),
    })),
    errorStyle: { value: errorStyle, source: sourceOf('errorStyle') },
    tokenFormat: { value: extension.tokenFormat ?? 'unspecified', source: sourceOf('tokenFormat') },
    ...(usernamePattern === undefined
      ? {}
      : { usernamePattern: { value: usernamePattern, source: sourceOf('usernamePattern') } }),
    scopes: {
      supported: extension.scopes?.supported ?? [],
      ...(extension.scopes?.default === undefined ? {} : { default: extension.scopes.default }),
      source: sourceOf('scopes'),
    },
    exampleCredentials: {
      ...extension.exampleCredentials,
      source: sourceOf('exampleCredentials'),
    },
    deviations: extension.deviations ?? [],
  }
  return { profile, problems: locateAll(doc, problems) }
}

function problem(
  pointer: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): SpecProblem {
  return { pointer, message, severity, rule: 'profile' }
}

function locateAll(doc: SpecDocument, problems: SpecProblem[]): SpecProblem[] {
  return problems.map((p) => {
    if (p.line !== undefined) return p
    const position = doc.locate(p.pointer)
    return position === undefined ? p : { ...p, line: position.line, column: position.column }
  })
}

function sourcedSet<T extends string>(set: readonly T[] | Readonly<Partial<Record<T, Source>>>) {
  if (Array.isArray(set)) {
    return (set as readonly T[]).map((value) => ({ value, source: DEFAULT_SOURCE }))
  }
  return Object.entries(set as Record<T, Source>).map(([value, source]) => ({
    value: value as T,
    source: source as Source,
  }))
}

function sourceOfNode(node: unknown, fallback: Source = DEFAULT_SOURCE): Source {
  if (isRecord(node) && isSource(node[SOURCE_KEY])) return node[SOURCE_KEY]
  return fallback
}

function infoTitle(data: Record<string, unknown>): string | undefined {
  const info = data['info']
  return isRecord(info) && typeof info['title'] === 'string' ? info['title'] : undefined
}

function serverUrls(data: Record<string, unknown>): string[] {
  const servers = data['servers']
  if (!Array.isArray(servers)) return []
  return servers.flatMap((server: unknown) => {
    if (!isRecord(server) || typeof server['url'] !== 'string') return []
    const variables = isRecord(server['variables']) ? server['variables'] : {}
    return [
      server['url'].replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const variable = variables[name]
        return isRecord(variable) && typeof variable['default'] === 'string'
          ? variable['default']
          : whole
      }),
    ]
  })
}

function collectOperations(
  data: Record<string, unknown>,
  problems: SpecProblem[],
): OperationInfo[] {
  const paths = data['paths']
  if (!isRecord(paths)) {
    problems.push(problem('/paths', 'expected a "paths" object'))
    return []
  }
  const securitySchemes = componentsOf(data, 'securitySchemes')
  const operations: OperationInfo[] = []
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemResolved = resolveRefs(data, pointerOf(['paths', path]))
    if ('error' in itemResolved) {
      problems.push(problem(pointerOf(['paths', path]), itemResolved.error))
      continue
    }
    const item = itemResolved.value
    if (!isRecord(item) || !isRecord(rawItem)) continue
    for (const method of HTTP_METHODS) {
      const operation = item[method]
      if (!isRecord(operation)) continue
      const pointer = pointerOf([...segmentsFrom(itemResolved.pointer), method])
      const operationId =
        typeof operation['operationId'] === 'string'
          ? operation['operationId']
          : `${method} ${path}`
      const security = Array.isArray(operation['security'])
        ? operation['security']
        : Array.isArray(data['security'])
          ? data['security']
          : []
      operations.push({
        operationId,
        method,
        path,
        pointer,
        source: sourceOfNode(operation),
        scopes: scopesOf(security),
        security: securityTypes(security, securitySchemes, data),
        requestMediaTypes: requestMediaTypes(data, `${pointer}/requestBody`, problems),
        responses: responsesOf(data, `${pointer}/responses`, problems),
      })
    }
  }
  return operations
}

function segmentsFrom(pointer: string): string[] {
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

function componentsOf(data: Record<string, unknown>, kind: string): Record<string, unknown> {
  const components = data['components']
  if (!isRecord(components) || !isRecord(components[kind])) return {}
  return components[kind]
}

function scopesOf(security: readonly unknown[]): string[] {
  const scopes = new Set<string>()
  for (const requirement of security) {
    if (!isRecord(requirement)) continue
    for (const value of Object.values(requirement)) {
      if (Array.isArray(value)) for (const scope of value) scopes.add(String(scope))
    }
  }
  return [...scopes]
}

function securityTypes(
  security: readonly unknown[],
  schemes: Record<string, unknown>,
  data: Record<string, unknown>,
): string[] {
  const types = new Set<string>()
  for (const requirement of security) {
    if (!isRecord(requirement)) continue
    const names = Object.keys(requirement)
    if (names.length === 0) types.add('none')
    for (const name of names) {
      const resolved = resolveRefs(data, pointerOf(['components', 'securitySchemes', name]))
      const scheme = 'error' in resolved ? schemes[name] : resolved.value
      if (!isRecord(scheme)) continue
      const type = String(scheme['type'])
      types.add(type === 'http' ? `http-${String(scheme['scheme']).toLowerCase()}` : type)
    }
  }
  return [...types]
}

function requestMediaTypes(
  data: Record<string, unknown>,
  pointer: string,
  problems: SpecProblem[],
): MediaTypeInfo[] {
  const resolved = resolveRefs(data, pointer)
  if ('error' in resolved) {
    problems.push(problem(pointer, resolved.error))
    return []
  }
  if (!isRecord(resolved.value)) return []
  return mediaTypesOf(data, resolved.pointer, resolved.value, problems)
}

function mediaTypesOf(
  data: Record<string, unknown>,
  ownerPointer: string,
  owner: Record<string, unknown>,
  problems: SpecProblem[],
): MediaTypeInfo[] {
  const content = owner['content']
  if (!isRecord(content)) return []
  return Object.entries(content).map(([mediaType, media]) => {
    const mediaPointer = pointerOf([...segmentsFrom(ownerPointer), 'content', mediaType])
    const examples: ExampleInfo[] = []
    if (isRecord(media) && isRecord(media['examples'])) {
      for (const name of Object.keys(media['examples'])) {
        const examplePointer = `${mediaPointer}/examples/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`
        const example = resolveRefs(data, examplePointer)
        if ('error' in example) {
          problems.push(problem(examplePointer, example.error))
          continue
        }
        if (!isRecord(example.value) || !('value' in example.value)) continue
        examples.push({
          name,
          pointer: `${example.pointer}/value`,
          value: example.value['value'],
          source: sourceOfNode(example.value, sourceOfNode(media)),
        })
      }
    } else if (isRecord(media) && 'example' in media) {
      examples.push({
        name: 'example',
        pointer: `${mediaPointer}/example`,
        value: media['example'],
        source: sourceOfNode(media),
      })
    }
    return {
      mediaType: mediaType.toLowerCase(),
      source: sourceOfNode(media, sourceOfNode(owner)),
      ...(isRecord(media) && media['schema'] !== undefined
        ? { schemaPointer: `${mediaPointer}/schema` }
        : {}),
      examples,
    }
  })
}

function responsesOf(
  data: Record<string, unknown>,
  pointer: string,
  problems: SpecProblem[],
): ResponseInfo[] {
  const responses = resolveRefs(data, pointer)
  if ('error' in responses || !isRecord(responses.value)) return []
  return Object.keys(responses.value).flatMap((status) => {
    if (status.startsWith('x-')) return []
    const responsePointer = pointerOf([...segmentsFrom(responses.pointer), status])
    const resolved = resolveRefs(data, responsePointer)
    if ('error' in resolved) {
      problems.push(problem(responsePointer, resolved.error))
      return []
    }
    const response = resolved.value
    if (!isRecord(response)) return []
    return [
      {
        status,
        pointer: resolved.pointer,
        source: sourceOfNode(response),
        description: typeof response['description'] === 'string' ? response['description'] : '',
        mediaTypes: mediaTypesOf(data, resolved.pointer, response, problems),
        headers: headersOf(data, resolved.pointer, response, problems),
      },
    ]
  })
}

function headersOf(
  data: Record<string, unknown>,
  responsePointer: string,
  response: Record<string, unknown>,
  problems: SpecProblem[],
): HeaderInfo[] {
  const headers = response['headers']
  if (!isRecord(headers)) return []
  return Object.keys(headers).flatMap((name) => {
    const headerPointer = pointerOf([...segmentsFrom(responsePointer), 'headers', name])
    const resolved = resolveRefs(data, headerPointer)
    if ('error' in resolved) {
      problems.push(problem(headerPointer, resolved.error))
      return []
    }
    const header = resolved.value
    if (!isRecord(header)) return []
    return [
      {
        name: name.toLowerCase(),
        required: header['required'] === true,
        source: sourceOfNode(header),
        ...(header['schema'] === undefined ? {} : { schemaPointer: `${resolved.pointer}/schema` }),
      },
    ]
  })
}

const CLIENT_AUTH_NEEDS: Record<ClientAuthMethod, string> = {
  client_secret_basic: 'an HTTP Basic security requirement on the token operation',
  client_secret_post: 'a "client_secret" field in the token request body',
  none: 'a "client_id" field in the token request body',
}

/** Checks the token operation against what the extension says of it. */
function tokenOperation(
  data: Record<string, unknown>,
  info: OperationInfo,
  errorStyle: ErrorStyle,
  clientAuthentication: readonly Sourced<ClientAuthMethod>[],
  problems: SpecProblem[],
): TokenOperation | undefined {
  const at = pointerOf([EXTENSION_KEY, 'operations', 'token'])
  if (info.method !== 'post') {
    problems.push(
      problem(
        at,
        `expected the token operation to be a POST, got ${info.method.toUpperCase()} ${info.path}`,
      ),
    )
    return undefined
  }
  const formTypes = info.requestMediaTypes.filter((media) =>
    (TOKEN_REQUEST_MEDIA_TYPES as readonly string[]).includes(media.mediaType),
  )
  const documented =
    formTypes.find((media) => media.source.startsWith('vendor-doc')) ?? formTypes[0]
  if (documented === undefined) {
    problems.push(
      problem(
        `${info.pointer}/requestBody`,
        `expected a request body of ${TOKEN_REQUEST_MEDIA_TYPES.join(' or ')}, got ${
          info.requestMediaTypes.map((media) => `\`${media.mediaType}\``).join(', ') || 'none'
        }`,
      ),
    )
    return undefined
  }
  const errorMediaType = ERROR_MEDIA_TYPES[errorStyle]
  const errorResponses = info.responses.filter((response) => /^4/.test(response.status))
  for (const response of errorResponses) {
    const types = response.mediaTypes.map((media) => media.mediaType)
    if (types.length > 0 && !types.includes(errorMediaType)) {
      problems.push(
        problem(
          `${response.pointer}/content`,
          `x-tokencheck.errorStyle is \`${errorStyle}\`, so the ${response.status} response should be \`${errorMediaType}\`, got ${types.map((t) => `\`${t}\``).join(', ')}`,
        ),
      )
    }
  }
  for (const { value: method } of clientAuthentication) {
    if (!clientAuthFits(method, info, formTypes, data)) {
      problems.push(
        problem(
          pointerOf([EXTENSION_KEY, 'clientAuthentication']),
          `\`${method}\` needs ${CLIENT_AUTH_NEEDS[method]}, which ${info.operationId} does not have`,
        ),
      )
    }
  }
  return {
    ...info,
    requestMediaType: documented.mediaType as TokenRequestMediaType,
    errorMediaType,
  }
}

function clientAuthFits(
  method: ClientAuthMethod,
  info: OperationInfo,
  formTypes: readonly MediaTypeInfo[],
  data: Record<string, unknown>,
): boolean {
  if (method === 'client_secret_basic') return info.security.includes('http-basic')
  const needed = method === 'client_secret_post' ? ['client_id', 'client_secret'] : ['client_id']
  return formTypes.some((media) => {
    if (media.schemaPointer === undefined) return false
    const names = propertyNames(data, media.schemaPointer, new Set())
    return needed.every((name) => names.has(name))
  })
}

/** Every property a schema can have, through `$ref`, `allOf`, `anyOf` and `oneOf`. */
function propertyNames(
  data: Record<string, unknown>,
  pointer: string,
  seen: Set<string>,
): Set<string> {
  const names = new Set<string>()
  const resolved = resolveRefs(data, pointer)
  if ('error' in resolved || seen.has(resolved.pointer) || !isRecord(resolved.value)) return names
  seen.add(resolved.pointer)
  const schema = resolved.value
  if (isRecord(schema['properties']))
    for (const name of Object.keys(schema['properties'])) names.add(name)
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[keyword]
    if (!Array.isArray(branches)) continue
    branches.forEach((_, index) => {
      for (const name of propertyNames(data, `${resolved.pointer}/${keyword}/${index}`, seen)) {
        names.add(name)
      }
    })
  }
  return names
}

function checkPattern(extension: Extension, problems: SpecProblem[]): string | undefined {
  const pattern = extension.usernamePattern
  if (pattern === undefined) return undefined
  try {
    const regExp = new RegExp(pattern, 'u')
    const username = extension.exampleCredentials?.username
    if (username !== undefined && !regExp.test(username)) {
      problems.push(
        problem(
          pointerOf([EXTENSION_KEY, 'exampleCredentials', 'username']),
          `expected the example username to match usernamePattern, got \`${username}\``,
        ),
      )
    }
    return pattern
  } catch (error) {
    problems.push(
      problem(
        pointerOf([EXTENSION_KEY, 'usernamePattern']),
        `not a regular expression: ${(error as Error).message}`,
      ),
    )
    return undefined
  }
}

function suggest(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase()
  const close = candidates.find(
    (candidate) =>
      candidate.toLowerCase().includes(lower) || lower.includes(candidate.toLowerCase()),
  )
  if (close !== undefined) return ` (did you mean \`${close}\`?)`
  return candidates.length > 0 ? `; it has ${candidates.map((c) => `\`${c}\``).join(', ')}` : ''
}
