import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import schema from './report.schema.json' with { type: 'json' }
import { OWN_SCHEMA_OPTIONS } from '../own-schema.ts'

// ajv-formats is CommonJS: under ESM the plugin is also its export's `default`.
const addFormats = addFormatsModule.default

/** The JSON Schema of `report.json`. */
export const reportSchema = schema

let compiled: ValidateFunction | undefined

function validator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({
      ...OWN_SCHEMA_OPTIONS,
      allErrors: true,
      strict: true,
      strictRequired: false,
    })
    addFormats(ajv)
    compiled = ajv.compile(schema)
  }
  return compiled
}

/**
 * Every way `value` departs from `report.schema.json`, as "at `/pointer`: message" lines; empty
 * when it is a valid report.
 */
export function reportSchemaProblems(value: unknown): string[] {
  const validate = validator()
  if (validate(value)) return []
  return (validate.errors ?? [])
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const where = error.instancePath === '' ? 'the report' : `\`${error.instancePath}\``
      const extra =
        'additionalProperty' in error.params
          ? ` "${String(error.params['additionalProperty'])}"`
          : 'allowedValues' in error.params
            ? ` (${(error.params['allowedValues'] as unknown[]).join(', ')})`
            : ''
      return `at ${where}: ${error.message ?? 'is invalid'}${extra}`
    })
}
