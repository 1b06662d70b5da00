/**
 * The OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3, §4) and the key set its
 * `jwks_uri` names.
 */
import type { Exchange, RecordedResponse } from '../http/exchange.ts'
import { isLoopback } from '../http/loopback.ts'
import type { Profile } from '../openapi/profile.ts'
import { defineCheck, fail, pass, skip, type Verdict } from './check.ts'
import {
  bodyObject,
  contentType,
  describe,
  issuedToken,
  judgeEach,
  lastOf,
  shown,
  requestParam,
} from './evidence.ts'

const WELL_KNOWN = '/.well-known/openid-configuration'

function noDiscovery(profile: Profile): string | undefined {
  return profile.discovery === undefined ? 'the spec documents no discovery document' : undefined
}

/** Judges the document of the scenario's last exchange, when it is a 200 JSON object. */
function withDocument(
  exchanges: readonly Exchange[],
  judge: (document: Record<string, unknown>, exchange: Exchange) => Verdict,
): Verdict {
  return judgeEach(lastOf(exchanges), (exchange, response) => {
    const document = bodyObject(response)
    if (response.status !== 200 || document === undefined) {
      return skip(`no discovery document to judge: got ${describe(response)}`)
    }
    return judge(document, exchange)
  })
}

/** @see [OpenID Connect Discovery 1.0 §4.2](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationResponse) */
export const discoveryResponse = defineCheck({
  id: 'oidc-discovery.4.2.json-response',
  clause: 'OpenID Connect Discovery 1.0 §4.2',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: 'the discovery document is a 200 `application/json` object',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => jsonObjectResponse(response)),
})

/** A 200 `application/json` object, or a failure saying which of the three it is not. */
export function jsonObjectResponse(response: RecordedResponse): Verdict {
  if (response.status !== 200) {
    return fail(`expected \`200\`, got ${describe(response)}`, {
      expected: '200',
      actual: String(response.status),
    })
  }
  if (contentType(response) !== 'application/json') {
    return fail(`expected "Content-Type: application/json", got ${shown(contentType(response))}`)
  }
  if (bodyObject(response) === undefined) return fail('expected a JSON object, got another body')
  return pass()
}

/** @see [OpenID Connect Discovery 1.0 §4.3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation) */
export const issuerMatchesUrl = defineCheck({
  id: 'oidc-discovery.4.3.issuer-matches-url',
  clause: 'OpenID Connect Discovery 1.0 §4.1, §4.3',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title:
    '`issuer` is the URL the document was fetched from, less `/.well-known/openid-configuration`',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document, exchange) => {
      const issuer = document['issuer']
      const url = new URL(exchange.request.url)
      const fetched = `${url.origin}${url.pathname}`
      if (typeof issuer === 'string' && `${issuer.replace(/\/$/, '')}${WELL_KNOWN}` === fetched) {
        return pass()
      }
      const expected = fetched.endsWith(WELL_KNOWN) ? fetched.slice(0, -WELL_KNOWN.length) : fetched
      return fail(`expected "issuer" \`${expected}\`, got ${shown(issuer)}`, {
        expected,
        actual: String(issuer),
      })
    }),
})

const REQUIRED = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'response_types_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
] as const

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const requiredMembers = defineCheck({
  id: 'oidc-discovery.3.required-members',
  clause: 'OpenID Connect Discovery 1.0 §3',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: 'the document has every REQUIRED member',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document) => {
      const missing = REQUIRED.filter((name) => document[name] === undefined)
      if (missing.length === 0) return pass()
      return fail(`expected ${missing.map((name) => `"${name}"`).join(', ')}, got none`)
    }),
})

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const issuerHttps = defineCheck({
  id: 'oidc-discovery.3.issuer-https',
  clause: 'OpenID Connect Discovery 1.0 §3',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: '`issuer` is an `https` URL without query or fragment',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document) => {
      const issuer = document['issuer']
      if (typeof issuer !== 'string') return skip('no "issuer" string')
      let url: URL
      try {
        url = new URL(issuer)
      } catch {
        return fail(`expected "issuer" an https URL, got ${shown(issuer)}`)
      }
      if (url.search !== '' || url.hash !== '' || issuer.includes('?') || issuer.includes('#')) {
        return fail(`expected "issuer" without query or fragment, got ${shown(issuer)}`)
      }
      if (url.protocol === 'https:') return pass()
      if (url.protocol === 'http:' && isLoopback(url)) {
        return skip(`a loopback issuer (\`${url.host}\`) over plain HTTP: the scheme is not judged`)
      }
      return fail(`expected an \`https\` "issuer", got ${shown(issuer)}`)
    }),
})

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const rs256Supported = defineCheck({
  id: 'oidc-discovery.3.rs256-supported',
  clause: 'OpenID Connect Discovery 1.0 §3',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: '`id_token_signing_alg_values_supported` includes `RS256`',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document) => {
      const values = document['id_token_signing_alg_values_supported']
      if (!Array.isArray(values)) return skip('no "id_token_signing_alg_values_supported" array')
      if (values.includes('RS256')) return pass()
      return fail(
        `expected "id_token_signing_alg_values_supported" to include \`RS256\`, got ${shown(values)}`,
      )
    }),
})

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const scopesIncludeOpenid = defineCheck({
  id: 'oidc-discovery.3.scopes-include-openid',
  clause: 'OpenID Connect Discovery 1.0 §3',
  standard: 'OIDC Discovery',
  // The server MUST support `openid`, but MAY leave supported scopes unadvertised: a SHOULD.
  level: 'SHOULD',
  title: '`scopes_supported`, when present, includes `openid`',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document) => {
      const scopes = document['scopes_supported']
      if (scopes === undefined || (Array.isArray(scopes) && scopes.includes('openid'))) {
        return pass()
      }
      return fail(`expected "scopes_supported" to include \`openid\`, got ${shown(scopes)}`)
    }),
})

/** The multi-valued members of OpenID Connect Discovery 1.0 §3. */
const MULTI_VALUED = [
  'scopes_supported',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'acr_values_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'id_token_encryption_alg_values_supported',
  'id_token_encryption_enc_values_supported',
  'userinfo_signing_alg_values_supported',
  'userinfo_encryption_alg_values_supported',
  'userinfo_encryption_enc_values_supported',
  'request_object_signing_alg_values_supported',
  'request_object_encryption_alg_values_supported',
  'request_object_encryption_enc_values_supported',
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'display_values_supported',
  'claim_types_supported',
  'claims_supported',
  'claims_locales_supported',
  'ui_locales_supported',
] as const

/** @see [OpenID Connect Discovery 1.0 §4.2](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationResponse) */
export const multiValuedArrays = defineCheck({
  id: 'oidc-discovery.4.2.multi-valued-arrays',
  clause: 'OpenID Connect Discovery 1.0 §3, §4.2',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: 'multi-valued members are JSON arrays of strings',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document) => {
      for (const name of MULTI_VALUED) {
        const value = document[name]
        if (value === undefined) continue
        if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
          return fail(`expected "${name}" as a JSON array of strings, got ${shown(value)}`)
        }
      }
      return pass()
    }),
})

/** @see [OpenID Connect Discovery 1.0 §4.2](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationResponse) */
export const emptyOmitted = defineCheck({
  id: 'oidc-discovery.4.2.empty-omitted',
  clause: 'OpenID Connect Discovery 1.0 §4.2',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: 'members with zero elements are omitted',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document) => {
      const empty = Object.keys(document).filter((name) => {
        const value = document[name]
        return Array.isArray(value) && value.length === 0
      })
      if (empty.length === 0) return pass()
      return fail(
        `expected members with zero elements omitted, got ${empty.map((n) => `"${n}": \`[]\``).join(', ')}`,
      )
    }),
})

/** The scenarios whose granted requests show what works: every grant the run obtained. */
const GRANTING_SCENARIOS = [
  'password.valid',
  'setup',
  'refresh.valid',
  'refresh.reused',
  'refresh.wider-scope',
] as const

/**
 * What the working exchanges of `related` show the server does: every grant type that issued a
 * token anywhere in the run, and the client authentication methods `password.valid` used.
 */
function observedCapabilities(related: Readonly<Partial<Record<string, readonly Exchange[]>>>) {
  const works = (exchange: Exchange) =>
    exchange.response !== undefined && issuedToken(exchange.response)
  const granted = GRANTING_SCENARIOS.flatMap((id) => related[id]?.filter(works) ?? [])
  const grants = new Set(granted.flatMap((exchange) => requestParam(exchange, 'grant_type') ?? []))
  const password = related['password.valid']?.filter(works) ?? []
  const methods = new Set(password.map((e) => e.label).filter((label) => label !== undefined))
  return { grants: [...grants], methods: [...methods] }
}

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const advertisesWhatWorks = defineCheck({
  id: 'oidc-discovery.3.advertises-what-works',
  clause: 'OpenID Connect Discovery 1.0 §3',
  standard: 'OIDC Discovery',
  level: 'ADVISORY',
  title: '`grant_types_supported` and `token_endpoint_auth_methods_supported` list what works',
  reads: ['discovery.document'],
  alsoReads: GRANTING_SCENARIOS,
  notApplicable: noDiscovery,
  judge: ({ exchanges, related }) =>
    withDocument(exchanges, (document) => {
      if (related?.['password.valid'] === undefined) {
        return skip('the run supplied no password.valid exchanges to compare with')
      }
      const { grants, methods } = observedCapabilities(related)
      // Nothing worked: there is nothing the document should advertise, so no pass either.
      if (grants.length === 0 && methods.length === 0) {
        return skip('no grant of the run issued a token, so nothing is known to work')
      }
      // Discovery §3 defaults: grants `authorization_code implicit`, methods `client_secret_basic`.
      const advertisedGrants = document['grant_types_supported'] ?? [
        'authorization_code',
        'implicit',
      ]
      const advertisedMethods = document['token_endpoint_auth_methods_supported'] ?? [
        'client_secret_basic',
      ]
      const missingGrants = grants.filter(
        (g) => !Array.isArray(advertisedGrants) || !advertisedGrants.includes(g),
      )
      const missingMethods = methods.filter(
        (m) => !Array.isArray(advertisedMethods) || !advertisedMethods.includes(m),
      )
      if (missingGrants.length > 0) {
        return fail(
          `expected "grant_types_supported" to list ${missingGrants.map((g) => `\`${g}\``).join(', ')}, which issued tokens, got ${shown(advertisedGrants)}`,
        )
      }
      if (missingMethods.length > 0) {
        return fail(
          `expected "token_endpoint_auth_methods_supported" to list ${missingMethods.map((m) => `\`${m}\``).join(', ')}, which worked, got ${shown(advertisedMethods)}`,
        )
      }
      return pass()
    }),
})

/** The response types of the OAuth registry (RFC 6749 §3.1.1, OAuth 2.0 Multiple Response Types). */
const RESPONSE_TYPES = new Set(['code', 'token', 'id_token', 'none'])

/** Grant types, which a document sometimes lists as response types by mistake. */
const GRANT_TYPES = new Set([
  'password',
  'refresh_token',
  'authorization_code',
  'client_credentials',
  'implicit',
])

/**
 * @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata),
 * [RFC 6749 §3.1.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.1.1)
 */
export const responseTypes = defineCheck({
  id: 'oidc-discovery.3.response-types',
  clause: 'OpenID Connect Discovery 1.0 §3; RFC 6749 §3.1.1',
  standard: 'OIDC Discovery',
  level: 'MUST',
  title: '`response_types_supported` holds response types only (`code`, `id_token`…), no grant',
  reads: ['discovery.document'],
  notApplicable: noDiscovery,
  judge: ({ exchanges }) =>
    withDocument(exchanges, (document) => {
      const values = document['response_types_supported']
      if (!Array.isArray(values)) return skip('no "response_types_supported" array')
      for (const value of values) {
        if (typeof value !== 'string') continue
        const parts = value.split(' ').filter((part) => part !== '')
        const wrong = parts.find((part) => !RESPONSE_TYPES.has(part))
        const alone = parts.includes('none') && parts.length > 1
        if (wrong === undefined && !alone && parts.length > 0) continue
        const why =
          wrong !== undefined && GRANT_TYPES.has(wrong)
            ? `: \`${wrong}\` is a grant type, which "grant_types_supported" lists`
            : ''
        return fail(
          `expected response types (\`code\`, \`token\`, \`id_token\`, \`none\` or combinations) in "response_types_supported", got ${shown(value)}${why}`,
        )
      }
      return pass()
    }),
})

/** @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata) */
export const tokenEndpointAgrees = defineCheck({
  id: 'oidc-discovery.3.token-endpoint-agrees',
  clause: 'OpenID Connect Discovery 1.0 §3',
  standard: 'OIDC Discovery',
  level: 'ADVISORY',
  title: '`token_endpoint` is the endpoint that issued the tokens',
  reads: ['discovery.document'],
  alsoReads: ['password.valid'],
  notApplicable: noDiscovery,
  judge: ({ exchanges, related }) =>
    withDocument(exchanges, (document) => {
      const working = related?.['password.valid']?.find(
        (e) => e.response !== undefined && issuedToken(e.response),
      )
      if (working === undefined) return skip('no password.valid exchange issued a token to compare')
      const used = new URL(working.request.url)
      const endpoint = `${used.origin}${used.pathname}`
      if (document['token_endpoint'] === endpoint) return pass()
      return fail(
        `expected "token_endpoint" \`${endpoint}\`, got ${shown(document['token_endpoint'])}`,
      )
    }),
})

/** @see [OpenID Connect Discovery 1.0 §4.3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation) */
export const issuerMatchesTokens = defineCheck({
  id: 'oidc-discovery.4.3.issuer-matches-tokens',
  clause: 'OpenID Connect Discovery 1.0 §4.3; RFC 9068 §4',
  standard: 'OIDC Discovery',
  // Discovery binds `issuer` to ID Tokens; for access tokens only RFC 9068 §4 asks it.
  level: 'ADVISORY',
  title: 'JWT access tokens carry the document’s `issuer` as `iss`',
  reads: ['discovery.document'],
  alsoReads: ['password.valid'],
  notApplicable: noDiscovery,
  judge: ({ exchanges, related }) =>
    withDocument(exchanges, (document) => {
      const token = related?.['password.valid']
        ?.flatMap((e) => e.response?.tokens ?? [])
        .find((t) => t.field === 'access_token' && t.jwt !== undefined)
      if (token?.jwt === undefined) return skip('password.valid issued no JWT access token')
      const iss = token.jwt.claims['iss']
      if (iss === document['issuer']) return pass()
      return fail(
        `expected "iss" \`${String(document['issuer'])}\` as in the discovery document, got ${shown(iss)}`,
      )
    }),
})
