import { isRecord, pointerOf, resolveRefs } from './pointer.ts'

/** An example value in a spec and the schema it must satisfy. */
export interface SpecExample {
  /** Where the example value is. */
  pointer: string
  /** Where its schema is. */
  schemaPointer: string
  value: unknown
}

const SCHEMA_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'dependentSchemas',
])
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems'])
const SCHEMA_KEYWORDS = new Set([
  'items',
  'not',
  'if',
  'then',
  'else',
  'additionalProperties',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
])

/**
 * Every example of the document with the schema it illustrates: the `examples` and `example` of
 * media types, parameters and headers, and the `examples` (and OpenAPI's `example`) of every
 * schema, inline or under `components/schemas`.
 */
export function collectExamples(document: unknown): SpecExample[] {
  const found: SpecExample[] = []
  walk(document, [], false, found)
  return found.map((example) => {
    if (!isRecord(example.value) || !('$ref' in example.value)) return example
    const resolved = resolveRefs(document, example.pointer.replace(/\/value$/, ''))
    if ('error' in resolved || !isRecord(resolved.value)) return example
    return { ...example, pointer: `${resolved.pointer}/value`, value: resolved.value['value'] }
  })
}

function walk(node: unknown, path: string[], inSchema: boolean, found: SpecExample[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, [...path, String(index)], false, found))
    return
  }
  if (!isRecord(node)) return
  const pointer = pointerOf(path)
  if (inSchema) {
    schemaExamples(node, pointer, found)
    for (const [key, value] of Object.entries(node)) {
      if (SCHEMA_MAP_KEYWORDS.has(key) && isRecord(value)) {
        for (const [name, sub] of Object.entries(value))
          walk(sub, [...path, key, name], true, found)
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
        value.forEach((sub, index) => walk(sub, [...path, key, String(index)], true, found))
      } else if (SCHEMA_KEYWORDS.has(key)) {
        walk(value, [...path, key], true, found)
      }
    }
    return
  }
  if ('schema' in node && isRecord(node['schema'])) {
    objectExamples(node, pointer, `${pointer}/schema`, found)
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === 'example') continue
    const isSchemasMap = key === 'schemas' && path.length === 1 && path[0] === 'components'
    if (isSchemasMap && isRecord(value)) {
      for (const [name, sub] of Object.entries(value)) {
        walk(sub, [...path, key, name], true, found)
      }
    } else {
      walk(value, [...path, key], key === 'schema', found)
    }
  }
}

/** `examples: [..]` and `example:` on a schema. */
function schemaExamples(schema: Record<string, unknown>, pointer: string, found: SpecExample[]) {
  const examples = schema['examples']
  if (Array.isArray(examples)) {
    examples.forEach((value, index) =>
      found.push({ pointer: `${pointer}/examples/${index}`, schemaPointer: pointer, value }),
    )
  }
  if ('example' in schema) {
    found.push({ pointer: `${pointer}/example`, schemaPointer: pointer, value: schema['example'] })
  }
}

/** `examples: {name: {value}}` and `example:` on a media type, parameter or header. */
function objectExamples(
  owner: Record<string, unknown>,
  pointer: string,
  schemaPointer: string,
  found: SpecExample[],
) {
  const examples = owner['examples']
  if (isRecord(examples)) {
    for (const [name, example] of Object.entries(examples)) {
      if (isRecord(example) && '$ref' in example) {
        // resolved by collectExamples, once the whole document has been walked
        found.push({
          pointer: `${pointer}/examples/${pointerOf([name]).slice(1)}/value`,
          schemaPointer,
          value: example,
        })
      } else if (isRecord(example) && 'value' in example) {
        found.push({
          pointer: `${pointer}/examples/${pointerOf([name]).slice(1)}/value`,
          schemaPointer,
          value: example['value'],
        })
      }
    }
  }
  if ('example' in owner) {
    found.push({ pointer: `${pointer}/example`, schemaPointer, value: owner['example'] })
  }
}
