import { describe, expect, it } from 'vitest'
import type { Result } from '../../src/checks/check.ts'
import type { CheckId } from '../../src/checks/index.ts'
import { toMarkdown, MARKDOWN_MAX_LISTED } from '../../src/report/markdown.ts'
import { totalsOf } from '../../src/report/totals.ts'
import { fixtureReport } from './fixtures/target-report.ts'

describe('toMarkdown', () => {
  const md = toMarkdown(fixtureReport)

  it('matches its snapshot', async () => {
    await expect(md).toMatchFileSnapshot('__snapshots__/report.md')
  })

  it('heads with the target and its MUST failures', () => {
    expect(md.split('\n')[0]).toBe('## tokencheck: acme: ❌ 3 MUST failures')
  })

  it('summarises by standard, the totals row equal to the report totals', () => {
    expect(md).toContain(
      '| standard | passed | failed | warnings | notes | deviations | not applicable | skipped | errors |',
    )
    expect(md).toContain('| RFC 6749 | 1 | 3 |  |  | 1 |  | 1 |  |')
    expect(md).toContain('| **all** | 1 | 3 | 3 | 1 | 1 | 2 | 1 | 1 |')
    expect(md).toContain('| OIDC Discovery |  |  |  |  |  | 1 |  |  |')
    // a standard without a result is left out
    const noDiscovery = fixtureReport.results.filter((r) => r.standard !== 'OIDC Discovery')
    expect(toMarkdown({ ...fixtureReport, totals: totalsOf(noDiscovery) })).not.toContain(
      '| OIDC Discovery |',
    )
  })

  it('lists the failed checks and the one that could not judge, and no other outcome', () => {
    const listed = [...md.matchAll(/^\| `([^`]+)` \| 1: `([^`]+)` \|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    )
    expect(listed).toEqual([
      'rfc6749.5.1.cache-control-no-store password.valid',
      'rfc6749.5.2.invalid-grant password.wrong-password',
      'rfc6749.6.refresh-issues-token refresh.valid',
      'spec.response-schema password.valid',
    ])
    expect(md).toContain('### Failed checks and checks that could not judge (4, on 4 scenarios)')
  })

  it('escapes server text: no HTML, no table break, no mention, no control character', () => {
    expect(md).not.toContain('<script>')
    expect(md).toContain('\\<script\\>')
    expect(md).not.toMatch(/[^\\]\| pipe/)
    expect(md).not.toContain('@channel')
    expect(md).toContain('@\u2060channel')
    expect(md).not.toContain('\u0007')
    // every table row keeps its four cells
    for (const line of md.split('\n').filter((l) => l.startsWith('| `'))) {
      expect(line.replace(/\\\|/g, '').split('|').length - 2).toBe(4)
    }
  })

  it('caps the failures listed and counts the rest, staying short for a PR comment', () => {
    const many: Result[] = Array.from({ length: 400 }, (_, index) => ({
      checkId: `rfc6749.5.1.check-${index}` as CheckId,
      scenario: 'password.valid',
      clause: 'RFC 6749 §5.1',
      standard: 'RFC 6749',
      level: 'MUST',
      outcome: 'fail',
      message: `expected something, got ${'x'.repeat(1000)}`,
      exchangeIds: [],
    }))
    const big = toMarkdown({ ...fixtureReport, results: many, totals: totalsOf(many) })
    expect(big.match(/^\| `rfc6749\.5\.1\.check-/gm)).toHaveLength(MARKDOWN_MAX_LISTED)
    expect(big).toContain(
      `…and ${400 - MARKDOWN_MAX_LISTED} more failed checks: see \`report.html\`.`,
    )
    expect(big.length).toBeLessThan(16_000)
  })

  it('says so when no MUST failed, and lists nothing', () => {
    const passing = fixtureReport.results.filter(
      (r) => r.outcome !== 'fail' && r.outcome !== 'error',
    )
    const md = toMarkdown({ ...fixtureReport, results: passing, totals: totalsOf(passing) })
    expect(md.split('\n')[0]).toBe('## tokencheck: acme: ✅ no MUST failure')
    expect(md).not.toContain('### Failed')
  })
})

describe('failures grouped by check', () => {
  it('one row per check, with how many scenarios it failed on, and which', () => {
    const failure = fixtureReport.results.find((r) => r.outcome === 'fail')!
    const scenarios = [
      'password.valid',
      'refresh.valid',
      'resource.valid-token',
      'scope.invalid',
    ] as const
    const results = scenarios.map((scenario) => ({ ...failure, scenario }))
    const md = toMarkdown({ ...fixtureReport, results, totals: totalsOf(results) })
    const rows = md.split('\n').filter((line) => line.startsWith(`| \`${failure.checkId}\``))
    expect(rows).toEqual([
      `| \`${failure.checkId}\` | 4: \`password.valid\`, \`refresh.valid\`, \`resource.valid-token\`, … | RFC 6749 §5.1 | expected "Cache-Control: no-store", got \\\`max-age=60\\\` |`,
    ])
    expect(md).toContain('### Failed checks (1, on 4 scenarios)')
  })
})
