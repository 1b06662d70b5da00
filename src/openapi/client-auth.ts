import type { ClientAuthMethod } from './extension.ts'
import type { MediaTypeInfo, OperationInfo } from './operation-info.ts'
import { isRecord, resolveRefs } from './pointer.ts'

/** What each client authentication method needs of the token operation, for a problem's message. */
export const CLIENT_AUTH_NEEDS: Record<ClientAuthMethod, string> = {
  client_secret_basic: 'an HTTP Basic security requirement on the token operation',
  client_secret_post: 'a "client_secret" field in the token request body',
  none: 'a "client_id" field in the token request body',
}

/** Whether the token operation documents what a client authentication method sends. */
export function clientAuthFits(
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
