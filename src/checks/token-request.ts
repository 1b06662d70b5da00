/**
 * How the token endpoint reads a request: TLS, POST, the form encoding, missing, empty, repeated
 * and unknown parameters (RFC 6749 §3.2, §4.3.2, Appendix B).
 */
import { header, mediaTypeOf, type Exchange } from '../http/exchange.ts'
import { FORM_URLENCODED } from '../openapi/token-operation.ts'
import { type Profile } from '../openapi/profile.ts'
import { defineCheck, fail, pass, skip, type Verdict } from './check.ts'
import { isLoopback } from '../http/loopback.ts'
import { describe, issuedToken, judgeEach, lastOf } from './evidence.ts'
import { expectNoToken, expectRefusal, meaningfulRefusal } from './refusal.ts'

const INVALID_REQUEST = { statuses: [400], errors: ['invalid_request'] } as const

function sentMediaType(exchange: Exchange): string | undefined {
  return mediaTypeOf(header(exchange.request.headers, 'content-type'))
}

/** @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2) */
export const tls = defineCheck({
  id: 'rfc6749.3.2.tls',
  clause: 'RFC 6749 §3.2, §2.3.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token endpoint is served over TLS',
  reads: ['password.valid'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (exchange) => {
      const url = new URL(exchange.request.url)
      if (url.protocol === 'https:') return pass()
      if (isLoopback(url)) {
        return skip(`a loopback target (\`${url.host}\`) over plain HTTP: TLS is not judged`)
      }
      return fail(`expected an \`https:\` token endpoint, got \`${url.origin}${url.pathname}\``)
    }),
})

/** @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2) */
export const getRefused = defineCheck({
  id: 'rfc6749.3.2.get-refused',
  clause: 'RFC 6749 §3.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a GET never issues a token',
  reads: ['method.get'],
  alsoReads: ['password.valid'],
  // 405 and 400 are both fine: the standard says POST, not which refusal.
  judge: ({ exchanges, related }) =>
    meaningfulRefusal(
      judgeEach(lastOf(exchanges), (_, response) => expectNoToken(response, 'a GET')),
      related,
      'password.valid',
    ),
})

/** @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2) */
export const emptyParameterOmitted = defineCheck({
  id: 'rfc6749.3.2.empty-parameter-omitted',
  clause: 'RFC 6749 §3.2, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a parameter without a value counts as omitted: `grant_type=` gets `invalid_request`',
  reads: ['grant.empty'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => expectRefusal(response, INVALID_REQUEST)),
})

/** @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2) */
export const unknownParameterIgnored = defineCheck({
  id: 'rfc6749.3.2.unknown-parameter-ignored',
  clause: 'RFC 6749 §3.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'an unrecognised request parameter is ignored',
  reads: ['params.unknown-ignored'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      issuedToken(response)
        ? pass()
        : fail(`expected a token despite the unknown parameter, got ${describe(response)}`, {
            expected: '200',
            actual: String(response.status),
          }),
    ),
})

/** @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2) */
export const duplicateParameter = defineCheck({
  id: 'rfc6749.3.2.duplicate-parameter',
  clause: 'RFC 6749 §3.2, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a repeated request parameter gets 400 `invalid_request`',
  reads: ['params.duplicated'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => expectRefusal(response, INVALID_REQUEST)),
})

/** @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2) */
export const missingParameter = defineCheck({
  id: 'rfc6749.4.3.2.missing-parameter',
  clause: 'RFC 6749 §4.3.2, §5.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'a request without `grant_type`, `username` or `password` gets 400 `invalid_request`',
  reads: ['grant.missing', 'params.missing-username', 'params.missing-password'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) => expectRefusal(response, INVALID_REQUEST)),
})

/** @see [RFC 6749 Appendix B](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-B) */
export const specialCharacters = defineCheck({
  id: 'rfc6749.4.3.2.special-characters',
  clause: 'RFC 6749 §4.3.2, Appendix B',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title:
    'a username and password with space, `+ & = % @ :` and non-ASCII, form-encoded in UTF-8, work',
  reads: ['password.special-characters'],
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (_, response) =>
      issuedToken(response)
        ? pass()
        : fail(
            `expected a token for credentials with reserved and non-ASCII characters, correctly encoded, got ${describe(response)}`,
            { expected: '200', actual: String(response.status) },
          ),
    ),
})

/** @see [RFC 6749 Appendix B](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-B) */
export const unencodedRefused = defineCheck({
  id: 'rfc6749.4.3.2.unencoded-refused',
  clause: 'RFC 6749 §4.3.2, Appendix B',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'credentials sent without form encoding do not match: the server decodes the form',
  reads: ['password.special-characters-unencoded'],
  // The same credentials, encoded, must work: else a refusal says nothing of the decoding.
  alsoReads: ['password.special-characters'],
  judge: ({ exchanges, related }) =>
    meaningfulRefusal(
      judgeEach(lastOf(exchanges), (_, response) =>
        expectNoToken(
          response,
          'credentials sent without form encoding (`+` is a space, `&` a separator)',
        ),
      ),
      related,
      'password.special-characters',
    ),
})

/** @see [RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1) */
export const credentialsNotInQuery = defineCheck({
  id: 'rfc6749.2.3.1.credentials-not-in-query',
  clause: 'RFC 6749 §2.3.1, §4.3.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title: 'parameters and credentials in the query string, none in the body, get no token',
  reads: ['params.in-query'],
  alsoReads: ['password.valid'],
  judge: ({ exchanges, related }) =>
    meaningfulRefusal(
      judgeEach(lastOf(exchanges), (_, response) =>
        expectNoToken(response, 'a request with its credentials in the URI'),
      ),
      related,
      'password.valid',
    ),
})

/** @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2) */
export const formUrlencodedAccepted = defineCheck({
  id: 'rfc6749.4.3.2.form-urlencoded-accepted',
  clause: 'RFC 6749 §4.3.2',
  standard: 'RFC 6749',
  level: 'MUST',
  needsBaseline: true,
  title:
    'an `application/x-www-form-urlencoded` request works where the spec documents another body',
  reads: ['body.other-media-type'],
  notApplicable: (profile) =>
    profile.token.requestMediaType === FORM_URLENCODED
      ? `the spec documents ${FORM_URLENCODED}, which password.valid sends`
      : undefined,
  judge: ({ exchanges }) =>
    judgeEach(lastOf(exchanges), (exchange, response) => {
      const sent = sentMediaType(exchange)
      if (sent !== FORM_URLENCODED) return skip(`the request was \`${sent ?? 'without a body'}\``)
      return issuedToken(response)
        ? pass()
        : fail(`expected a token for a ${FORM_URLENCODED} request, got ${describe(response)}`, {
            expected: '200',
            actual: String(response.status),
          })
    }),
})

/** @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2) */
export const otherBodyRefused = defineCheck({
  id: 'rfc6749.4.3.2.other-body-refused',
  clause: 'RFC 6749 §4.3.2',
  standard: 'RFC 6749',
  level: 'ADVISORY',
  needsBaseline: true,
  title: 'a body in a media type neither the standard nor the spec defines is not taken',
  reads: ['body.json', 'body.other-media-type'],
  alsoReads: ['password.valid'],
  judge: ({ exchanges, profile, related }) =>
    meaningfulRefusal(judgeOtherBody(exchanges, profile), related, 'password.valid'),
})

function judgeOtherBody(exchanges: readonly Exchange[], profile: Profile): Verdict {
  return judgeEach(lastOf(exchanges), (exchange, response) => {
    const sent = sentMediaType(exchange)
    const documented = profile.token.requestMediaTypes.map((media) => media.mediaType)
    if (sent === undefined || sent === FORM_URLENCODED || documented.includes(sent)) {
      return skip(`the request was \`${sent ?? 'without a body'}\`, which is documented`)
    }
    if (!issuedToken(response)) return pass()
    return fail(
      `expected a \`${sent}\` body to be refused (the spec documents ${documented.map((t) => `\`${t}\``).join(', ')}), got ${describe(response)}`,
    )
  })
}
