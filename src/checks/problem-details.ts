/**
 * RFC 9457 problem details, for APIs that answer errors with them (`errorStyle: rfc9457`): the
 * media type, a JSON object, `status` as sent, `title` per `type`. Parsing is tolerant as §3.1
 * asks: a member of the wrong type is ignored, never failed here.
 */
import { header, type Exchange, type RecordedResponse } from '../http/exchange.ts'
import type { Profile } from '../openapi/profile.ts'
import { defineCheck, fail, pass, skip, type Verdict } from './check.ts'
import { bodyObject, contentType, describe, judgeEach, shown } from './evidence.ts'
import { STATUS_PHRASES } from '../http/status-phrases.ts'
import { TOKEN_ERROR_SCENARIOS } from './token-errors.ts'

const PROBLEM_SCENARIOS = [
  ...TOKEN_ERROR_SCENARIOS,
  'resource.no-token',
  'resource.expired-token',
  'resource.tampered-token',
  'resource.alg-none-token',
  'resource.token-two-ways',
  'resource.insufficient-scope',
] as const

function notProblemDetails(profile: Profile): string | undefined {
  return profile.errorStyle.value === 'rfc9457'
    ? undefined
    : 'the spec’s errors are RFC 6749 JSON, not problem details'
}

/** Judges the scenario's 4xx and 5xx responses. */
function eachProblem(
  exchanges: readonly Exchange[],
  judge: (response: RecordedResponse, problem: Record<string, unknown> | undefined) => Verdict,
): Verdict {
  const errors = exchanges.filter((e) => e.response !== undefined && e.response.status >= 400)
  if (errors.length === 0) {
    const last = exchanges.at(-1)?.response
    return skip(`no error response to judge${last ? `: got ${describe(last)}` : ''}`)
  }
  return judgeEach(errors, (_, response) => judge(response, bodyObject(response)))
}

/** RFC 9457 §3.1.1: an absent `type`, or one that is not a string, is `about:blank`. */
function problemType(problem: Record<string, unknown>): string {
  return typeof problem['type'] === 'string' ? problem['type'] : 'about:blank'
}

/** @see [RFC 9457 §3](https://www.rfc-editor.org/rfc/rfc9457.html#section-3) */
export const problemMediaType = defineCheck({
  id: 'rfc9457.3.media-type',
  clause: 'RFC 9457 §3, §6.1',
  standard: 'RFC 9457',
  level: 'MUST',
  title: 'problem details are `application/problem+json`',
  reads: PROBLEM_SCENARIOS,
  notApplicable: notProblemDetails,
  judge: ({ exchanges }) =>
    eachProblem(exchanges, (response) => {
      if (contentType(response) === 'application/problem+json') return pass()
      const got = header(response.headers, 'content-type')
      return fail(
        `expected "Content-Type: application/problem+json", got ${got === undefined ? 'no Content-Type header' : shown(got)}`,
        { expected: 'application/problem+json', actual: got ?? '' },
      )
    }),
})

/** @see [RFC 9457 §3](https://www.rfc-editor.org/rfc/rfc9457.html#section-3) */
export const problemObject = defineCheck({
  id: 'rfc9457.3.problem-object',
  clause: 'RFC 9457 §3',
  standard: 'RFC 9457',
  level: 'MUST',
  title: 'a problem details body is a JSON object',
  reads: PROBLEM_SCENARIOS,
  notApplicable: notProblemDetails,
  judge: ({ exchanges }) =>
    eachProblem(exchanges, (response, problem) => {
      if (problem !== undefined) return pass()
      return fail(
        `expected a JSON object, got ${response.json === undefined ? 'a body that is not JSON' : `a JSON ${Array.isArray(response.json) ? 'array' : typeof response.json}`}`,
      )
    }),
})

/** @see [RFC 9457 §3.1.2](https://www.rfc-editor.org/rfc/rfc9457.html#section-3.1.2) */
export const statusMatches = defineCheck({
  id: 'rfc9457.3.1.2.status-matches',
  clause: 'RFC 9457 §3.1.2',
  standard: 'RFC 9457',
  level: 'MUST',
  title: '`status`, when present, is the status code of the HTTP response',
  reads: PROBLEM_SCENARIOS,
  notApplicable: notProblemDetails,
  judge: ({ exchanges }) =>
    eachProblem(exchanges, (response, problem) => {
      const status = problem?.['status']
      // RFC 9457 §3.1: a member of the wrong type is ignored, so only a number is compared.
      if (typeof status !== 'number' || status === response.status) return pass()
      return fail(`expected "status" \`${response.status}\` as sent, got \`${status}\``, {
        expected: String(response.status),
        actual: String(status),
      })
    }),
})

/** @see [RFC 9457 §4.2.1](https://www.rfc-editor.org/rfc/rfc9457.html#section-4.2.1) */
export const aboutBlankTitle = defineCheck({
  id: 'rfc9457.4.2.1.about-blank-title',
  clause: 'RFC 9457 §4.2.1',
  standard: 'RFC 9457',
  level: 'SHOULD',
  title: 'with `about:blank`, `title` is the status phrase ("Bad Request" for 400)',
  reads: PROBLEM_SCENARIOS,
  notApplicable: notProblemDetails,
  judge: ({ exchanges }) =>
    eachProblem(exchanges, (response, problem) => {
      if (problem === undefined || problemType(problem) !== 'about:blank') return pass()
      const title = problem['title']
      const phrases = STATUS_PHRASES[response.status]
      if (typeof title !== 'string' || phrases === undefined) return pass()
      const normal = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase()
      if (phrases.some((phrase) => normal(phrase) === normal(title))) return pass()
      return fail(
        `expected "title" \`${phrases[0]}\` for \`${response.status}\` with \`about:blank\`, got ${shown(title)}`,
      )
    }),
})

/** @see [RFC 9457 §3.1.3](https://www.rfc-editor.org/rfc/rfc9457.html#section-3.1.3) */
export const titleStable = defineCheck({
  id: 'rfc9457.3.1.3.title-stable',
  clause: 'RFC 9457 §3.1.3',
  standard: 'RFC 9457',
  level: 'SHOULD',
  title: 'one problem type has one `title`, the same at every occurrence',
  reads: PROBLEM_SCENARIOS,
  notApplicable: notProblemDetails,
  judge: ({ exchanges }) => {
    const titles = new Map<string, string>()
    return eachProblem(exchanges, (response, problem) => {
      if (problem === undefined || typeof problem['title'] !== 'string') return pass()
      const type = problemType(problem)
      // `about:blank` means "the status code says it": one title per status, not per type.
      const key = type === 'about:blank' ? `${type} ${response.status}` : type
      const seen = titles.get(key)
      if (seen === undefined) titles.set(key, problem['title'])
      else if (seen !== problem['title']) {
        return fail(
          `expected "title" \`${seen}\` again for type \`${type}\`, got ${shown(problem['title'])}`,
        )
      }
      return pass()
    })
  },
})
