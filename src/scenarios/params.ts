import type { Field } from '../http/form.ts'
import { defaultMethod } from './client-auth.ts'
import { validScope } from './grants.ts'
import type { Scenario, ScenarioContext } from './scenario.ts'
import { defineScenario, ran } from './scenario.ts'
import { documentedEncoding, passwordFields, tokenRequest, type Encoding } from './token-request.ts'

export const UNKNOWN_GRANT = 'urn:tokencheck:unknown-grant'
export const UNKNOWN_PARAMETER: Field = ['tokencheck_unknown', '1']
export const UNKNOWN_SCOPE = 'tokencheck.unknown-scope'

interface Variant<Id extends string> {
  id: Id
  title: string
  /** The valid password grant's fields, changed. */
  fields(valid: Field[], context: ScenarioContext): Field[]
  encoding?: (context: ScenarioContext) => Encoding
  method?: 'GET'
}

/** A password grant with the real credentials and the default client authentication, varied. */
function variant<const Id extends string>(definition: Variant<Id>): Scenario<Id> {
  return defineScenario({
    id: definition.id,
    title: definition.title,
    needs: ['usable-client'],
    async run(context) {
      const { profile, credentials, endpoints } = context
      const valid = passwordFields(
        credentials.user,
        validScope(profile, context.extras),
        context.extras.params,
      )
      const encoding = definition.encoding?.(context)
      await context.send(
        tokenRequest(profile, endpoints.tokenUrl, {
          fields: definition.fields(valid, context),
          auth: defaultMethod(profile, credentials.client) ?? 'nothing',
          ...(credentials.client === undefined ? {} : { client: credentials.client }),
          ...(encoding === undefined ? {} : { encoding }),
          ...(definition.method === undefined ? {} : { method: definition.method }),
        }),
      )
      return ran()
    },
  })
}

const without = (name: string) => (fields: Field[]) => fields.filter(([key]) => key !== name)
const replacing = (name: string, value: string) => (fields: Field[]) =>
  fields.map(([key, old]): Field => [key, key === name ? value : old])

/**
 * The valid request without `grant_type`: `invalid_request`.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export const grantMissing = variant({
  id: 'grant.missing',
  title: 'no grant_type',
  fields: without('grant_type'),
})

/**
 * `grant_type=` (present, empty): treated as omitted, so `invalid_request`.
 * @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2)
 */
export const grantEmpty = variant({
  id: 'grant.empty',
  title: 'an empty grant_type',
  fields: replacing('grant_type', ''),
})

/**
 * `grant_type=urn:tokencheck:unknown-grant`: `unsupported_grant_type`.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export const grantUnsupported = variant({
  id: 'grant.unsupported',
  title: 'an unknown grant_type',
  fields: replacing('grant_type', UNKNOWN_GRANT),
})

/** The valid request without `username`. @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2) */
export const paramsMissingUsername = variant({
  id: 'params.missing-username',
  title: 'no username',
  fields: without('username'),
})

/** The valid request without `password`. @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2) */
export const paramsMissingPassword = variant({
  id: 'params.missing-password',
  title: 'no password',
  fields: without('password'),
})

/**
 * The valid request with `username` twice, the same value both times, right after the first:
 * a repeated parameter is `invalid_request`.
 * @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2)
 */
export const paramsDuplicated = variant({
  id: 'params.duplicated',
  title: 'username twice',
  fields: (fields) =>
    fields.flatMap((field): Field[] => (field[0] === 'username' ? [field, field] : [field])),
})

/**
 * The valid request plus `tokencheck_unknown=1` after the grant's fields: unknown parameters are
 * ignored, so a token is issued.
 * @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2)
 */
export const paramsUnknownIgnored = variant({
  id: 'params.unknown-ignored',
  title: 'an extra unknown parameter',
  fields: (fields) => [...fields, UNKNOWN_PARAMETER],
})

/**
 * Every parameter, the user's password and the client's `client_id` and `client_secret` (when it
 * has them) included, in the query string of a POST with an empty body of the documented media
 * type (form-urlencoded, or a multipart body with no part) and no Authorization header:
 * credentials never travel in the URI.
 * @see [RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1)
 */
export const paramsInQuery = defineScenario({
  id: 'params.in-query',
  title: 'every parameter, credentials included, in the query string',
  needs: ['usable-client'],
  async run(context) {
    const { profile, credentials, endpoints } = context
    const client = credentials.client
    await context.send(
      tokenRequest(profile, endpoints.tokenUrl, {
        fields: passwordFields(
          credentials.user,
          validScope(profile, context.extras),
          context.extras.params,
        ),
        auth: client?.clientSecret === undefined ? 'none' : 'client_secret_post',
        ...(client === undefined ? {} : { client }),
        encoding: 'query',
      }),
    )
    return ran()
  },
})

/**
 * The valid request's parameters as one JSON object (`application/json`), client authentication
 * as by default (its body fields become JSON members).
 * @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2)
 */
export const bodyJson = variant({
  id: 'body.json',
  title: 'the parameters as JSON',
  fields: (fields) => fields,
  encoding: () => 'json',
})

/**
 * The valid request in the other form media type: `multipart/form-data` where the spec documents
 * `application/x-www-form-urlencoded`, and form-urlencoded where it documents multipart.
 * @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2)
 */
export const bodyOtherMediaType = variant({
  id: 'body.other-media-type',
  title: 'the parameters in the other form media type',
  fields: (fields) => fields,
  encoding: ({ profile }) => (documentedEncoding(profile) === 'form' ? 'multipart' : 'form'),
})

/**
 * A GET with the valid request's parameters in the query string (client authentication as by
 * default: a Basic header, or its body fields in the query too): a token endpoint takes POST.
 * @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2)
 */
export const methodGet = variant({
  id: 'method.get',
  title: 'GET with the parameters in the query',
  fields: (fields) => fields,
  method: 'GET',
})

/**
 * The valid request asking for `scope=tokencheck.unknown-scope` (in place of any scope it
 * asked for): `invalid_scope`, or a token for another scope with `scope` in the response.
 * @see [RFC 6749 §3.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.3)
 */
export const scopeInvalid = variant({
  id: 'scope.invalid',
  title: 'an unknown scope',
  fields: (fields) => [...without('scope')(fields), ['scope', UNKNOWN_SCOPE]],
})
