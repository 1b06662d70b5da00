import { describe, expect, it } from 'vitest'
import { toJson } from '../../src/report/json.ts'
import { reportSchemaProblems } from '../../src/report/schema.ts'
import { fixtureReport, HOSTILE } from './fixtures/target-report.ts'

describe('toJson', () => {
  it('matches its snapshot', async () => {
    await expect(toJson(fixtureReport)).toMatchFileSnapshot('__snapshots__/report.json')
  })

  it('round-trips: the JSON is the report, every hostile string intact', () => {
    const text = toJson(fixtureReport)
    expect(text.endsWith('}\n')).toBe(true)
    expect(JSON.parse(text)).toEqual(fixtureReport)
    expect(JSON.parse(text).spec.title).toBe(`Acme token API ${HOSTILE}`)
  })

  it('validates against report.schema.json', () => {
    expect(reportSchemaProblems(JSON.parse(toJson(fixtureReport)))).toEqual([])
  })
})

describe('report.schema.json', () => {
  const valid = () => JSON.parse(toJson(fixtureReport)) as Record<string, any>

  it.each([
    [
      'a missing member',
      (r: Record<string, any>) => delete r['totals'],
      "at the report: must have required property 'totals'",
    ],
    [
      'an unknown outcome',
      (r: Record<string, any>) => (r['results'][0].outcome = 'passed'),
      'at `/results/0/outcome`: must be equal to one of the allowed values (pass, fail, warn, note, deviation, skip, not-applicable, error)',
    ],
    [
      'a failure without its message',
      (r: Record<string, any>) => delete r['results'][1].message,
      "at `/results/1`: must have required property 'message'",
    ],
    [
      'a deviation without its quote',
      (r: Record<string, any>) => delete r['results'][3].deviation,
      "at `/results/3`: must have required property 'deviation'",
    ],
    [
      'a member the model does not have',
      (r: Record<string, any>) => (r['exchanges'][0].request.password = 'x'),
      'at `/exchanges/0/request`: must NOT have additional properties "password"',
    ],
    [
      'a standard missing from the totals',
      (r: Record<string, any>) => delete r['totals'].byStandard['RFC 9457'],
      "at `/totals/byStandard`: must have required property 'RFC 9457'",
    ],
    [
      'a header that is not a pair',
      (r: Record<string, any>) => (r['exchanges'][0].request.headers[0] = ['accept']),
      'at `/exchanges/0/request/headers/0`: must NOT have fewer than 2 items',
    ],
    [
      'a start that is not a date-time',
      (r: Record<string, any>) => (r['startedAt'] = 'yesterday'),
      'at `/startedAt`: must match format "date-time"',
    ],
  ])('refuses %s', (_, change, problem) => {
    const report = valid()
    change(report)
    expect(reportSchemaProblems(report)).toContain(problem)
  })
})
