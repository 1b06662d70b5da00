/**
 * Asserts an error answer in the vendor's style: RFC 6749 §5.2 JSON with the expected `error`
 * code, or, for a spec whose errors are RFC 9457 problems, a ProblemDetail whose `status` is the
 * HTTP status (a problem carries no RFC 6749 error code).
 */
import { expect } from 'vitest'
import type { RunningMock } from '../../src/mock/index.ts'
import type { Answer } from './token-client.ts'

/** RFC 6749 §5.2: `error` and `error_description` are %x20-21 / %x23-5B / %x5D-7E only. */
const NQSCHAR = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

export function expectVendorError(
  mock: RunningMock,
  answer: Answer,
  status: number,
  error: string,
): void {
  const where = `${answer.status} ${answer.text.slice(0, 300)}`
  expect(answer.status, where).toBe(status)
  const contentType = answer.headers.get('content-type') ?? ''
  if (mock.profile.errorStyle.value === 'rfc9457') {
    expect(contentType, where).toBe('application/problem+json')
    expect(answer.json, where).toMatchObject({
      type: 'about:blank',
      title: expect.any(String),
      status,
      detail: expect.any(String),
    })
    expect(answer.json, where).not.toHaveProperty('error')
    return
  }
  expect(contentType, where).toBe('application/json')
  expect(answer.json?.['error'], where).toBe(error)
  expect(String(answer.json?.['error_description'] ?? ''), where).toMatch(NQSCHAR)
}
