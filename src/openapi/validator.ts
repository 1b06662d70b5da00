import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { SpecDocument } from './document.ts'

// ajv-formats is CommonJS: under ESM the plugin is also its export's `default`.
const addFormats = addFormatsModule.default

const SPEC_ID = 'https://tokencheck.invalid/spec.json'

/** Keywords an OpenAPI 3.1 schema may carry besides JSON Schema 2020-12's own. */
const OPENAPI_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'] as const

export interface SchemaViolation {
  /** JSON pointer into the validated value. */
  instancePath: string
  message: string
  /** The JSON Schema keyword that failed: `required`, `type`, `additionalProperties`… */
  keyword?: string
}

/**
 * Validates values against the schemas of one spec, by the JSON pointer of the schema in the spec.
 * The whole document is registered once, so `$ref`s between schemas resolve as in the file; each
 * schema is compiled on first use and kept.
 */
export class SpecValidator {
  readonly #ajv: Ajv2020
  readonly #compiled = new Map<string, ValidateFunction>()

  /**
   * @param strict refuse schema keywords that neither JSON Schema nor OpenAPI define, beyond
   *   `x-` extensions: for the bundled specs, whose typos should fail their tests.
   */
  constructor(document: Pick<SpecDocument, 'data'>, options: { strict?: boolean } = {}) {
    const strict = options.strict ?? false
    this.#ajv = new Ajv2020({
      strictSchema: strict ? 'log' : false,
      strictRequired: false,
      strictTypes: false,
      strictTuples: false,
      allErrors: true,
      validateSchema: false,
      logger: strict ? strictLogger : false,
    })
    addFormats(this.#ajv)
    for (const keyword of OPENAPI_KEYWORDS) this.#ajv.addKeyword({ keyword })
    this.#ajv.addSchema(document.data as object, SPEC_ID)
  }

  /** Violations of the schema at `schemaPointer` by `value`; empty when it is valid. */
  validate(schemaPointer: string, value: unknown): SchemaViolation[] {
    let validate = this.#compiled.get(schemaPointer)
    if (validate === undefined) {
      validate = this.#ajv.compile({ $ref: `${SPEC_ID}#${encodeURI(schemaPointer)}` })
      this.#compiled.set(schemaPointer, validate)
    }
    if (validate(value)) return []
    return (validate.errors ?? [])
      .filter(
        (error) =>
          !['if', 'oneOf', 'anyOf'].includes(error.keyword) || validate.errors?.length === 1,
      )
      .map((error) => ({
        instancePath: error.instancePath,
        keyword: error.keyword,
        message: `${error.instancePath === '' ? 'the value' : `"${error.instancePath.slice(1)}"`} ${error.message ?? 'is invalid'}${paramsText(error.params)}`,
      }))
  }
}

function paramsText(params: Record<string, unknown>): string {
  if ('allowedValue' in params) return ` \`${String(params['allowedValue'])}\``
  if ('allowedValues' in params) return ` (${(params['allowedValues'] as unknown[]).join(', ')})`
  return ''
}

/** The OpenAPI document's own members: ajv reads the document as the root of every `$ref`. */
const DOCUMENT_MEMBERS = new Set([
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'paths',
  'webhooks',
  'components',
  'security',
  'tags',
])

/** In strict mode, an unknown keyword is an error unless it is an `x-` extension. */
const strictLogger = {
  log: () => undefined,
  warn(message: unknown) {
    const text = String(message)
    const keyword = /unknown keyword: "([^"]+)"/.exec(text)?.[1]
    if (keyword !== undefined && (keyword.startsWith('x-') || DOCUMENT_MEMBERS.has(keyword))) return
    throw new Error(text)
  },
  error(message: unknown) {
    throw new Error(String(message))
  },
}
