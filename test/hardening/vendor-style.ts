/**
 * Whether an error answer is in the vendor's style, judged from the outside: RFC 6749 §5.2 JSON
 * (`application/json`, an `error` code, an optional `error_description`, both of its characters)
 * or an RFC 9457 problem (`application/problem+json`, `title`, `status` equal to the HTTP status,
 * `detail`). The list of what is wrong; empty when it is in style.
 */
import type { ErrorStyle } from '../../src/openapi/extension.ts'

/** RFC 6749 §5.2: `error` and `error_description` are %x20-21 / %x23-5B / %x5D-7E. */
const OAUTH_CHARS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

export function styleProblems(
  style: ErrorStyle,
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
  /** A HEAD answer has no body: only its media type is judged. */
  withBody = true,
): string[] {
  const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  const expected = style === 'rfc9457' ? 'application/problem+json' : 'application/json'
  const problems: string[] = []
  if (mediaType !== expected)
    problems.push(`expected "Content-Type" \`${expected}\`, got \`${mediaType}\``)
  if (!withBody) return problems
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return [...problems, `expected a JSON body, got \`${body.slice(0, 80)}\``]
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return [...problems, `expected a JSON object, got \`${body.slice(0, 80)}\``]
  }
  const member = (name: string) => (parsed as Record<string, unknown>)[name]
  if (style === 'rfc9457') {
    if (typeof member('title') !== 'string') problems.push('expected a string "title"')
    if (typeof member('detail') !== 'string') problems.push('expected a string "detail"')
    if (member('status') !== status) {
      problems.push(`expected "status" \`${status}\`, got \`${String(member('status'))}\``)
    }
    return problems
  }
  const error = member('error')
  if (typeof error !== 'string' || error === '' || !OAUTH_CHARS.test(error)) {
    problems.push(`expected an "error" code, got \`${String(error)}\``)
  }
  const description = member('error_description')
  if (
    description !== undefined &&
    (typeof description !== 'string' || !OAUTH_CHARS.test(description))
  ) {
    problems.push(
      `expected "error_description" of RFC 6749 §5.2 characters, got \`${String(description)}\``,
    )
  }
  return problems
}
