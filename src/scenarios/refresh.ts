import type { AuthChoice } from './client-auth.ts'
import { defaultMethod, usableMethods } from './client-auth.ts'
import type { ClientCredentials } from './credentials.ts'
import { freshGrant, lastGrantAnswer, type Grant } from './grants.ts'
import type { ScenarioContext, ScenarioOutcome } from './scenario.ts'
import { defineScenario, ran, skipped } from './scenario.ts'
import { randomHex } from './random.ts'
import { refreshFields, tokenRequest } from './token-request.ts'

function refreshRequest(
  context: ScenarioContext,
  refreshToken: string,
  options: { scope?: string; client?: ClientCredentials; auth?: AuthChoice } = {},
) {
  const { profile, credentials, endpoints } = context
  const client = options.client ?? credentials.client
  return tokenRequest(profile, endpoints.tokenUrl, {
    fields: refreshFields(refreshToken, options.scope, context.extras.params),
    auth: options.auth ?? defaultMethod(profile, client) ?? 'nothing',
    ...(client === undefined ? {} : { client }),
  })
}

/** A refresh token nobody else uses, or the reason there is none. */
async function refreshable(
  context: ScenarioContext,
  scope?: string,
): Promise<{ grant: Grant & { refreshToken: string } } | { skip: ScenarioOutcome }> {
  const grant = await freshGrant(context, scope)
  if (grant === undefined) {
    return {
      skip: skipped(
        `no password grant succeeded, so there is no refresh token to use${lastGrantAnswer(context.recorder.exchanges)}`,
      ),
    }
  }
  if (grant.refreshToken === undefined) {
    return { skip: skipped(`the token response (${grant.exchangeId}) carried no "refresh_token"`) }
  }
  context.usesGrantFrom(grant.exchangeId)
  return { grant: grant as Grant & { refreshToken: string } }
}

/**
 * A refresh with a refresh token from a grant no other scenario touches (a spare of
 * `password.valid`, else a `setup` grant), default client authentication, no scope.
 * @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6)
 */
export const refreshValid = defineScenario({
  id: 'refresh.valid',
  title: 'a valid refresh',
  needs: ['refresh-grant', 'usable-client'],
  async run(context) {
    const found = await refreshable(context)
    if ('skip' in found) return found.skip
    await context.send(refreshRequest(context, found.grant.refreshToken))
    return ran()
  },
})

/**
 * Two exchanges: a refresh with a fresh refresh token (label `first use`), then the same, now
 * used, refresh token again (label `reuse`). A rotating server refuses the second with
 * `invalid_grant` (RFC 9700 §4.14.2); a server that does not rotate answers both alike.
 * @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6)
 */
export const refreshReused = defineScenario({
  id: 'refresh.reused',
  title: 'a refresh token used twice',
  needs: ['refresh-grant', 'usable-client'],
  async run(context) {
    const found = await refreshable(context)
    if ('skip' in found) return found.skip
    await context.send(refreshRequest(context, found.grant.refreshToken), 'first use')
    await context.send(refreshRequest(context, found.grant.refreshToken), 'reuse')
    return ran()
  },
})

/**
 * A refresh with a random string for a refresh token: `invalid_grant`.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export const refreshGarbage = defineScenario({
  id: 'refresh.garbage',
  title: 'a refresh token the server never issued',
  needs: ['refresh-grant', 'usable-client'],
  async run(context) {
    await context.send(refreshRequest(context, `tokencheck-garbage-${randomHex(16)}`))
    return ran()
  },
})

/**
 * The second client presents a fresh refresh token issued to the first, authenticating as
 * itself (its first usable method): a refresh token is bound to its client, so `invalid_grant`.
 * Labelled with the second client's method.
 * @see [RFC 6749 §10.4](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.4)
 */
export const refreshOtherClient = defineScenario({
  id: 'refresh.other-client',
  title: "another client presents the first client's refresh token",
  needs: ['refresh-grant', 'usable-client', 'second-client'],
  async run(context) {
    const client2 = context.credentials.client2!
    const auth = usableMethods(context.profile, client2)[0]
    if (auth === undefined) {
      return skipped(
        'the second client can use none of the client authentication methods the spec allows',
      )
    }
    const found = await refreshable(context)
    if ('skip' in found) return found.skip
    await context.send(
      refreshRequest(context, found.grant.refreshToken, { client: client2, auth }),
      auth,
    )
    return ran()
  },
})

/**
 * A fresh refresh token presented by its own confidential client, which sends its `client_id` in
 * the body and no secret: a confidential client MUST authenticate for a refresh too, so
 * `invalid_client`. A server that skips client authentication on refresh lets whoever holds a
 * stolen refresh token use it. Labelled `id-only`.
 * @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6)
 */
export const refreshNoClientAuth = defineScenario({
  id: 'refresh.no-client-auth',
  title: 'a refresh by a confidential client that does not authenticate',
  needs: ['refresh-grant', 'confidential-profile', 'client-secret'],
  async run(context) {
    const found = await refreshable(context)
    if ('skip' in found) return found.skip
    await context.send(
      refreshRequest(context, found.grant.refreshToken, { auth: 'id-only' }),
      'id-only',
    )
    return ran()
  },
})

/**
 * The access token of a fresh grant presented as a refresh token, with the client's own
 * authentication: it is not a refresh token the server issued, so `invalid_grant`. A server that
 * takes either kind of token there makes every access token a refresh token.
 * @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6),
 * [§5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export const refreshAccessToken = defineScenario({
  id: 'refresh.access-token',
  title: 'an access token presented as a refresh token',
  needs: ['refresh-grant', 'usable-client'],
  async run(context) {
    const found = await refreshable(context)
    if ('skip' in found) return found.skip
    await context.send(refreshRequest(context, found.grant.accessToken))
    return ran()
  },
})

/**
 * A `setup` grant for the first scope of the spec's `x-tokencheck.scopes.supported`, then a
 * refresh asking for all of them: the refresh may not widen the grant, so `invalid_scope`.
 * Needs two supported scopes.
 * @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6)
 */
export const refreshWiderScope = defineScenario({
  id: 'refresh.wider-scope',
  title: 'a refresh asking for more scope than the grant had',
  needs: ['refresh-grant', 'usable-client'],
  async run(context) {
    const supported = context.profile.scopes.supported
    if (supported.length < 2) {
      return skipped(
        'needs two scopes in the spec (x-tokencheck.scopes.supported) to ask for more than was granted',
      )
    }
    const narrow = supported[0]!
    const found = await refreshable(context, narrow)
    if ('skip' in found) return found.skip
    const granted = found.grant.scope?.split(' ') ?? []
    if (supported.every((scope) => granted.includes(scope))) {
      return skipped(
        `asked for \`${narrow}\`, the server granted \`${found.grant.scope}\`: nothing wider is left to ask for`,
      )
    }
    await context.send(
      refreshRequest(context, found.grant.refreshToken, { scope: supported.join(' ') }),
    )
    return ran()
  },
})
