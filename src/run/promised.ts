/**
 * What a spec promises about a real server. Elements marked `x-tokencheck-source: tokencheck`
 * describe the embedded mock alone: they never choose a request sent to a real server nor yield
 * a verdict against it. A URL the user gives (`--protected-resource`, `--discovery-url`) says the
 * endpoint exists even where the spec is silent; its body is judged by the standards only, unless
 * the spec itself documents it.
 */
import { relative } from 'node:path'
import { readSpecDocument } from '../openapi/document.ts'
import { BUNDLED_SPECS_DIR } from '../openapi/load.ts'
import { isRecord, resolveRefs } from '../openapi/pointer.ts'
import {
  SOURCE_KEY,
  type MediaTypeInfo,
  type OperationInfo,
  type ResponseInfo,
} from '../openapi/operation-info.ts'
import { type Profile } from '../openapi/profile.ts'
import type { TargetPlan } from './plan.ts'

const MOCK_ONLY = 'tokencheck'

const vendorOrStandard = <T extends { source: string }>(items: readonly T[]): T[] =>
  items.filter((item) => item.source !== MOCK_ONLY)

/** True when the schema at `pointer` (after its `$ref`s) is marked as the mock's own. */
type SchemaIsMockOnly = (pointer: string) => boolean

function schemaSources(file: string): SchemaIsMockOnly {
  let data: unknown
  return (pointer) => {
    data ??= readSpecDocument(file).data
    const resolved = resolveRefs(data, pointer)
    return (
      'value' in resolved && isRecord(resolved.value) && resolved.value[SOURCE_KEY] === MOCK_ONLY
    )
  }
}

function promisedMedia(media: MediaTypeInfo, mockOnly: SchemaIsMockOnly): MediaTypeInfo {
  const { schemaPointer, ...rest } = media
  const keep = schemaPointer !== undefined && !mockOnly(schemaPointer)
  return {
    ...rest,
    ...(keep ? { schemaPointer } : {}),
    examples: vendorOrStandard(media.examples),
  }
}

function promisedResponse(response: ResponseInfo, mockOnly: SchemaIsMockOnly): ResponseInfo {
  return {
    ...response,
    mediaTypes: vendorOrStandard(response.mediaTypes).map((media) =>
      promisedMedia(media, mockOnly),
    ),
    headers: vendorOrStandard(response.headers),
  }
}

/** An operation as promised: a mock-only one keeps its place (method, path) and nothing else. */
function promisedOperation<T extends OperationInfo>(op: T, mockOnly: SchemaIsMockOnly): T {
  if (op.source === MOCK_ONLY) return { ...op, scopes: [], responses: [] }
  return {
    ...op,
    responses: vendorOrStandard(op.responses).map((r) => promisedResponse(r, mockOnly)),
  }
}

/** True for a spec tokencheck bundles: a transcription of a vendor's page, not the user's own. */
function isBundled(file: string): boolean {
  return !relative(BUNDLED_SPECS_DIR, file).startsWith('..')
}

/** An operation the user named by URL where the spec has none: known by its place alone. */
function givenOperation(id: string, url: string): OperationInfo {
  return {
    operationId: id,
    method: 'get',
    path: new URL(url).pathname,
    pointer: '',
    source: MOCK_ONLY,
    scopes: [],
    security: [],
    requestMediaTypes: [],
    responses: [],
  }
}

/**
 * The profile a real target is judged by: mock-only operations, responses, media types, headers,
 * examples, grants, client authentication methods, scopes and formats left out. An embedded mock
 * is judged by the whole spec.
 */
export function promisedProfile(profile: Profile, target: TargetPlan): Profile {
  if (target.kind === 'mock') return profile
  const mockOnly = schemaSources(profile.file)
  const ops = new Map<OperationInfo, OperationInfo>(
    profile.operations.map((op) => [op, promisedOperation(op, mockOnly)]),
  )
  const mapped = <T extends OperationInfo>(op: T | undefined): T | undefined =>
    op === undefined
      ? undefined
      : ((ops.get(op) as T | undefined) ?? promisedOperation(op, mockOnly))
  // A resource the user points at is theirs: a bundled spec's resource describes another one, so
  // only RFC 6750 judges it. The user's own spec, which documents their resource, still does.
  const givenResource =
    target.protectedResourceUrl !== undefined &&
    profile.protectedResource !== undefined &&
    isBundled(profile.file)
  if (givenResource) {
    ops.set(profile.protectedResource!, {
      ...profile.protectedResource!,
      scopes: [],
      responses: [],
    })
  }
  const protectedResource =
    mapped(profile.protectedResource) ??
    (target.protectedResourceUrl === undefined
      ? undefined
      : givenOperation('protected resource (--protected-resource)', target.protectedResourceUrl))
  const discovery =
    mapped(profile.discovery) ??
    (target.discoveryUrl === undefined
      ? undefined
      : givenOperation('discovery document (--discovery-url)', target.discoveryUrl))
  const jwks = mapped(profile.jwks)
  const grants = vendorOrStandard(profile.grants)
  const clientAuthentication = vendorOrStandard(profile.clientAuthentication)
  const { scopes } = profile
  return {
    ...profile,
    token: mapped(profile.token)!,
    operations: [...ops.values()],
    ...(protectedResource === undefined ? {} : { protectedResource }),
    ...(discovery === undefined ? {} : { discovery }),
    ...(jwks === undefined ? {} : { jwks }),
    grants: grants.length > 0 ? grants : profile.grants,
    clientAuthentication:
      clientAuthentication.length > 0 ? clientAuthentication : profile.clientAuthentication,
    clients: vendorOrStandard(profile.clients),
    errorStyle:
      profile.errorStyle.source === MOCK_ONLY
        ? { value: 'rfc6749', source: 'rfc6749#section-5.2' }
        : profile.errorStyle,
    tokenFormat:
      profile.tokenFormat.source === MOCK_ONLY
        ? { value: 'unspecified', source: MOCK_ONLY }
        : profile.tokenFormat,
    scopes:
      scopes.source === MOCK_ONLY
        ? { supported: [], source: MOCK_ONLY }
        : {
            supported: scopes.supported,
            ...(scopes.default === undefined ? {} : { default: scopes.default }),
            source: scopes.source,
          },
  }
}
