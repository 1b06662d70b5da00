/**
 * Client authentication at the token endpoint: HTTP Basic and its encoding (RFC 6749 §2.3.1), one
 * method per request (§2.3), confidential clients authenticate (§3.2.1), and how a failure is
 * answered (§5.2).
 */
import { headerValues } from '../http/exchange.ts'
import type { Profile } from '../openapi/profile.ts'
import { defineCheck, fail, pass, skip } from './check.ts'
import { describe, errorCodeOf, issuedToken, judgeEach, lastOf, shown } from './evidence.ts'
import { expectRefusal } from './refusal.ts'
import { challengesOf, parseChallenges } from './www-authenticate.ts'

/** Public clients only: there is no client password to authenticate with. */
export function publicClientsOnly(profile: Profile): string | undefined {
  return profile.clientAuthentication.every((method) => method.value === 'none')
    ? 'the spec’s clients are public (`none`): they have no password to authenticate with'
    : undefined
}

/** @see [RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1) */
export const basicSupported = defineCheck({
  id: 'rfc6749.2.3.1.basic-supported',
  clause: 'RFC 6749 §2.3.1',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a client with a password can authenticate with HTTP Basic',
  reads: ['password.valid'],
  notApplicable: publicClientsOnly,
  judge: ({ exchanges }) => {
    const basic = exchanges.filter((exchange) => exchange.label === 'client_secret_basic')
    if (basic.length === 0) return skip('password.valid sent no request with HTTP Basic')
    return judgeEach(basic.slice(0, 1), (_, response) =>
      issuedToken(response)
        ? pass()
        : fail(`expected a token for a client in HTTP Basic, got ${describe(response)}`, {
            expected: '200',
            actual: String(response.status),
          }),
    )
  },
})

/** @see [RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1) */
export const basicFormUrlencoded = defineCheck({
  id: 'rfc6749.2.3.1.basic-form-urlencoded',
  clause: 'RFC 6749 §2.3.1, Appendix B',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'Basic client credentials are form-urlencoded before base64, so `:` `%` `+` survive',
  reads: ['client.secret-special-characters-basic'],
  notApplicable: publicClientsOnly,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      issuedToken(response)
        ? pass()
        : fail(
            `expected a token for a client secret with \`:\` and other reserved characters, form-urlencoded in Basic, got ${describe(response)}`,
            { expected: '200', actual: String(response.status) },
          ),
    ),
})

/** @see [RFC 6749 §3.2.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2.1) */
export const clientAuthenticationRequired = defineCheck({
  id: 'rfc6749.3.2.1.client-authentication-required',
  clause: 'RFC 6749 §3.2.1, §4.3.2, §6, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title:
    'a confidential client that does not authenticate gets `invalid_client`, for a refresh too',
  reads: ['client.none', 'refresh.no-client-auth'],
  notApplicable: publicClientsOnly,
  // Without a Basic attempt, 400 and 401 are both allowed (RFC 6749 §5.2 "MAY return 401").
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      expectRefusal(response, { statuses: [400, 401], errors: ['invalid_client'] }),
    ),
})

/**
 * @see [RFC 6749 §2.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3),
 * [§3.2.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2.1)
 */
export const clientIdentificationRequired = defineCheck({
  id: 'rfc6749.2.3.client-identification-required',
  clause: 'RFC 6749 §2.3, §3.2.1, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a password grant that identifies no client at all gets `invalid_client`',
  reads: ['client.no-identification'],
  notApplicable: publicClientsOnly,
  // No Basic attempt: 400 and 401 are both allowed (RFC 6749 §5.2 "MAY return 401").
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      expectRefusal(response, { statuses: [400, 401], errors: ['invalid_client'] }),
    ),
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const wrongSecretInvalidClient = defineCheck({
  id: 'rfc6749.5.2.wrong-secret-invalid-client',
  clause: 'RFC 6749 §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a wrong client secret gets `invalid_client`',
  reads: ['client.wrong-secret-basic', 'client.wrong-secret-body'],
  notApplicable: publicClientsOnly,
  // The status after a Basic attempt is `rfc6749.5.2.basic-failure-401`'s to judge.
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      expectRefusal(response, { statuses: [400, 401], errors: ['invalid_client'] }),
    ),
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const basicFailure401 = defineCheck({
  id: 'rfc6749.5.2.basic-failure-401',
  clause: 'RFC 6749 §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a client that failed HTTP Basic gets 401',
  reads: ['client.wrong-secret-basic'],
  notApplicable: publicClientsOnly,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      response.status === 401
        ? pass()
        : fail(`expected \`401\` after a failed HTTP Basic attempt, got ${describe(response)}`, {
            expected: '401',
            actual: String(response.status),
          }),
    ),
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
export const basicFailureChallenge = defineCheck({
  id: 'rfc6749.5.2.basic-failure-challenge',
  clause: 'RFC 6749 §5.2; RFC 9110 §11.6.1',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  // RFC 6749 §5.2: the challenge is owed to every invalid_client answer after a Basic attempt, so
  // such an answer (or a 401, the status §5.2 gives it) is judged whatever the valid request got.
  premiseShown: (response) => response.status === 401 || errorCodeOf(response) === 'invalid_client',
  title: 'a client that failed HTTP Basic gets a `WWW-Authenticate: Basic` challenge',
  reads: ['client.wrong-secret-basic'],
  notApplicable: publicClientsOnly,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      if (issuedToken(response)) return skip(`the request was granted: ${describe(response)}`)
      const values = headerValues(response.headers, 'www-authenticate')
      if (values.length === 0) {
        return fail('expected "WWW-Authenticate: Basic …", got no WWW-Authenticate header')
      }
      const challenges = parseChallenges(values)
      if ('error' in challenges) {
        return fail(
          `expected a "WWW-Authenticate" challenge, got \`${values.join(', ')}\`: ${challenges.error}`,
        )
      }
      if (challengesOf(challenges, 'Basic').length > 0) return pass()
      return fail(
        `expected a "WWW-Authenticate" challenge of the Basic scheme the client used, got ${shown(values.join(', '))}`,
      )
    }),
})

/** @see [RFC 6749 §2.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3) */
export const oneAuthMethod = defineCheck({
  id: 'rfc6749.2.3.one-auth-method',
  clause: 'RFC 6749 §2.3, §5.2',
  standard: 'RFC 6749',
  level: 'SHOULD',
  needsBaseline: true,
  title: 'a client authenticating with Basic and body credentials at once is refused',
  reads: ['client.basic-and-body'],
  notApplicable: publicClientsOnly,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => {
      const code = errorCodeOf(response)
      // §5.2 names this `invalid_request`; `invalid_client` (unsupported method) is also a refusal,
      // and after a Basic attempt it comes with 401.
      if (response.status === 401 && (code === undefined || code === 'invalid_client')) {
        return pass()
      }
      return expectRefusal(response, { statuses: [400], errors: ['invalid_request'] })
    }),
})
