import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { COMPILED, PACKAGE_ROOT } from './package-root.ts'

const require = createRequire(import.meta.url)

/**
 * Options for compiling tokencheck's own JSON Schemas (the spec extension, users and config
 * files, reports, baselines): they are not checked against the JSON Schema meta-schema when a
 * command starts, which would compile the meta-schema first (most of the mock's start-up time
 * spent in ajv); test/own-schemas.test.ts checks each of them against it instead.
 */
export const OWN_SCHEMA_OPTIONS = { validateSchema: false } as const

/** How `ownSchemaValidator` compiles: every error, in strict mode, with the failing data. */
export const OWN_VALIDATOR_OPTIONS = {
  ...OWN_SCHEMA_OPTIONS,
  allErrors: true,
  strict: true,
  verbose: true,
} as const

/** The build's standalone validators of the own schemas (scripts/build-assets.mjs). */
export const PRECOMPILED_VALIDATORS = join(PACKAGE_ROOT, 'dist', 'own-validators.cjs')

/** The name a precompiled validator is kept under: a fingerprint of the schema it came from. */
export function validatorKey(schema: object): string {
  return `v${createHash('sha256').update(JSON.stringify(schema)).digest('hex')}`
}

/**
 * A validator for one of tokencheck's own input schemas, compiled on first use. The build
 * compiles them ahead (ajv's standalone code), so an installed tokencheck loads neither ajv nor
 * the compiler at start; a schema that differs from the one compiled is compiled here instead.
 */
export function ownSchemaValidator(schema: object): () => ValidateFunction {
  let compiled: ValidateFunction | undefined
  return () => (compiled ??= precompiled(schema) ?? compile(schema))
}

function precompiled(schema: object): ValidateFunction | undefined {
  if (!COMPILED || !existsSync(PRECOMPILED_VALIDATORS)) return undefined
  const validators = require(PRECOMPILED_VALIDATORS) as Record<string, ValidateFunction>
  return validators[validatorKey(schema)]
}

function compile(schema: object): ValidateFunction {
  // Loaded only here: ajv is CommonJS, so a synchronous require keeps this function synchronous.
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')
  return new Ajv2020(OWN_VALIDATOR_OPTIONS).compile(schema)
}
