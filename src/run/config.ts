import type { ErrorObject } from 'ajv/dist/2020.js'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { BUNDLED_SPECS_DIR } from '../openapi/load.ts'
import { readYamlInput } from '../yaml-input.ts'
import schema from '../../tokencheck.config.schema.json' with { type: 'json' }
import type { EnvKey, EnvNames } from './env.ts'
import { ownSchemaValidator } from '../own-schema.ts'

const validator = ownSchemaValidator(schema)

export const CONFIG_FILE = 'tokencheck.config.yaml'

/** One named target of the config file, its spec resolved against the file's folder. */
export interface TargetConfig {
  name: string
  spec: string
  'base-url'?: string
  'token-url'?: string
  'protected-resource'?: string
  'discovery-url'?: string
  scope?: string
  params?: Record<string, string>
  env: Partial<EnvNames>
}

export interface Config {
  file: string
  targets: Readonly<Record<string, TargetConfig>>
}

/**
 * Reads `tokencheck.config.yaml`: YAML, then its JSON Schema (`tokencheck.config.schema.json`).
 * Every problem is an ERR_CONFIG naming the file, the line and what to fix.
 */
export function loadConfig(path: string): Config {
  const validate = validator()
  const { file, data: raw } = readYamlInput(path, {
    what: 'config file',
    code: 'ERR_CONFIG',
    validate,
    describe,
    ifMissing:
      'create it (its schema is tokencheck.config.schema.json), or name the target with --spec and --base-url',
  })
  const data = raw as {
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

const KNOWN_TARGET_KEYS = Object.keys(schema.$defs.target.properties)

/** The config's own messages; the usual ones (`describeError`) for the rest. */
function describe(error: ErrorObject): string | undefined {
  if (error.propertyName !== undefined) {
    return `a target's name holds letters, digits, \`.\`, \`_\` and \`-\` only, got \`${error.propertyName}\``
  }
  if (error.keyword === 'additionalProperties' && /^\/targets\/[^/]+$/.test(error.instancePath)) {
    const member = String(error.params['additionalProperty'])
    return `unknown key "${member}"; a target takes ${KNOWN_TARGET_KEYS.map((k) => `"${k}"`).join(', ')}`
  }
  if (error.keyword === 'pattern' && error.schemaPath.includes('envName')) {
    return `expected the name of an environment variable, got \`${String(error.data)}\` (the config names variables; it never holds secrets)`
  }
  if (error.keyword === 'pattern' && error.schemaPath.includes('/url/')) {
    return `expected an http(s) URL, got \`${String(error.data)}\``
  }
  if (error.keyword === 'minProperties') return 'expected at least one target'
  return undefined
}
