/**
 * The check catalogue: every check tokencheck runs, in report order. `CheckId` is derived from it,
 * so an id is written once, in its check.
 *
 * What the checks expect of the exchanges a scenario records:
 * - a scenario that needs a token first (`refresh.*`, `resource.*`) records that set-up request
 *   before the request under test; single-request checks judge the scenario's last exchange, and
 *   refresh checks find their requests by `grant_type=refresh_token` in the recorded body (so
 *   `grant_type` and `scope` stay unredacted, and a multipart body is recorded as its text);
 * - `password.valid` labels each exchange with its client authentication method
 *   (`client_secret_basic`, `client_secret_post`, `none`);
 * - `JudgeInput.related` carries the exchanges of a check's `alsoReads` scenarios;
 * - the spec's own schemas are read from `profile.file` (its hash must match `profile.hash`).
 */
import type { Check } from './check.ts'
import * as clientAuth from './client-auth.ts'
import * as bearerResource from './bearer-resource.ts'
import * as discovery from './discovery.ts'
import * as jwks from './jwks.ts'
import * as jwt from './jwt-access-token.ts'
import * as problemDetails from './problem-details.ts'
import * as refresh from './refresh.ts'
import * as securityBcp from './security-bcp.ts'
import * as specContract from './spec-contract.ts'
import * as tokenErrors from './token-errors.ts'
import * as tokenRequest from './token-request.ts'
import * as tokenResponse from './token-response.ts'

const CHECKS = [
  // RFC 6749: the request
  tokenRequest.tls,
  tokenRequest.getRefused,
  tokenRequest.emptyParameterOmitted,
  tokenRequest.unknownParameterIgnored,
  tokenRequest.duplicateParameter,
  tokenRequest.missingParameter,
  tokenRequest.specialCharacters,
  tokenRequest.unencodedRefused,
  tokenRequest.credentialsNotInQuery,
  tokenRequest.formUrlencodedAccepted,
  tokenRequest.otherBodyRefused,
  // RFC 6749: client authentication
  clientAuth.basicSupported,
  clientAuth.basicFormUrlencoded,
  clientAuth.clientAuthenticationRequired,
  clientAuth.clientIdentificationRequired,
  clientAuth.wrongSecretInvalidClient,
  clientAuth.basicFailure401,
  clientAuth.basicFailureChallenge,
  clientAuth.oneAuthMethod,
  // RFC 6749: the token response
  tokenResponse.status200,
  tokenResponse.jsonMediaType,
  tokenResponse.jsonObject,
  tokenResponse.accessToken,
  tokenResponse.tokenType,
  tokenResponse.tokenTypeBearer,
  tokenResponse.expiresInNumber,
  tokenResponse.expiresIn,
  tokenResponse.cacheControlNoStore,
  tokenResponse.pragmaNoCache,
  tokenResponse.stringMembers,
  tokenResponse.responseParametersOnce,
  tokenResponse.scopeWhenChanged,
  tokenResponse.tokenVschar,
  tokenResponse.tokenEntropy,
  // RFC 6749: errors
  tokenErrors.errorMediaType,
  tokenErrors.errorCode,
  tokenErrors.errorCharacters,
  tokenErrors.errorUri,
  tokenErrors.noServerError,
  tokenErrors.invalidGrant,
  tokenErrors.unsupportedGrantType,
  tokenErrors.invalidScope,
  // RFC 6749: refresh
  refresh.refreshIssuesToken,
  refresh.refreshBoundToClient,
  refresh.widerScopeRefused,
  refresh.refreshScopeUnchanged,
  // RFC 6750 and RFC 9068 §4: the protected resource
  bearerResource.validTokenAccepted,
  bearerResource.schemeCaseInsensitive,
  bearerResource.wwwAuthenticateBearer,
  bearerResource.noErrorWithoutCredentials,
  bearerResource.challengeParamsOnce,
  bearerResource.expiredTokenRefused,
  bearerResource.tamperedTokenRefused,
  bearerResource.algNoneRefused,
  bearerResource.invalidToken401,
  bearerResource.insufficientScope403,
  bearerResource.tokenTwoWays,
  bearerResource.queryCachePrivate,
  // RFC 9457
  problemDetails.problemMediaType,
  problemDetails.problemObject,
  problemDetails.statusMatches,
  problemDetails.aboutBlankTitle,
  problemDetails.titleStable,
  // RFC 9068
  jwt.jwtSigned,
  jwt.jwtTyp,
  jwt.requiredClaims,
  jwt.lifetimeAgrees,
  jwt.keyPublished,
  // OpenID Connect Discovery
  discovery.discoveryResponse,
  discovery.issuerMatchesUrl,
  discovery.requiredMembers,
  discovery.issuerHttps,
  discovery.rs256Supported,
  discovery.scopesIncludeOpenid,
  discovery.multiValuedArrays,
  discovery.emptyOmitted,
  discovery.advertisesWhatWorks,
  discovery.responseTypes,
  discovery.tokenEndpointAgrees,
  discovery.issuerMatchesTokens,
  jwks.jwksKeys,
  jwks.jwksPublicOnly,
  // The spec's own contract
  specContract.statusDocumented,
  specContract.mediaTypeDocumented,
  specContract.responseSchema,
  specContract.responseHeaders,
  specContract.exampleValues,
  specContract.scopeEnforced,
  // Security advisories
  securityBcp.passwordGrant,
  securityBcp.refreshRotation,
  securityBcp.audienceRestricted,
  securityBcp.bruteForceProtection,
  securityBcp.tokensDistinct,
] as const satisfies readonly Check<string>[]

/** Every check's id: reports, JUnit properties and a spec's documented deviations use these. */
export type CheckId = (typeof CHECKS)[number]['id']

// A spec's documented deviations name checks of this catalogue (`DeviationCheckIds`).
declare module '../openapi/extension.ts' {
  interface DeviationCheckIds extends Record<CheckId, true> {}
}

export const catalogue: readonly Check[] = CHECKS

export const CHECK_IDS: readonly CheckId[] = CHECKS.map((check) => check.id)

/** The check with this id, or undefined. */
export function checkById(id: string): Check | undefined {
  return catalogue.find((check) => check.id === id)
}

export function isCheckId(id: string): id is CheckId {
  return (CHECK_IDS as readonly string[]).includes(id)
}
