import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'

/**
 * Options for compiling tokencheck's own JSON Schemas (the spec extension, users and config
 * files, reports, baselines): they are not checked against the JSON Schema meta-schema when a
 * command starts, which would compile the meta-schema first (most of the mock's start-up time
 * spent in ajv); test/own-schemas.test.ts checks each of them against it instead.
 */
export const OWN_SCHEMA_OPTIONS = { validateSchema: false } as const

/**
 * A validator for one of tokencheck's own input schemas, compiled on first use: every error, in
 * strict mode, with the failing data for the messages.
 */
export function ownSchemaValidator(schema: object): () => ValidateFunction {
  let compiled: ValidateFunction | undefined
  return () =>
    (compiled ??= new Ajv2020({
      ...OWN_SCHEMA_OPTIONS,
      allErrors: true,
      strict: true,
      verbose: true,
    }).compile(schema))
}
