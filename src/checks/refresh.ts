/**
 * The refresh grant (RFC 6749 §6): it works, a refresh token is bound to its client, and the
 * scope of a refresh never grows.
 */
import type { Exchange, RecordedResponse } from '../http/exchange.ts'
import { defineCheck, fail, pass, skip, type Verdict } from './check.ts'
import {
  bodyObject,
  describe,
  isSuccess,
  issuedToken,
  judgeEach,
  jwtScope,
  refreshRequests,
  requestParam,
  sameSet,
  scopeSet,
  tokenFacts,
} from './evidence.ts'
import { expectRefusal } from './refusal.ts'

/** The scope a token response granted: its `scope` member, else its JWT's scope claim. */
export function grantedScope(response: RecordedResponse): Set<string> | undefined {
  const scope = bodyObject(response)?.['scope']
  if (typeof scope === 'string') return scopeSet(scope)
  return jwtScope(tokenFacts(response, 'access_token'))
}

/** The grant the scenario set up before refreshing, when it recorded it. */
function originalGrant(exchanges: readonly Exchange[]): RecordedResponse | undefined {
  return exchanges.find(
    (e) => requestParam(e, 'grant_type') === 'password' && e.response && isSuccess(e.response),
  )?.response
}

/** Judges the scenario's last refresh request. */
function lastRefresh(
  exchanges: readonly Exchange[],
  judge: (response: RecordedResponse, exchange: Exchange) => Verdict,
): Verdict {
  const last = refreshRequests(exchanges).at(-1)
  if (last === undefined) return skip('the scenario sent no `grant_type=refresh_token` request')
  return judgeEach([last], (exchange, response) => judge(response, exchange))
}

const show = (scope: ReadonlySet<string>) => `\`${[...scope].join(' ')}\``

/** @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6) */
export const refreshIssuesToken = defineCheck({
  id: 'rfc6749.6.refresh-issues-token',
  clause: 'RFC 6749 §6',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'a valid refresh token, presented by its client, gets a new access token',
  reads: ['refresh.valid'],
  judge: ({ exchanges }) =>
    lastRefresh(exchanges, (response) =>
      issuedToken(response)
        ? pass()
        : fail(`expected a new access token for a valid refresh token, got ${describe(response)}`, {
            expected: '200',
            actual: String(response.status),
          }),
    ),
})

/** @see [RFC 6749 §10.4](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.4) */
export const refreshBoundToClient = defineCheck({
  id: 'rfc6749.6.refresh-bound-to-client',
  clause: 'RFC 6749 §6, §10.4, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'a refresh token presented by another client gets 400 `invalid_grant`',
  reads: ['refresh.other-client'],
  judge: ({ exchanges }) =>
    lastRefresh(exchanges, (response) =>
      expectRefusal(response, { statuses: [400], errors: ['invalid_grant'] }),
    ),
})

/** @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6) */
export const widerScopeRefused = defineCheck({
  id: 'rfc6749.6.wider-scope-refused',
  clause: 'RFC 6749 §6, §3.3, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  readsGrant: true,
  title: 'a refresh asking for more scope than the original grant gets `invalid_scope`',
  reads: ['refresh.wider-scope'],
  judge: ({ exchanges }) =>
    lastRefresh(exchanges, (response, exchange) => {
      if (!isSuccess(response)) {
        return expectRefusal(response, { statuses: [400], errors: ['invalid_scope'] })
      }
      // RFC 6749 §3.3 lets the server grant less than asked, if the response says so.
      const granted = grantedScope(response)
      if (granted === undefined) {
        return fail(
          `expected 400 "error" \`invalid_scope\`, or a token whose "scope" shows the original grant, got ${describe(response)} and no "scope"`,
        )
      }
      const original = originalGrant(exchanges)
      const originalScope = original === undefined ? undefined : grantedScope(original)
      const requested = scopeSet(requestParam(exchange, 'scope') ?? '')
      const widened =
        originalScope === undefined
          ? sameSet(granted, requested)
          : [...granted].some((item) => !originalScope.has(item))
      if (!widened) return pass()
      return fail(
        `expected the refresh not to exceed the original grant${originalScope ? ` ${show(originalScope)}` : ''}, got a token for ${show(granted)}`,
      )
    }),
})

/** @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6) */
export const refreshScopeUnchanged = defineCheck({
  id: 'rfc6749.6.refresh-scope-unchanged',
  clause: 'RFC 6749 §6',
  standard: 'RFC 6749',
  level: 'MUST',
  readsGrant: true,
  title: 'a refresh that names no scope keeps the scope originally granted',
  reads: ['refresh.valid'],
  judge: ({ exchanges }) =>
    lastRefresh(exchanges, (response, exchange) => {
      if (!isSuccess(response)) return skip(`the refresh was refused: ${describe(response)}`)
      if ((requestParam(exchange, 'scope') ?? '') !== '') {
        return skip('the refresh asked for a scope of its own')
      }
      const original = originalGrant(exchanges)
      if (original === undefined) return skip('the scenario recorded no original grant to compare')
      const before = grantedScope(original)
      const after = grantedScope(response)
      // Absent on either side means "as requested", i.e. the original grant (RFC 6749 §5.1).
      if (before === undefined || after === undefined || sameSet(before, after)) return pass()
      return fail(`expected the scope originally granted, ${show(before)}, got ${show(after)}`)
    }),
})
