import { operationOfExchange } from '../openapi/operations.ts'
import { header, mediaTypeOf, type Exchange } from '../http/exchange.ts'
import { isRecord, resolveRefs } from '../openapi/pointer.ts'
import type { MediaTypeInfo, OperationInfo, ResponseInfo } from '../openapi/operation-info.ts'
import type { Profile } from '../openapi/profile.ts'
import { DRIFT_KINDS, type DriftItem, type DriftKind } from './model.ts'

/** What drift is computed from: the run's exchanges and the spec they were judged against. */
export interface DriftInput {
  exchanges: readonly Exchange[]
  profile: Profile
  /** The spec's data (`loadSpec(…).document.data`): response schemas are read from it. */
  document: unknown
}

/** Members whose values are secrets or differ on every issue: never compared with an example. */
const UNCOMPARABLE = new Set(['access_token', 'refresh_token', 'id_token', 'token', 'jti'])

const SOURCE_KEY = 'x-tokencheck-source'
const fromVendor = (source: string | undefined) =>
  source === undefined || source.startsWith('vendor-doc')
const opName = (op: OperationInfo) => `${op.method.toUpperCase()} ${op.path}`
const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ')

/**
 * The documentation drift of a run: where the target departs from its own spec, apart from any RFC
 * failure. Statuses and media types it answered with that the spec does not document; members of
 * a documented JSON response that the schema does not list; members the vendor documents for a
 * successful response that no successful response carried; members of the vendor page's examples
 * whose value no response matched (`expires_in` `2628288` documented, `3600` seen). Only what the
 * vendor page documents can be "never seen" or "differ"; what the spec adds from a standard or for
 * the mock cannot. Exchanges without a response, and requests to no operation of the spec (GET on
 * the token endpoint), are left out.
 *
 * @see [OpenAPI 3.1 §4.8.16 Responses Object](https://spec.openapis.org/oas/v3.1.0#responses-object)
 */
export function computeDrift({ exchanges, profile, document }: DriftInput): DriftItem[] {
  const found = new Map<string, DriftItem>()
  const add = (key: string, item: Omit<DriftItem, 'exchangeIds'>, exchangeId: string) => {
    const existing = found.get(`${item.kind} ${key}`)
    if (existing === undefined)
      found.set(`${item.kind} ${key}`, { ...item, exchangeIds: [exchangeId] })
    else if (!existing.exchangeIds.includes(exchangeId)) {
      found.set(`${item.kind} ${key}`, {
        ...existing,
        exchangeIds: [...existing.exchangeIds, exchangeId],
      })
    }
  }
  const successes = new Map<string, Success>()

  for (const exchange of exchanges) {
    const response = exchange.response
    if (response === undefined) continue
    const op = operationOfExchange(exchange, profile)
    if (op === undefined) continue
    const name = opName(op)
    const documented = documentedResponse(op, response.status)
    if (documented === undefined) {
      const statuses = op.responses.map((r) => r.status)
      add(
        `${name} ${response.status}`,
        {
          kind: 'undocumented-status',
          operation: name,
          message: `status \`${response.status}\` is not documented for ${name} (it documents ${list(statuses)})`,
          documented: statuses.join(' | '),
          observed: String(response.status),
        },
        exchange.id,
      )
      continue
    }
    const mediaType = mediaTypeOf(header(response.headers, 'content-type'))
    const documentedTypes = documented.mediaTypes.map((m) => m.mediaType)
    const media =
      mediaType === undefined
        ? undefined
        : documented.mediaTypes.find((m) => mediaMatches(m.mediaType, mediaType))
    if (media === undefined && response.body !== '' && documentedTypes.length > 0) {
      const observed = mediaType ?? 'no Content-Type'
      add(
        `${name} ${documented.status} ${observed}`,
        {
          kind: 'undocumented-media-type',
          operation: name,
          message: `${mediaType === undefined ? 'a body with no Content-Type' : `\`${mediaType}\``} is not a documented media type of the \`${documented.status}\` response of ${name} (it documents ${list(documentedTypes)})`,
          documented: documentedTypes.join(' | '),
          observed,
        },
        exchange.id,
      )
    }
    if (media?.schemaPointer === undefined || !isRecord(response.json)) continue
    const properties = schemaProperties(document, media.schemaPointer)
    if (properties.size > 0) {
      for (const member of Object.keys(response.json)) {
        if (properties.has(member)) continue
        add(
          `${name} ${documented.status} ${member}`,
          {
            kind: 'undocumented-field',
            operation: name,
            message: `"${member}" is in the \`${documented.status}\` response of ${name} but not documented`,
            observed: member,
          },
          exchange.id,
        )
      }
    }
    if (response.status >= 200 && response.status < 300) {
      const key = `${name} ${documented.status} ${media.mediaType}`
      const success = successes.get(key) ?? {
        op: name,
        status: documented.status,
        media,
        properties,
        bodies: [],
        ids: [],
      }
      success.bodies.push(response.json)
      success.ids.push(exchange.id)
      successes.set(key, success)
    }
  }

  for (const success of successes.values()) {
    for (const item of neverSeen(success).concat(examplesDiffer(success))) {
      found.set(`${item.kind} ${success.op} ${item.message}`, item)
    }
  }
  const order = (kind: DriftKind) => DRIFT_KINDS.indexOf(kind)
  return [...found.values()].sort((a, b) => order(a.kind) - order(b.kind))
}

interface Success {
  op: string
  status: string
  media: MediaTypeInfo
  /** The schema's members and their `x-tokencheck-source`. */
  properties: ReadonlyMap<string, string | undefined>
  bodies: Record<string, unknown>[]
  ids: string[]
}

function neverSeen(success: Success): DriftItem[] {
  const items: DriftItem[] = []
  for (const [member, source] of success.properties) {
    if (!fromVendor(source)) continue
    if (success.bodies.some((body) => member in body)) continue
    const n = success.bodies.length
    items.push({
      kind: 'documented-field-never-seen',
      operation: success.op,
      message: `"${member}" is documented for the \`${success.status}\` response of ${success.op} but absent from ${n === 1 ? 'the one successful response' : `all ${n} successful responses`}`,
      documented: member,
      exchangeIds: success.ids,
    })
  }
  return items
}

function examplesDiffer(success: Success): DriftItem[] {
  const items: DriftItem[] = []
  for (const example of success.media.examples) {
    if (!fromVendor(example.source) || !isRecord(example.value)) continue
    // A spec with no vendor page (the plain RFC one) has examples of its own, not a vendor's.
    const where = !String(example.source).startsWith('vendor-doc')
      ? `the spec's example`
      : example.source.includes('#L')
        ? `the vendor page's example (${example.source.replace(/^vendor-doc#L(\d+)(?:-L(\d+))?$/, (_, a: string, b?: string) => (b === undefined ? `line ${a}` : `lines ${a}–${b}`))})`
        : `the vendor page's example`
    for (const [member, value] of Object.entries(example.value)) {
      if (UNCOMPARABLE.has(member) || (value !== null && typeof value === 'object')) continue
      const carried = success.bodies.filter((body) => member in body)
      if (carried.length === 0 || carried.some((body) => body[member] === value)) continue
      const observed = [...new Set(carried.map((body) => JSON.stringify(body[member])))]
      const shown = observed
        .slice(0, 3)
        .concat(observed.length > 3 ? [`… ${observed.length - 3} more`] : [])
      items.push({
        kind: 'example-value-differs',
        operation: success.op,
        message: `"${member}" is \`${JSON.stringify(value)}\` in ${where}, got ${shown.map((v) => `\`${v}\``).join(', ')}`,
        documented: JSON.stringify(value),
        observed: shown.join(' | '),
        exchangeIds: success.ids.filter((_, index) => member in success.bodies[index]!),
      })
    }
  }
  return items
}

/** The documented response for a status: exact, then `4XX`, then `default` (OpenAPI 3.1 §4.8.16). */
function documentedResponse(op: OperationInfo, status: number): ResponseInfo | undefined {
  return (
    op.responses.find((r) => r.status === String(status)) ??
    op.responses.find((r) => r.status.toUpperCase() === `${Math.floor(status / 100)}XX`) ??
    op.responses.find((r) => r.status === 'default')
  )
}

function mediaMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true
  return documented.endsWith('/*') && actual.startsWith(documented.slice(0, -1))
}

/** Every member a schema can have, through `$ref`, `allOf`, `anyOf` and `oneOf`, with its source. */
function schemaProperties(
  document: unknown,
  pointer: string,
  seen = new Set<string>(),
): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>()
  const resolved = resolveRefs(document, pointer)
  if ('error' in resolved || seen.has(resolved.pointer) || !isRecord(resolved.value)) return found
  seen.add(resolved.pointer)
  const schema = resolved.value
  if (isRecord(schema['properties'])) {
    for (const name of Object.keys(schema['properties'])) {
      const property = resolveRefs(
        document,
        `${resolved.pointer}/properties/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      )
      const source =
        !('error' in property) && isRecord(property.value) ? property.value[SOURCE_KEY] : undefined
      found.set(name, typeof source === 'string' ? source : undefined)
    }
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[keyword]
    if (!Array.isArray(branches)) continue
    branches.forEach((_, index) => {
      for (const [name, source] of schemaProperties(
        document,
        `${resolved.pointer}/${keyword}/${index}`,
        seen,
      )) {
        if (!found.has(name)) found.set(name, source)
      }
    })
  }
  return found
}
