import { decodeJws } from '../http/token-facts.ts'
import { withQuery } from './token-request.ts'
import { freshGrant, validScope, type Grant } from './grants.ts'
import type { ScenarioContext } from './scenario.ts'
import { defineScenario, ran, skipped } from './scenario.ts'
import { alterOneCharacter, unsignedCopy } from './tamper.ts'

interface Presentation {
  /** The Authorization header's value, when the token goes there. */
  authorization?: string
  /** The token for the `access_token` query parameter, when it goes there. */
  query?: string
}

/** A request to the protected resource carrying a token the given ways. */
function present(context: ScenarioContext, how: Presentation, label?: string) {
  const resource = context.endpoints.protectedResourceUrl!
  const method = context.profile.protectedResource?.method.toUpperCase() ?? 'GET'
  const url =
    how.query === undefined ? resource : withQuery(resource, [['access_token', how.query]])
  return context.send(
    {
      method,
      url,
      headers: [
        ['accept', 'application/json'],
        ...(how.authorization === undefined
          ? []
          : [['authorization', how.authorization] as [string, string]]),
      ],
    },
    label,
  )
}

/**
 * A token presented as valid must have this long left, on a slow target and a loaded machine
 * too: 1.5 s, or half its lifetime when that is longer (a mock's token lives a few seconds).
 */
function liveMarginMs(grant: Grant): number {
  return Math.max(1500, ((grant.expiresIn ?? 0) * 1000) / 2)
}

/**
 * When a grant's access token expires: the earlier of `expires_in` counted from the response
 * and the JWT's `exp` (a server that floors `iat` to the second issues tokens that end sooner).
 */
function expiresAtOf(grant: Grant): number {
  const deadlines = [Infinity]
  if (grant.expiresIn !== undefined) deadlines.push(grant.receivedAt + grant.expiresIn * 1000)
  const exp = decodeJws(grant.accessToken)?.claims['exp']
  if (typeof exp === 'number') deadlines.push(exp * 1000)
  return Math.min(...deadlines)
}

/**
 * A grant whose access token is live: `password.valid`'s first (its needs guarantee there is
 * one), or, when that one expires within {@link liveMarginMs} (short-lived mock tokens, a slow
 * target), a new `setup` grant.
 */
async function liveGrant(context: ScenarioContext): Promise<Grant> {
  const primary = context.grants.primary!
  const fresh =
    expiresAtOf(primary) - Date.now() > liveMarginMs(primary)
      ? undefined
      : await freshGrant(context, validScope(context.profile, context.extras), { spare: false })
  const grant = fresh ?? primary
  context.usesGrantFrom(grant.exchangeId)
  return grant
}

async function accessToken(context: ScenarioContext): Promise<string> {
  return (await liveGrant(context)).accessToken
}

/**
 * Presents a live token the way `how` says, for a scenario that expects it accepted. A 401 that
 * comes back after the token's own expiry says nothing about the server (the token expired on the
 * way, on a slow target or a loaded machine): the request is sent once more with a new grant, and
 * the checks judge that last answer.
 */
async function presentLive(context: ScenarioContext, how: (token: string) => Presentation) {
  const grant = await liveGrant(context)
  const sent = await present(context, how(grant.accessToken))
  if (sent.exchange.response?.status !== 401 || Date.now() < expiresAtOf(grant)) return
  const fresh = await freshGrant(context, validScope(context.profile, context.extras), {
    spare: false,
  })
  if (fresh === undefined) return
  context.usesGrantFrom(fresh.exchangeId)
  await present(context, how(fresh.accessToken), 'again: the first token expired on the way')
}

/**
 * `Authorization: Bearer <token>` with `password.valid`'s first access token: the resource
 * answers 2xx.
 * @see [RFC 6750 §2.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-2.1)
 */
export const resourceValidToken = defineScenario({
  id: 'resource.valid-token',
  title: 'a valid access token in the Authorization header',
  needs: ['protected-resource', 'access-token'],
  async run(context) {
    await presentLive(context, (token) => ({ authorization: `Bearer ${token}` }))
    return ran()
  },
})

/**
 * No token at all: 401 with a `WWW-Authenticate: Bearer` challenge that carries no error code.
 * @see [RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750.html#section-3)
 */
export const resourceNoToken = defineScenario({
  id: 'resource.no-token',
  title: 'no access token',
  needs: ['protected-resource'],
  async run(context) {
    await present(context, {})
    return ran()
  },
})

/**
 * `password.valid`'s first access token once it has expired: the scenario waits until
 * `expires_in` (counted from the response) and the JWT `exp`, when there is one, are both a second
 * past. Skipped when that is longer than `--max-wait`, or when the lifetime is unknown.
 * @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1) `invalid_token`
 */
export const resourceExpiredToken = defineScenario({
  id: 'resource.expired-token',
  title: 'an expired access token',
  needs: ['protected-resource', 'access-token'],
  async run(context) {
    const grant = context.grants.primary!
    const exp = decodeJws(grant.accessToken)?.claims['exp']
    const deadlines: number[] = []
    if (grant.expiresIn !== undefined) deadlines.push(grant.receivedAt + grant.expiresIn * 1000)
    if (typeof exp === 'number') deadlines.push(exp * 1000)
    if (deadlines.length === 0) {
      return skipped(
        `the token response (${grant.exchangeId}) has no "expires_in" and the token no "exp": its lifetime is unknown`,
      )
    }
    const maxWait = context.options.maxWaitSeconds
    if (grant.expiresIn !== undefined && grant.expiresIn > maxWait) {
      return skipped(
        `the access token lives ${grant.expiresIn} s ("expires_in"), longer than --max-wait ${maxWait} s`,
      )
    }
    const waitMs = Math.max(...deadlines) + 1000 - Date.now()
    if (waitMs > (maxWait + 1) * 1000) {
      return skipped(
        `the access token expires in ${Math.ceil(waitMs / 1000)} s, longer than --max-wait ${maxWait} s`,
      )
    }
    if (waitMs > 0) await context.sleep(waitMs)
    context.usesGrantFrom(grant.exchangeId)
    await present(context, { authorization: `Bearer ${grant.accessToken}` })
    return ran()
  },
})

/**
 * The access token with one character changed (in the middle of the signature for a JWS,
 * else in the middle of the token), in a Bearer header: `invalid_token`.
 * @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1)
 */
export const resourceTamperedToken = defineScenario({
  id: 'resource.tampered-token',
  title: 'an access token with one character changed',
  needs: ['protected-resource', 'access-token'],
  async run(context) {
    const tampered = alterOneCharacter(await accessToken(context))
    context.recorder.redactor.addSecret(tampered)
    await present(context, { authorization: `Bearer ${tampered}` })
    return ran()
  },
})

/**
 * The access token's header and claims re-issued with `alg: none` and an empty signature, in a
 * Bearer header: refused with `invalid_token`. Only when the access token is a JWT.
 * @see [RFC 9068 §4](https://www.rfc-editor.org/rfc/rfc9068.html#section-4)
 */
export const resourceAlgNoneToken = defineScenario({
  id: 'resource.alg-none-token',
  title: 'the access token re-signed with alg none',
  needs: ['protected-resource', 'access-token'],
  async run(context) {
    const unsigned = unsignedCopy(await accessToken(context))
    if (unsigned === undefined) return skipped('the access token is not a JWT')
    context.recorder.redactor.addSecret(unsigned)
    await present(context, { authorization: `Bearer ${unsigned}` })
    return ran()
  },
})

/**
 * `Authorization: bearer <token>`: the scheme is case-insensitive, so the resource answers as
 * for `Bearer`.
 * @see [RFC 9110 §11.1](https://www.rfc-editor.org/rfc/rfc9110.html#section-11.1)
 */
export const resourceLowercaseBearer = defineScenario({
  id: 'resource.lowercase-bearer',
  title: 'the Bearer scheme in lower case',
  needs: ['protected-resource', 'access-token'],
  async run(context) {
    await presentLive(context, (token) => ({ authorization: `bearer ${token}` }))
    return ran()
  },
})

/**
 * The token in the `access_token` query parameter only. A server may refuse it; a 2xx SHOULD
 * carry `Cache-Control: private`.
 * @see [RFC 6750 §2.3](https://www.rfc-editor.org/rfc/rfc6750.html#section-2.3)
 */
export const resourceTokenInQuery = defineScenario({
  id: 'resource.token-in-query',
  title: 'the access token in the query string',
  needs: ['protected-resource', 'access-token'],
  async run(context) {
    await presentLive(context, (token) => ({ query: token }))
    return ran()
  },
})

/**
 * The token in the Authorization header and in the query at once: `invalid_request`.
 * @see [RFC 6750 §2](https://www.rfc-editor.org/rfc/rfc6750.html#section-2)
 */
export const resourceTokenTwoWays = defineScenario({
  id: 'resource.token-two-ways',
  title: 'the access token in the header and the query at once',
  needs: ['protected-resource', 'access-token'],
  async run(context) {
    const token = await accessToken(context)
    await present(context, { authorization: `Bearer ${token}`, query: token })
    return ran()
  },
})

/**
 * A `setup` grant asking for the spec's supported scopes minus the protected resource's, then
 * that token in a Bearer header: 403 `insufficient_scope`. Needs a resource that names a scope.
 * @see [RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1)
 */
export const resourceInsufficientScope = defineScenario({
  id: 'resource.insufficient-scope',
  title: "a token without the resource's scope",
  needs: ['protected-resource', 'usable-client'],
  async run(context) {
    const needed = context.profile.protectedResource?.scopes ?? []
    if (needed.length === 0) return skipped("the spec's protected resource names no scope")
    const others = context.profile.scopes.supported.filter((scope) => !needed.includes(scope))
    if (others.length === 0) {
      return skipped(
        `the spec supports no scope besides the resource's (${needed.join(', ')}) to ask for`,
      )
    }
    const asked = others.join(' ')
    const grant = await freshGrant(context, asked)
    if (grant === undefined) return skipped(`the server issued no token for scope \`${asked}\``)
    const granted = grant.scope?.split(' ') ?? []
    if (needed.some((scope) => granted.includes(scope))) {
      return skipped(
        `asked for \`${asked}\`, the server granted \`${grant.scope}\`, which includes the resource's scope`,
      )
    }
    context.usesGrantFrom(grant.exchangeId)
    await present(context, { authorization: `Bearer ${grant.accessToken}` })
    return ran()
  },
})
