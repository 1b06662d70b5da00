/**
 * The fuzzer's verdict on one answer, reached from the request and the spec alone: what is wrong
 * with it, empty when nothing is.
 *
 * - No answer at all, or a 5xx the request did not ask for with `Prefer`, is wrong.
 * - A request Node's HTTP parser refuses (a method it does not know, a byte over 0x7E in the
 *   target) gets 400, and one whose head is over 16 KiB 431, in the vendor's error style.
 * - A request to no path of the spec gets 404; to a path without that method 405 with an `Allow`
 *   naming the path's methods; a CORS preflight to a path 204; all in the vendor's style.
 * - A request routed to an operation gets an answer Prism's validator finds conformant to that
 *   operation; a body over 64 KiB may instead be refused with 413 in the vendor's style, and a
 *   `Prefer` Prism cannot satisfy on an operation that documents no 400 with 404 in that style.
 */
import { METHODS } from 'node:http'
import { BODY_LIMIT } from '../../../src/mock/server.ts'
import type { Prism } from '../../../src/mock/prism.ts'
import type { Profile } from '../../../src/openapi/profile.ts'
import { styleProblems } from '../vendor-style.ts'
import type { Answer, Sent } from './send.ts'

/** Node's limit on a request's line and headers (`--max-http-header-size`). */
const HEAD_LIMIT = 16 * 1024

export function judge(profile: Profile, prism: Prism, sent: Sent, answer: Answer): string[] {
  if ('failure' in answer) return [`no answer: ${answer.failure}`]
  const style = profile.errorStyle.value
  const withBody = sent.method !== 'HEAD'
  const inStyle = (status: number) => {
    if (answer.status !== status) return [`expected status ${status}, got ${answer.status}`]
    return styleProblems(style, status, answer.headers, answer.body, withBody)
  }
  const asked = preferredCode(sent)
  if (answer.status >= 500 && answer.status !== asked)
    return [`a ${answer.status} nobody asked for`]
  if (!METHODS.includes(sent.method) || /[^\x21-\x7e]/.test(sent.target)) return inStyle(400)
  // Near the limit, Node's count and this estimate (undici adds a few headers) may differ.
  const head = headSize(sent)
  if (head > HEAD_LIMIT + 512) return inStyle(431)
  if (head > HEAD_LIMIT - 512 && answer.status === 431) return inStyle(431)
  const path = new URL(`http://judge.invalid${sent.target}`).pathname
  const onPath = profile.operations.filter((op) => templateMatches(op.path, path))
  if (onPath.length === 0) return inStyle(404)
  if (
    sent.method === 'OPTIONS' &&
    sent.headers['origin'] &&
    sent.headers['access-control-request-method']
  ) {
    return answer.status === 204 ? [] : [`expected a preflight's 204, got ${answer.status}`]
  }
  const operation = onPath.find((op) => op.method.toUpperCase() === sent.method)
  if (operation === undefined) {
    const allow = onPath.map((op) => op.method.toUpperCase()).sort()
    const given = (answer.headers['allow'] ?? '')
      .split(',')
      .map((m) => m.trim())
      .sort()
    const allowProblems =
      given.join() === allow.join() ? [] : [`expected "Allow" \`${allow}\`, got \`${given}\``]
    return [...inStyle(405), ...allowProblems]
  }
  if (sent.bodyBytes > BODY_LIMIT && answer.status === 413) return inStyle(413)
  const violations = safeJudge(prism, operation.method, operation.path, answer)
  if (violations.length === 0) return []
  const documents400 = operation.responses.some((r) => r.status === '400')
  if (wantsPrism(sent) && !documents400 && answer.status === 404) return inStyle(404)
  return violations
}

function safeJudge(
  prism: Prism,
  method: string,
  path: string,
  answer: Exclude<Answer, { failure: string }>,
): string[] {
  try {
    return prism.judge(method, path, answer)
  } catch (error) {
    return [`Prism cannot read the answer: ${(error as Error).message}`]
  }
}

function templateMatches(template: string, path: string): boolean {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`).test(path)
}

/** The request line and headers, in bytes, as they go on the wire (roughly: undici adds a few). */
function headSize(sent: Sent): number {
  const headers = Object.entries(sent.headers).reduce(
    (sum, [name, value]) => sum + name.length + value.length + 4,
    0,
  )
  return sent.method.length + sent.target.length + 12 + headers + 80
}

function queryOf(sent: Sent): URLSearchParams {
  return new URL(`http://judge.invalid${sent.target}`).searchParams
}

/** The status code a `Prefer: code=…` (or, without a Prefer header, `?__code=`) asks Prism for. */
function preferredCode(sent: Sent): number | undefined {
  const prefer = sent.headers['prefer']
  const code =
    prefer === undefined ? queryOf(sent).get('__code') : /code=\s*"?(\d{3})\b/.exec(prefer)?.[1]
  return code === null || code === undefined || !/^\d{3}$/.test(code) ? undefined : Number(code)
}

function wantsPrism(sent: Sent): boolean {
  const prefer = sent.headers['prefer']
  if (prefer !== undefined) return /(code|example)=/.test(prefer)
  const query = queryOf(sent)
  return query.has('__code') || query.has('__example')
}
