import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/checks/check.ts'
import {
  aboutBlankTitle,
  problemMediaType,
  problemObject,
  statusMatches,
  titleStable,
} from '../../src/checks/problem-details.ts'
import { exchange, judge, profile, type ExchangeSpec } from './build.ts'

const problem = (
  status: number,
  body: unknown,
  type = 'application/problem+json',
): ExchangeSpec => ({
  scenario: 'password.wrong-password',
  status,
  json: body,
  headers: { 'content-type': type },
})

describe('problem details checks fail', () => {
  it.each<[string, Check, ExchangeSpec, string]>([
    [
      'application/json',
      problemMediaType,
      problem(400, { title: 'Bad Request', status: 400 }, 'application/json'),
      'expected "Content-Type: application/problem+json", got `application/json`',
    ],
    [
      'not an object',
      problemObject,
      { ...problem(400, undefined), body: 'Bad Request' },
      'expected a JSON object, got a body that is not JSON',
    ],
    [
      'status differs',
      statusMatches,
      problem(401, { title: 'Unauthorized', status: 400 }),
      'expected "status" `401` as sent, got `400`',
    ],
    [
      'title not the phrase',
      aboutBlankTitle,
      problem(400, { type: 'about:blank', title: 'Login failed', status: 400 }),
      'expected "title" `Bad Request` for `400` with `about:blank`, got `Login failed`',
    ],
    [
      'absent type means about:blank',
      aboutBlankTitle,
      problem(401, { title: 'Bad credentials' }),
      'expected "title" `Unauthorized`',
    ],
  ])('%s', (_, check, spec, message) => {
    expect(judge(check, exchange(spec), { profile: 'auth-login' })).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining(message),
    })
  })

  it('fails a title that changes between occurrences of one type', () => {
    const verdict = judge(
      titleStable,
      [
        exchange(
          problem(400, { type: 'https://api.example/problems/login', title: 'Login failed' }),
        ),
        exchange(
          problem(400, {
            type: 'https://api.example/problems/login',
            title: 'Wrong password for alice',
          }),
        ),
      ],
      { profile: 'auth-login' },
    )
    expect(verdict).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('expected "title" `Login failed` again'),
    })
  })
})

describe('problem details checks pass, parsing tolerantly', () => {
  it.each<[string, Check, ExchangeSpec]>([
    [
      'problem+json with charset',
      problemMediaType,
      problem(400, { title: 'Bad Request' }, 'application/problem+json; charset=utf-8'),
    ],
    [
      'an object with extensions',
      problemObject,
      problem(422, { title: 'Unprocessable Content', errors: [{ field: 'username' }] }),
    ],
    ['status equal', statusMatches, problem(400, { title: 'Bad Request', status: 400 })],
    ['status absent', statusMatches, problem(400, { title: 'Bad Request' })],
    [
      'status of the wrong type is ignored (RFC 9457 §3.1)',
      statusMatches,
      problem(400, { title: 'Bad Request', status: '401' }),
    ],
    [
      'the phrase, any case',
      aboutBlankTitle,
      problem(400, { type: 'about:blank', title: 'bad request' }),
    ],
    ['the RFC 7231 phrase', aboutBlankTitle, problem(422, { title: 'Unprocessable Entity' })],
    [
      'a typed problem has its own title',
      aboutBlankTitle,
      problem(400, { type: 'https://api.example/problems/login', title: 'Login failed' }),
    ],
    ['title of the wrong type is ignored', aboutBlankTitle, problem(400, { title: 7 })],
  ])('%s', (_, check, spec) => {
    expect(judge(check, exchange(spec), { profile: 'auth-login' })).toEqual({ outcome: 'pass' })
  })

  it('lets about:blank titles differ by status', () => {
    const verdict = judge(
      titleStable,
      [
        exchange(problem(400, { title: 'Bad Request' })),
        exchange(problem(429, { title: 'Too Many Requests' })),
      ],
      { profile: 'auth-login' },
    )
    expect(verdict).toEqual({ outcome: 'pass' })
  })

  it('applies only to problem-details APIs', () => {
    expect(problemMediaType.notApplicable?.(profile('auth-login'))).toBeUndefined()
    expect(problemMediaType.notApplicable?.(profile('wokelo'))).toContain('RFC 6749 JSON')
  })
})
