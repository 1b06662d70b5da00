import { basename, extname } from 'node:path'
import type { SpecDocument, SpecProblem } from './document.ts'
import {
  EXTENSION_KEY,
  validateExtension,
  type ClientAuthMethod,
  type DeviationCheckId,
  type ErrorStyle,
  type Extension,
  type Grant,
  type SourcedMember,
  type TokenFormat,
} from './extension.ts'
import { collectOperations, DEFAULT_SOURCE, type OperationInfo } from './operation-info.ts'
import { isRecord, pointerOf } from './pointer.ts'
import { profileProblem as problem } from './problem.ts'
import type { Source } from './source.ts'
import { tokenOperation, type TokenOperation } from './token-operation.ts'

export interface Sourced<T> {
  value: T
  source: Source
}

export interface Deviation {
  check: DeviationCheckId
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
