/**
 * OpenAPI 3.0.x → 3.1.0, on load. tokencheck reads OpenAPI 3.1 (its schemas are JSON Schema
 * 2020-12); most vendors publish 3.0, whose Schema Object differs in a few keywords. Each is
 * rewritten at the place it stands, so every JSON pointer into the document still names the same
 * element of the user's file, and problems keep their line. What 3.0 and 3.1 write alike is left
 * as it is.
 * @see [OpenAPI 3.1.0 §4.8.24 Schema Object](https://spec.openapis.org/oas/v3.1.0#schema-object)
 * @see [Upgrading from 3.0 to 3.1](https://learn.openapis.org/upgrading/v3.0-to-v3.1.html)
 */

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The `openapi` version a document declares, when it is a 3.0.x one. */
export function openapi30Version(data: unknown): string | undefined {
  if (!isObject(data)) return undefined
  const version = data['openapi']
  return typeof version === 'string' && /^3\.0\.\d+$/.test(version) ? version : undefined
}

/** A 3.1.0 copy of a 3.0.x document (the input is left as it is). */
export function upgradeTo31(data: Json): Json {
  const copy = structuredClone(data)
  copy['openapi'] = '3.1.0'
  visitDocument(copy)
  return copy
}

/** Every place of a document that holds a Schema Object. */
function visitDocument(doc: Json): void {
  const components = isObject(doc['components']) ? doc['components'] : {}
  for (const schema of valuesOf(components['schemas'])) upgradeSchema(schema)
  for (const parameter of valuesOf(components['parameters'])) visitParameter(parameter)
  for (const header of valuesOf(components['headers'])) visitParameter(header)
  for (const response of valuesOf(components['responses'])) visitResponse(response)
  for (const body of valuesOf(components['requestBodies'])) visitContent(body['content'])
  for (const path of valuesOf(doc['paths'])) {
    for (const parameter of itemsOf(path['parameters'])) visitParameter(parameter)
    for (const operation of valuesOf(path)) {
      for (const parameter of itemsOf(operation['parameters'])) visitParameter(parameter)
      if (isObject(operation['requestBody'])) visitContent(operation['requestBody']['content'])
      for (const response of valuesOf(operation['responses'])) visitResponse(response)
    }
  }
}

function visitParameter(parameter: Json): void {
  if (isObject(parameter['schema'])) upgradeSchema(parameter['schema'])
  visitContent(parameter['content'])
}

function visitResponse(response: Json): void {
  for (const header of valuesOf(response['headers'])) visitParameter(header)
  visitContent(response['content'])
}

function visitContent(content: unknown): void {
  for (const media of valuesOf(content)) {
    if (isObject(media['schema'])) upgradeSchema(media['schema'])
  }
}

const SUBSCHEMA = ['items', 'additionalProperties', 'not', 'contains'] as const
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const
const SUBSCHEMA_MAPS = ['properties', 'patternProperties'] as const

/** One Schema Object and everything under it, rewritten in place. */
export function upgradeSchema(schema: Json): void {
  if ('$ref' in schema) return
  nullable(schema)
  exclusiveBound(schema, 'exclusiveMinimum', 'minimum')
  exclusiveBound(schema, 'exclusiveMaximum', 'maximum')
  // 3.0's single `example` is JSON Schema's `examples` list in 3.1 (3.1 keeps `example` only as
  // deprecated).
  if ('example' in schema) {
    if (!('examples' in schema)) schema['examples'] = [schema['example']]
    delete schema['example']
  }
  for (const key of SUBSCHEMA) if (isObject(schema[key])) upgradeSchema(schema[key])
  for (const key of SUBSCHEMA_LISTS) for (const item of itemsOf(schema[key])) upgradeSchema(item)
  for (const key of SUBSCHEMA_MAPS) for (const item of valuesOf(schema[key])) upgradeSchema(item)
}

/** `nullable: true` is `null` among the types (and the values of an `enum`). */
function nullable(schema: Json): void {
  if (!('nullable' in schema)) return
  const isNullable = schema['nullable'] === true
  delete schema['nullable']
  if (!isNullable) return
  const type = schema['type']
  if (typeof type === 'string') schema['type'] = [type, 'null']
  else if (Array.isArray(type)) {
    if (!type.includes('null')) type.push('null')
  } else {
    // No `type` to extend (an `allOf` of a `$ref`, say): the schema becomes one alternative
    // and null the other. Pointers under it gain `/anyOf/0`; their lines fall back to this one.
    const rest = { ...schema }
    for (const key of Object.keys(schema)) delete schema[key]
    schema['anyOf'] = [rest, { type: 'null' }]
    return
  }
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(null)) schema['enum'].push(null)
}

/** 3.0's boolean `exclusiveMinimum: true` beside `minimum: n` is 3.1's `exclusiveMinimum: n`. */
function exclusiveBound(
  schema: Json,
  exclusive: 'exclusiveMinimum' | 'exclusiveMaximum',
  bound: 'minimum' | 'maximum',
): void {
  const flag = schema[exclusive]
  if (typeof flag !== 'boolean') return
  delete schema[exclusive]
  if (flag && typeof schema[bound] === 'number') {
    schema[exclusive] = schema[bound]
    delete schema[bound]
  }
}

function valuesOf(value: unknown): Json[] {
  return isObject(value) ? Object.values(value).filter(isObject) : []
}

function itemsOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : []
}
