/**
 * tokencheck's own JSON Schemas are compiled without meta-schema validation when a command
 * starts (src/own-schema.ts); here each is checked against the JSON Schema 2020-12 meta-schema,
 * and compiles under ajv's strict mode.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { BASELINE_SCHEMA } from '../src/report/baseline.ts'

// ajv-formats is CommonJS: under ESM the plugin is its export's `default`.
const addFormats = addFormatsModule.default

const file = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'))

const SCHEMAS: Record<string, unknown> = {
  'src/openapi/x-tokencheck.schema.json': file('src/openapi/x-tokencheck.schema.json'),
  'src/mock/users.schema.json': file('src/mock/users.schema.json'),
  'src/report/report.schema.json': file('src/report/report.schema.json'),
  'tokencheck.config.schema.json': file('tokencheck.config.schema.json'),
  'the baseline schema (src/report/baseline.ts)': BASELINE_SCHEMA,
}

const ajv = () => {
  const instance = new Ajv2020({ strict: true, strictRequired: false, allErrors: true })
  addFormats(instance)
  return instance
}

describe("tokencheck's own schemas", () => {
  it.each(Object.keys(SCHEMAS))(
    '%s is a valid JSON Schema 2020-12 and compiles strictly',
    (name) => {
      const instance = ajv()
      const valid = instance.validateSchema(SCHEMAS[name] as object)
      expect(instance.errors ?? [], JSON.stringify(instance.errors)).toEqual([])
      expect(valid).toBe(true)
      expect(() => ajv().compile(SCHEMAS[name] as object)).not.toThrow()
    },
  )

  it('a schema with a wrong keyword value is refused by the same check (the control)', () => {
    const instance = ajv()
    expect(instance.validateSchema({ type: 'objekt' })).toBe(false)
    expect(instance.validateSchema({ type: 'object', required: 'name' })).toBe(false)
  })
})
