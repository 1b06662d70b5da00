import { operationOfExchange } from '../openapi/operations.ts'
/**
 * The target against its own spec: documented statuses, media types, headers and schemas, the
 * vendor page's example values, and the scopes its resource documents.
 */
import { header, type Exchange, type RecordedResponse } from '../http/exchange.ts'
import { readSpecDocument } from '../openapi/document.ts'
import { readablePointer } from '../openapi/pointer.ts'
import type { MediaTypeInfo, OperationInfo, ResponseInfo } from '../openapi/operation-info.ts'
import type { Profile } from '../openapi/profile.ts'
import { SpecValidator } from '../openapi/validator.ts'
import { SCENARIO_IDS, type ScenarioId } from '../scenarios/registry.ts'
import { defineCheck, fail, notApplicable, pass, skip, type Verdict } from './check.ts'
import {
  bodyObject,
  contentType,
  describe,
  isSuccess,
  judgeEach,
  lastOf,
  scopeSet,
  sameSet,
  shown,
} from './evidence.ts'
import { expectNoToken, meaningfulRefusal } from './refusal.ts'

/**
 * Every scenario whose requests go to an operation of the spec, but GET on the token path (no
 * operation) and the repeated wrong passwords (a throttling 429 is the point of that scenario).
 */
const CONTRACT_SCENARIOS: readonly ScenarioId[] = [
  ...SCENARIO_IDS.filter((id) => id !== 'method.get' && id !== 'password.repeated-wrong-password'),
  'setup',
]

/** The spec operation an exchange went to (see `operationOfExchange`). */
export const operationOf = (exchange: Exchange, profile: Profile): OperationInfo | undefined =>
  operationOfExchange(exchange, profile)

/** The documented response for a status: exact, then `4XX`, then `default` (OpenAPI 3.1 §4.8.16). */
export function documentedResponse(op: OperationInfo, status: number): ResponseInfo | undefined {
  const exact = op.responses.find((r) => r.status === String(status))
  const range = op.responses.find((r) => r.status.toUpperCase() === `${Math.floor(status / 100)}XX`)
  return exact ?? range ?? op.responses.find((r) => r.status === 'default')
}

function mediaMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true
  return documented.endsWith('/*') && actual.startsWith(documented.slice(0, -1))
}

function documentedMedia(response: ResponseInfo, actual: string): MediaTypeInfo | undefined {
  return response.mediaTypes.find((media) => mediaMatches(media.mediaType, actual))
}

const opName = (op: OperationInfo) => `${op.method.toUpperCase()} ${op.path}`

/** Judges each exchange that went to an operation of the spec, with its documented response. */
function eachDocumented(
  exchanges: readonly Exchange[],
  profile: Profile,
  judge: (
    response: RecordedResponse,
    op: OperationInfo,
    documented: ResponseInfo | undefined,
  ) => Verdict,
): Verdict {
  return judgeEach(exchanges, (exchange, response) => {
    const op = operationOf(exchange, profile)
    if (op === undefined)
      return skip(
        `\`${exchange.request.method} ${exchange.request.url}\` is no operation of the spec`,
      )
    // A mock-only operation, or an endpoint known only by the URL given for it, documents no
    // response of the target: the standards alone judge it.
    if (op.responses.length === 0) {
      return notApplicable(`the spec documents no response of ${opName(op)} for this target`)
    }
    return judge(response, op, documentedResponse(op, response.status))
  })
}

const validators = new Map<string, SpecValidator>()

/** One validator per spec file, compiled once; the file must be the one the profile came from. */
export function validatorFor(profile: Profile): SpecValidator | Verdict {
  const cached = validators.get(profile.hash)
  if (cached !== undefined) return cached
  const document = readSpecDocument(profile.file)
  if (document.hash !== profile.hash) {
    return { outcome: 'error', message: `${profile.file} changed since the run loaded it` }
  }
  const validator = new SpecValidator(document)
  validators.set(profile.hash, validator)
  return validator
}

/** @see [OpenAPI 3.1 §4.8.16](https://spec.openapis.org/oas/v3.1.0#responses-object) */
export const statusDocumented = defineCheck({
  id: 'spec.status-documented',
  clause: 'the spec’s responses',
  standard: 'vendor spec',
  level: 'SHOULD',
  title: 'every status the target answers is documented for its operation',
  reads: CONTRACT_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachDocumented(exchanges, profile, (response, op, documented) =>
      documented !== undefined
        ? pass()
        : fail(
            `expected one of the documented statuses (${op.responses.map((r) => `\`${r.status}\``).join(', ')}) for ${opName(op)}, got \`${response.status}\``,
            {
              expected: op.responses.map((r) => r.status).join(' | '),
              actual: String(response.status),
            },
          ),
    ),
})

/** @see [OpenAPI 3.1 §4.8.17](https://spec.openapis.org/oas/v3.1.0#response-object) */
export const mediaTypeDocumented = defineCheck({
  id: 'spec.media-type-documented',
  clause: 'the spec’s response content',
  standard: 'vendor spec',
  level: 'SHOULD',
  title: 'every response body is in a media type documented for its status',
  reads: CONTRACT_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachDocumented(exchanges, profile, (response, op, documented) => {
      if (documented === undefined) return skip(`status \`${response.status}\` is not documented`)
      const actual = contentType(response)
      if (actual === undefined) {
        if (response.body === '' || documented.mediaTypes.length === 0) return pass()
        return fail(
          `expected a documented media type for ${opName(op)} \`${response.status}\`, got a body with no Content-Type`,
        )
      }
      if (documentedMedia(documented, actual) !== undefined) return pass()
      const listed = documented.mediaTypes.map((m) => `\`${m.mediaType}\``).join(', ') || 'no body'
      return fail(
        `expected ${listed} for ${opName(op)} \`${response.status}\`, got \`${actual}\``,
        {
          expected: documented.mediaTypes.map((m) => m.mediaType).join(' | '),
          actual,
        },
      )
    }),
})

const isJsonType = (type: string) => type === 'application/json' || type.endsWith('+json')

/** @see [OpenAPI 3.1 §4.8.14](https://spec.openapis.org/oas/v3.1.0#media-type-object) */
export const responseSchema = defineCheck({
  id: 'spec.response-schema',
  clause: 'the spec’s response schemas',
  standard: 'vendor spec',
  level: 'MUST',
  title: 'every JSON body is valid against the schema documented for its status and media type',
  reads: CONTRACT_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachDocumented(exchanges, profile, (response, op, documented) => {
      const actual = contentType(response)
      const media = documented && actual ? documentedMedia(documented, actual) : undefined
      if (media?.schemaPointer === undefined || actual === undefined || !isJsonType(actual)) {
        return skip(
          `no documented JSON schema for ${opName(op)} \`${response.status}\` ${shown(actual)}`,
        )
      }
      if (response.json === undefined) {
        return fail(
          `expected a JSON body for \`${actual}\`, got one that does not parse${response.jsonError ? ` (${response.jsonError})` : ''}`,
        )
      }
      const validator = validatorFor(profile)
      if (!(validator instanceof SpecValidator)) return validator
      // RFC 6749 §5.1 (and OpenID Connect Discovery §4.2): clients ignore members they do not
      // know, so a schema that closes the object is not held against the target.
      const violations = validator
        .validate(media.schemaPointer, response.json)
        .filter(
          (v) => v.keyword !== 'additionalProperties' && v.keyword !== 'unevaluatedProperties',
        )
      if (violations.length === 0) return pass()
      return fail(
        `expected a body valid against the schema at \`${readablePointer(media.schemaPointer)}\`, got: ${violations
          .slice(0, 3)
          .map((v) => v.message)
          .join('; ')}`,
        { expected: media.schemaPointer, actual: violations.map((v) => v.message).join('; ') },
      )
    }),
})

/** @see [OpenAPI 3.1 §4.8.21](https://spec.openapis.org/oas/v3.1.0#header-object) */
export const responseHeaders = defineCheck({
  id: 'spec.response-headers',
  clause: 'the spec’s response headers',
  standard: 'vendor spec',
  level: 'SHOULD',
  title: 'every header documented as required for a response is sent',
  reads: CONTRACT_SCENARIOS,
  judge: ({ exchanges, profile }) =>
    eachDocumented(exchanges, profile, (response, op, documented) => {
      if (documented === undefined) return skip(`status \`${response.status}\` is not documented`)
      const missing = documented.headers.filter(
        (h) => h.required && header(response.headers, h.name) === undefined,
      )
      if (missing.length === 0) return pass()
      return fail(
        `expected ${missing.map((h) => `"${h.name}"`).join(', ')} on ${opName(op)} \`${response.status}\` as documented, got none`,
      )
    }),
})

/** Members whose documented example is a token: never equal to a real one. */
const TOKEN_MEMBERS = new Set(['access_token', 'refresh_token', 'id_token'])

function sameValue(name: string, documented: unknown, observed: unknown): boolean {
  if (typeof documented === 'string' && typeof observed === 'string') {
    // RFC 6749 §5.1: `token_type` is case-insensitive; RFC 6749 §3.3: scope order is free.
    if (name === 'token_type') return documented.toLowerCase() === observed.toLowerCase()
    if (name === 'scope') return sameSet(scopeSet(documented), scopeSet(observed))
  }
  return documented === observed
}

/** @see [OpenAPI 3.1 §4.8.19](https://spec.openapis.org/oas/v3.1.0#example-object) */
export const exampleValues = defineCheck({
  id: 'spec.example-values',
  clause: 'the vendor page’s example response',
  standard: 'vendor spec',
  level: 'ADVISORY',
  title: 'the token response has the members and values of the vendor page’s example',
  reads: ['password.valid'],
  judge: ({ exchanges, profile }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      if (!isSuccess(response)) return skip(`no token response: got ${describe(response)}`)
      const body = bodyObject(response)
      const documented = documentedResponse(profile.token, response.status)
      const examples = (documented?.mediaTypes ?? [])
        .flatMap((media) => media.examples)
        .filter((example) => example.source.startsWith('vendor-doc'))
      if (body === undefined || examples.length === 0)
        return skip('no vendor example to compare with')
      for (const example of examples) {
        if (typeof example.value !== 'object' || example.value === null) continue
        for (const [name, value] of Object.entries(example.value)) {
          if (TOKEN_MEMBERS.has(name) || typeof value === 'object') continue
          if (!(name in body)) {
            return fail(
              `expected "${name}" as in the page's example (${shown(value)}), got no "${name}"`,
            )
          }
          if (!sameValue(name, value, body[name])) {
            return fail(
              `expected "${name}" ${shown(value)} as in the page's example, got ${shown(body[name])}`,
              {
                expected: JSON.stringify(value),
                actual: JSON.stringify(body[name]),
              },
            )
          }
        }
      }
      return pass()
    }),
})

/** @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1) */
export const scopeEnforced = defineCheck({
  id: 'spec.scope-enforced',
  clause: 'the spec’s security requirement of the protected resource',
  standard: 'vendor spec',
  level: 'MUST',
  title: 'the protected resource refuses a token without the scope it documents',
  reads: ['resource.insufficient-scope'],
  alsoReads: ['resource.valid-token'],
  notApplicable: (profile) =>
    (profile.protectedResource?.scopes.length ?? 0) === 0
      ? 'the spec’s protected resource needs no scope'
      : undefined,
  judge: ({ exchanges, profile, related }) =>
    meaningfulRefusal(
      judgeEach(lastOf(exchanges), (_, response) =>
        expectNoToken(
          response,
          `a token without the scope ${(profile.protectedResource?.scopes ?? []).map((s) => `\`${s}\``).join(' ')}`,
        ),
      ),
      related,
      'resource.valid-token',
    ),
})
