/**
 * Options for compiling tokencheck's own JSON Schemas (the spec extension, users and config
 * files, reports, baselines): they are not checked against the JSON Schema meta-schema when a
 * command starts, which would compile the meta-schema first (most of the mock's start-up time
 * spent in ajv); test/own-schemas.test.ts checks each of them against it instead.
 */
export const OWN_SCHEMA_OPTIONS = { validateSchema: false } as const
