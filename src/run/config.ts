import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { TokencheckError } from '../errors.ts'
import { displayPathOf, parseSpecText, SpecInvalidError } from '../spec/document.ts'
import { BUNDLED_SPECS_DIR } from '../spec/load.ts'
import { pointerOf } from '../spec/pointer.ts'
import schema from '../../tokencheck.config.schema.json' with { type: 'json' }
import type { EnvKey, EnvNames } from './env.ts'

export const CONFIG_FILE = 'tokencheck.config.yaml'

/** One named target of the config file, its spec resolved against the file's folder. */
export interface TargetConfig {
  name: string
  spec: string
  'base-url'?: string
  'token-url'?: string
  'protected-resource'?: string
  'discovery-url'?: string
  env: Partial<EnvNames>
}

export interface Config {
  file: string
  targets: Readonly<Record<string, TargetConfig>>
}

let validate: ReturnType<Ajv2020['compile']> | undefined

/**
 * Reads `tokencheck.config.yaml`: YAML, then its JSON Schema (`tokencheck.config.schema.json`).
 * Every problem is an ERR_CONFIG naming the file, the line and what to fix.
 */
export function loadConfig(path: string): Config {
  const file = resolve(path)
  const shown = displayPathOf(file)
  if (!existsSync(file)) {
    throw new TokencheckError(
      'ERR_CONFIG',
      `no config file ${shown}: create it (its schema is tokencheck.config.schema.json), or name the target with --spec and --base-url`,
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
    throw new TokencheckError('ERR_CONFIG', `${shown} is not valid YAML:\n${lines.join('\n')}`)
  }
  validate ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(schema)
  if (!validate(document.data)) {
    const lines = (validate.errors ?? []).filter(relevant).map((error) => {
      const pointer = error.instancePath + missingMember(error)
      const where = document.locate(pointer)
      const at = where === undefined ? '' : `:${where.line}:${where.column}`
      return `  ${shown}${at} ${pointer || '/'}: ${describe(error)}`
    })
    throw new TokencheckError('ERR_CONFIG', `${shown} has problems:\n${lines.join('\n')}`)
  }
  const data = document.data as {
    targets: Record<
      string,
      Omit<TargetConfig, 'name' | 'env'> & { env?: Partial<Record<EnvKey, string>> }
    >
  }
  const targets: Record<string, TargetConfig> = {}
  for (const [name, target] of Object.entries(data.targets)) {
    targets[name] = {
      ...target,
      name,
      spec: resolveSpecReference(target.spec, dirname(file)),
      env: target.env ?? {},
    }
  }
  return { file, targets }
}

/** A bundled spec's name stays a name; anything else is a path relative to the config file. */
function resolveSpecReference(spec: string, folder: string): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(spec) && existsSync(resolve(BUNDLED_SPECS_DIR, `${spec}.yaml`))) {
    return spec
  }
  return resolve(folder, spec)
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

const KNOWN_TARGET_KEYS = Object.keys(schema.$defs.target.properties)

function describe(error: ErrorObject): string {
  if (error.propertyName !== undefined) {
    return `a target's name holds letters, digits, \`.\`, \`_\` and \`-\` only, got \`${error.propertyName}\``
  }
  switch (error.keyword) {
    case 'required':
      return `missing "${String(error.params['missingProperty'])}"`
    case 'additionalProperties': {
      const member = String(error.params['additionalProperty'])
      const inTarget = /^\/targets\/[^/]+$/.test(error.instancePath)
      return inTarget
        ? `unknown key "${member}"; a target takes ${KNOWN_TARGET_KEYS.map((k) => `"${k}"`).join(', ')}`
        : `unknown key "${member}"`
    }
    case 'pattern':
      if (error.schemaPath.includes('envName')) {
        return `expected the name of an environment variable, got \`${String(error.data)}\` (the config names variables; it never holds secrets)`
      }
      if (error.schemaPath.includes('/url/')) {
        return `expected an http(s) URL, got \`${String(error.data)}\``
      }
      return `\`${String(error.data)}\` does not match ${String(error.params['pattern'])}`
    case 'type':
      return `expected ${String(error.params['type'])}, got \`${JSON.stringify(error.data)}\``
    case 'minProperties':
      return 'expected at least one target'
    default:
      return error.message ?? 'is invalid'
  }
}
