import type { ErrorObject } from 'ajv/dist/2020.js'
import schema from './x-tokencheck.schema.json' with { type: 'json' }
import type { SpecProblem } from './document.ts'
import { getAt, pointerOf } from './pointer.ts'
import type { Source } from './source.ts'
import { ownSchemaValidator } from '../own-schema.ts'

export const GRANTS = ['password', 'refresh_token'] as const
export type Grant = (typeof GRANTS)[number]

/** RFC 6749 §2.3 client authentication, named as in RFC 7591 §2 (`none`: a public client). */
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number]

export const ERROR_STYLES = ['rfc6749', 'rfc9457'] as const
export type ErrorStyle = (typeof ERROR_STYLES)[number]

export const TOKEN_FORMATS = ['jwt', 'opaque', 'unspecified'] as const
export type TokenFormat = (typeof TOKEN_FORMATS)[number]

type SourcedSet<T extends string> = readonly T[] | Readonly<Partial<Record<T, Source>>>

/** The root `x-tokencheck` extension, as its JSON Schema (`x-tokencheck.schema.json`) admits it. */
export interface Extension {
  name?: string
  vendorPage?: string
  operations: {
    token: string
    jwks?: string
    protectedResource?: string
    discovery?: string
  }
  grants: SourcedSet<Grant>
  clientAuthentication: SourcedSet<ClientAuthMethod>
  clients?: readonly { clientId: string; type: 'public' | 'confidential'; source?: Source }[]
  errorStyle: ErrorStyle
  tokenFormat?: TokenFormat
  usernamePattern?: string
  scopes?: { supported?: readonly string[]; default?: string }
  exampleCredentials?: {
    username?: string
    password?: string
    clientId?: string
    clientSecret?: string
    scope?: string
  }
  sources?: Readonly<Partial<Record<SourcedMember, Source>>>
  deviations?: readonly ExtensionDeviation[]
}

export type SourcedMember =
  'errorStyle' | 'tokenFormat' | 'usernamePattern' | 'scopes' | 'exampleCredentials' | 'clients'

/**
 * The check ids a documented deviation may name. Empty here: the check catalogue, which sits above
 * this folder, adds its ids by declaration merging (`checks/index.ts`), so a deviation's `check`
 * is a `CheckId` wherever the catalogue is compiled in. Parsing does not know the catalogue:
 * `specs lint` rejects an id outside it, and a run never matches one.
 */
export interface DeviationCheckIds {}

/** A check id, once the catalogue has named its ids (see `DeviationCheckIds`). */
export type DeviationCheckId = [keyof DeviationCheckIds] extends [never]
  ? string
  : Extract<keyof DeviationCheckIds, string>

export interface ExtensionDeviation {
  check: DeviationCheckId
  clause: string
  quote: string
  line?: number
  description?: string
}

export const EXTENSION_KEY = 'x-tokencheck'
export const extensionSchema = schema

const validator = ownSchemaValidator(schema)

/** Validates the extension against its JSON Schema; problems carry pointers from the spec's root. */
export function validateExtension(
  value: unknown,
): { extension: Extension; problems: [] } | { extension?: undefined; problems: SpecProblem[] } {
  const validate = validator()
  if (validate(value)) return { extension: value as unknown as Extension, problems: [] }
  const problems = relevantErrors(validate.errors ?? [], value).map((error) => ({
    pointer: `/${EXTENSION_KEY}${error.instancePath}${missingMember(error)}`,
    message: describe(error),
    severity: 'error' as const,
    rule: EXTENSION_KEY,
  }))
  return { problems: dedupe(problems) }
}

/**
 * `grants` and `clientAuthentication` are a list or a map (a `oneOf`): report only the errors of
 * the branch that matches the value's shape, not ajv's errors for both branches.
 */
function relevantErrors(errors: readonly ErrorObject[], root: unknown): ErrorObject[] {
  return errors.filter((error) => {
    if (error.keyword === 'oneOf') return false
    const branch = /\/oneOf\/(\d)\//.exec(error.schemaPath)?.[1]
    if (branch === undefined) return true
    const oneOfAt = error.schemaPath.slice(0, error.schemaPath.indexOf('/oneOf/'))
    const depth = oneOfAt.split('/properties/').length - 1
    const ownerPath = error.instancePath
      .split('/')
      .slice(0, depth + 1)
      .join('/')
    const owner = getAt(root, ownerPath)
    return Array.isArray(owner) ? branch === '0' : branch === '1'
  })
}

function missingMember(error: ErrorObject): string {
  if (error.keyword === 'required') return pointerOf([String(error.params['missingProperty'])])
  if (error.keyword === 'additionalProperties') {
    return pointerOf([String(error.params['additionalProperty'])])
  }
  return ''
}

const FRIENDLY: Record<string, string> = {
  clientAuthentication: 'client authentication method',
  grants: 'grant',
  errorStyle: 'error style',
  tokenFormat: 'token format',
  type: 'client type',
}

function describe(error: ErrorObject): string {
  const member =
    error.instancePath
      .split('/')
      .filter((s) => !/^\d+$/.test(s))
      .at(-1) ?? ''
  switch (error.keyword) {
    case 'required':
      return `missing "${String(error.params['missingProperty'])}"`
    case 'additionalProperties':
      return `unknown member "${String(error.params['additionalProperty'])}"`
    case 'enum': {
      const allowed = (error.params['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``)
      const what = FRIENDLY[member] ?? `value of "${member}"`
      return `unknown ${what} \`${String(error.data)}\`; expected one of ${allowed.join(', ')}`
    }
    case 'propertyNames':
      return `unknown ${FRIENDLY[member] ?? 'member'} \`${String(error.params['propertyName'])}\``
    case 'pattern':
      if (error.schemaPath.includes('/source/')) {
        return `\`${String(error.data)}\` is not a source; expected vendor-doc#Lnn[-Lnn], rfcNNNN#section-X.Y, oidc-core or oidc-discovery#section-X, or tokencheck`
      }
      return `\`${String(error.data)}\` does not match ${String(error.params['pattern'])}`
    default:
      return `${error.message ?? 'is invalid'}${error.data === undefined ? '' : `, got \`${JSON.stringify(error.data)}\``}`
  }
}

function dedupe(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>()
  return problems.filter((problem) => {
    const key = `${problem.pointer}\u0000${problem.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
