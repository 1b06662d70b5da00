import type { ErrorObject, ValidateFunction } from 'ajv'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { TokencheckError, type ErrorCode } from './errors.ts'
import { displayPathOf, parseSpecText, SpecInvalidError } from './openapi/document.ts'
import { pointerOf } from './openapi/pointer.ts'

export interface YamlInputOptions {
  /** What the file is, for messages: "config file", "users file". */
  what: string
  code: ErrorCode
  /** The JSON Schema's compiled validator (allErrors and verbose, so messages can show values). */
  validate: ValidateFunction
  /** A message of one's own for an error, or undefined for the usual one. */
  describe?: (error: ErrorObject) => string | undefined
  /** What to do when the file does not exist, added to the message. */
  ifMissing?: string
}

/**
 * Reads a YAML input file (a config, a users file) and validates it against its JSON Schema.
 * Every problem becomes one error with the file, line and column, the JSON pointer, and what is
 * wrong; the data is returned only when there is none.
 */
export function readYamlInput(
  path: string,
  options: YamlInputOptions,
): { file: string; data: unknown } {
  const file = resolve(path)
  const shown = displayPathOf(file)
  if (!existsSync(file)) {
    throw new TokencheckError(
      options.code,
      `no ${options.what} ${shown}${options.ifMissing === undefined ? '' : `: ${options.ifMissing}`}`,
    )
  }
  let document: ReturnType<typeof parseSpecText>
  try {
    document = parseSpecText(readFileSync(file, 'utf8'), file)
  } catch (error) {
    if (!(error instanceof SpecInvalidError)) throw error
    const lines = error.problems.map(
      (p) => `  ${shown}:${p.line ?? 1}:${p.column ?? 1}: ${p.message}`,
    )
    throw new TokencheckError(options.code, `${shown} is not valid YAML:\n${lines.join('\n')}`)
  }
  if (!options.validate(document.data)) {
    const lines = (options.validate.errors ?? []).filter(relevant).map((error) => {
      const pointer = error.instancePath + missingMember(error)
      const where = document.locate(pointer)
      const at = where === undefined ? '' : `:${where.line}:${where.column}`
      return `  ${shown}${at} ${pointer || '/'}: ${options.describe?.(error) ?? describeError(error)}`
    })
    throw new TokencheckError(options.code, `${shown} has problems:\n${lines.join('\n')}`)
  }
  return { file, data: document.data }
}

function relevant(error: ErrorObject): boolean {
  return error.keyword !== 'if' && error.keyword !== 'propertyNames'
}

function missingMember(error: ErrorObject): string {
  if (error.keyword === 'required') return pointerOf([String(error.params['missingProperty'])])
  if (error.keyword === 'additionalProperties') {
    return pointerOf([String(error.params['additionalProperty'])])
  }
  return ''
}

/** The usual message of an ajv error, "expected X, got Y" where it can say so. */
export function describeError(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `missing "${String(error.params['missingProperty'])}"`
    case 'additionalProperties':
      return `unknown key "${String(error.params['additionalProperty'])}"`
    case 'pattern':
      return `\`${String(error.data)}\` does not match ${String(error.params['pattern'])}`
    case 'type':
      return `expected ${String(error.params['type'])}, got \`${JSON.stringify(error.data)}\``
    case 'enum':
      return `expected one of ${(error.params['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}, got \`${String(error.data)}\``
    case 'minItems':
      return `expected at least ${String(error.params['limit'])} item(s)`
    case 'minLength':
      return 'expected a non-empty string'
    default:
      return error.message ?? 'is invalid'
  }
}
