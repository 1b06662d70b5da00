import type { Sourced } from './profile.ts'
import { clientAuthFits, CLIENT_AUTH_NEEDS } from './client-auth.ts'
import type { SpecProblem } from './document.ts'
import { EXTENSION_KEY, type ClientAuthMethod, type ErrorStyle } from './extension.ts'
import type { OperationInfo } from './operation-info.ts'
import { pointerOf } from './pointer.ts'
import { profileProblem as problem } from './problem.ts'

export const FORM_URLENCODED = 'application/x-www-form-urlencoded'
export const MULTIPART_FORM_DATA = 'multipart/form-data'
export const TOKEN_REQUEST_MEDIA_TYPES = [FORM_URLENCODED, MULTIPART_FORM_DATA] as const
export type TokenRequestMediaType = (typeof TOKEN_REQUEST_MEDIA_TYPES)[number]

/** The error media type each style promises (RFC 6749 §5.2, RFC 9457 §3). */
export const ERROR_MEDIA_TYPES: Record<ErrorStyle, string> = {
  rfc6749: 'application/json',
  rfc9457: 'application/problem+json',
}

export interface TokenOperation extends OperationInfo {
  /** The request media type the vendor documents (its first `vendor-doc` one), else the first. */
  requestMediaType: TokenRequestMediaType
  /** The media type of its 4xx answers, by error style. */
  errorMediaType: string
}

/** Checks the token operation against what the extension says of it. */
export function tokenOperation(
  data: Record<string, unknown>,
  info: OperationInfo,
  errorStyle: ErrorStyle,
  clientAuthentication: readonly Sourced<ClientAuthMethod>[],
  problems: SpecProblem[],
): TokenOperation | undefined {
  const at = pointerOf([EXTENSION_KEY, 'operations', 'token'])
  if (info.method !== 'post') {
    problems.push(
      problem(
        at,
        `expected the token operation to be a POST, got ${info.method.toUpperCase()} ${info.path}`,
      ),
    )
    return undefined
  }
  const formTypes = info.requestMediaTypes.filter((media) =>
    (TOKEN_REQUEST_MEDIA_TYPES as readonly string[]).includes(media.mediaType),
  )
  const documented =
    formTypes.find((media) => media.source.startsWith('vendor-doc')) ?? formTypes[0]
  if (documented === undefined) {
    problems.push(
      problem(
        `${info.pointer}/requestBody`,
        `expected a request body of ${TOKEN_REQUEST_MEDIA_TYPES.join(' or ')}, got ${
          info.requestMediaTypes.map((media) => `\`${media.mediaType}\``).join(', ') || 'none'
        }`,
      ),
    )
    return undefined
  }
  const errorMediaType = ERROR_MEDIA_TYPES[errorStyle]
  const errorResponses = info.responses.filter((response) => /^4/.test(response.status))
  for (const response of errorResponses) {
    const types = response.mediaTypes.map((media) => media.mediaType)
    if (types.length > 0 && !types.includes(errorMediaType)) {
      problems.push(
        problem(
          `${response.pointer}/content`,
          `x-tokencheck.errorStyle is \`${errorStyle}\`, so the ${response.status} response should be \`${errorMediaType}\`, got ${types.map((t) => `\`${t}\``).join(', ')}`,
        ),
      )
    }
  }
  for (const { value: method } of clientAuthentication) {
    if (!clientAuthFits(method, info, formTypes, data)) {
      problems.push(
        problem(
          pointerOf([EXTENSION_KEY, 'clientAuthentication']),
          `\`${method}\` needs ${CLIENT_AUTH_NEEDS[method]}, which ${info.operationId} does not have`,
        ),
      )
    }
  }
  return {
    ...info,
    requestMediaType: documented.mediaType as TokenRequestMediaType,
    errorMediaType,
  }
}
