import type { SpecProblem } from './document.ts'
import { isRecord, pointerOf, resolveRefs } from './pointer.ts'
import { profileProblem as problem } from './problem.ts'
import { isSource, type Source } from './source.ts'

/** The operations of an OpenAPI document, as the Profile records them: paths, media types, responses. */

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

/** The `x-tokencheck-source` of an element; an element without one is the vendor's. */
export const SOURCE_KEY = 'x-tokencheck-source'
export const DEFAULT_SOURCE: Source = 'vendor-doc'

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

export function sourceOfNode(node: unknown, fallback: Source = DEFAULT_SOURCE): Source {
  if (isRecord(node) && isSource(node[SOURCE_KEY])) return node[SOURCE_KEY]
  return fallback
}

/** Every operation of the spec, with what it accepts and answers. */
export function collectOperations(
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
