import { defineScenario, ran } from './scenario.ts'

/**
 * A GET of the OpenID Provider Metadata at the spec's discovery path (or `--discovery-url`).
 * @see [OpenID Connect Discovery 1.0 §4](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig)
 */
export const discoveryDocument = defineScenario({
  id: 'discovery.document',
  title: 'the discovery document',
  needs: ['discovery'],
  async run(context) {
    const sent = await context.send({
      method: 'GET',
      url: context.endpoints.discoveryUrl!,
      headers: [['accept', 'application/json']],
    })
    const jwksUri = (sent.json as { jwks_uri?: unknown } | undefined)?.jwks_uri
    if (context.endpoints.jwksFromDiscovery === true && typeof jwksUri === 'string') {
      context.endpoints.jwksUrl = jwksUri
      delete context.endpoints.unavailable.jwks
    }
    return ran()
  },
})

/**
 * A GET of the JWK Set: the spec's path, or, against a real target whose spec path is served by
 * the mock only, the discovery document's `jwks_uri`.
 * @see [RFC 7517 §5](https://www.rfc-editor.org/rfc/rfc7517.html#section-5)
 */
export const discoveryJwks = defineScenario({
  id: 'discovery.jwks',
  title: 'the JWK Set',
  needs: ['jwks'],
  async run(context) {
    await context.send({
      method: 'GET',
      url: context.endpoints.jwksUrl!,
      headers: [['accept', 'application/json']],
    })
    return ran()
  },
})
