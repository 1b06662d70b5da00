/**
 * Prism's answers as the build records them (src/mock/prism-record.ts) stand for Prism only if
 * its answer to a recorded request depends on nothing the key leaves out. For every bundled spec,
 * each recorded answer is compared with live Prism's answer to the same preference and `Accept`
 * sent the way an application sends it: other path values, a query, a form body, credentials.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadPrism, type Prism } from '../../src/mock/prism.ts'
import {
  recordAnswers,
  recordKey,
  requestsToRecord,
  type PrismRecord,
} from '../../src/mock/prism-record.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'

const SPECS = bundledSpecNames()

describe.each(SPECS)('the recorded Prism answers of %s', (name) => {
  const { profile, document } = loadSpec(name)
  let prism: Prism
  let answers: PrismRecord['answers']

  beforeAll(async () => {
    prism = await loadPrism(document.file)
    answers = await recordAnswers(profile.operations, prism)
  }, 60_000)

  it('cover every documented status of every operation', () => {
    for (const operation of profile.operations) {
      for (const response of operation.responses.filter((r) => /^\d{3}$/.test(r.status))) {
        const key = recordKey(operation, {
          headers: { prefer: `code=${response.status}` },
          query: {},
        })
        expect(
          answers[key!],
          `${operation.method} ${operation.path} ${response.status}`,
        ).toBeDefined()
      }
    }
  })

  it("are live Prism's answers to the same preference sent the way an application sends it", async () => {
    const differences: string[] = []
    for (const operation of profile.operations) {
      for (const recorded of requestsToRecord(operation)) {
        const key = recordKey(operation, recorded)!
        const live = await prism.mock({
          ...recorded,
          path: operation.path.replace(/\{[^}]*\}/g, 'another-value'),
          query: { state: 'abc', __code: '999' },
          headers: {
            ...recorded.headers,
            'content-type': 'application/x-www-form-urlencoded',
            authorization: 'Basic Y2xpZW50OnNlY3JldA==',
            origin: 'http://localhost:5173',
          },
          body: 'grant_type=password&username=alice&password=p%40ss',
        })
        if (JSON.stringify(live) !== JSON.stringify(answers[key]))
          differences.push(
            `${key}: recorded ${JSON.stringify(answers[key])}, live ${JSON.stringify(live)}`,
          )
      }
    }
    expect(differences).toEqual([])
  }, 60_000)
})

describe('a recorded answer', () => {
  const operation = { method: 'post', path: '/token' } as const

  it('is keyed by the preference, whether from Prefer or from the query', () => {
    const fromHeader = recordKey(operation, { headers: { prefer: 'code=401' }, query: {} })
    const fromQuery = recordKey(operation, { headers: {}, query: { __code: '401' } })
    expect(fromHeader).toBeDefined()
    expect(fromQuery).toBe(fromHeader)
  })

  it('is keyed by Accept too', () => {
    const json = recordKey(operation, {
      headers: { prefer: 'code=401', accept: 'application/json' },
      query: {},
    })
    const any = recordKey(operation, { headers: { prefer: 'code=401' }, query: {} })
    expect(json).not.toBe(any)
  })

  it('is never given for generated values or for a request that prefers nothing', () => {
    expect(
      recordKey(operation, { headers: { prefer: 'code=401, dynamic=true' }, query: {} }),
    ).toBeUndefined()
    expect(recordKey(operation, { headers: {}, query: {} })).toBeUndefined()
  })
})
