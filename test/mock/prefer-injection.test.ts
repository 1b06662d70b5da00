/**
 * Error injection as in Prism, on every operation of every bundled mock, the token authority's
 * included: `Prefer: code=…` and `?__code=…` force a documented status, `example=…` (and
 * `?__example=`) a named example, whose body comes back as the spec has it. A request without a
 * preference is answered by the authority, never from an example; a status the spec does not
 * document gets a clear 4xx, not a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import type { ExampleInfo, OperationInfo } from '../../src/openapi/operation-info.ts'
import { accessTokenOf, passwordGrant, send } from './token-client.ts'

interface Injection {
  label: string
  op: OperationInfo
  status: number
  mediaType: string | undefined
  example: ExampleInfo | undefined
}

/** Every documented status of every operation, and each of its named examples. */
function injections(name: string): Injection[] {
  const out: Injection[] = []
  for (const op of loadSpec(name).profile.operations) {
    for (const response of op.responses) {
      if (!/^\d{3}$/.test(response.status)) continue
      const status = Number(response.status)
      const media = response.mediaTypes[0]
      const base = `${op.method.toUpperCase()} ${op.path} ${status}`
      out.push({ label: base, op, status, mediaType: media?.mediaType, example: undefined })
      for (const example of media?.examples ?? []) {
        out.push({
          label: `${base} example=${example.name}`,
          op,
          status,
          mediaType: media?.mediaType,
          example,
        })
      }
    }
  }
  return out
}

describe.each(bundledSpecNames())('the %s mock, Prefer and __code', (name) => {
  let mock: RunningMock

  beforeAll(async () => {
    mock = await startMock({ spec: name, log: false })
  })
  afterAll(() => mock.close())

  const check = async (injection: Injection, init: RequestInit, query: string) => {
    const answer = await send(mock, `${injection.op.path}${query}`, {
      method: injection.op.method.toUpperCase(),
      ...init,
    })
    expect(answer.status, answer.text.slice(0, 200)).toBe(injection.status)
    if (injection.mediaType !== undefined) {
      expect(answer.headers.get('content-type')).toContain(injection.mediaType)
    }
    if (injection.example !== undefined && injection.mediaType?.includes('json')) {
      expect(answer.json).toEqual(injection.example.value)
    }
  }

  it.each(injections(name).map((i) => [i.label, i] as const))(
    'Prefer forces %s',
    async (_, injection) => {
      const prefer =
        injection.example === undefined
          ? `code=${injection.status}`
          : `code=${injection.status}, example=${injection.example.name}`
      await check(injection, { headers: { prefer } }, '')
    },
  )

  it.each(injections(name).map((i) => [i.label, i] as const))(
    '__code forces %s',
    async (_, injection) => {
      const example =
        injection.example === undefined
          ? ''
          : `&__example=${encodeURIComponent(injection.example.name)}`
      await check(injection, {}, `?__code=${injection.status}${example}`)
    },
  )

  it('answers the token endpoint itself, with a real JWT, when nothing is preferred', async () => {
    const token = accessTokenOf(await passwordGrant(mock))
    const examples = mock.profile.token.responses
      .find((r) => r.status === '200')!
      .mediaTypes.flatMap((m) => m.examples)
      .map((e) => (e.value as { access_token?: unknown }).access_token)
    expect(examples).not.toContain(token)
    expect(token.split('.')).toHaveLength(3)
  })

  it.each([
    ['a status', 'code=418', 'code=418'],
    ['an example', 'code=400, example=no-such-example', 'example=no-such-example'],
  ])(
    'answers %s the token endpoint does not document with a 4xx naming what it does',
    async (_, prefer, asked) => {
      const answer = await send(mock, mock.profile.token.path, {
        method: 'POST',
        headers: { prefer },
      })
      expect(answer.status).toBe(400)
      expect(answer.text).toContain(asked)
      for (const response of mock.profile.token.responses) {
        expect(answer.text).toContain(response.status)
      }
    },
  )
})
