import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { toHtml } from '../../src/report/html.ts'
import { totalsOf } from '../../src/report/totals.ts'
import { fixtureReport, HOSTILE } from './fixtures/target-report.ts'

const html = toHtml(fixtureReport)

const between = (text: string, open: string, close: string) => {
  const start = text.indexOf(open) + open.length
  return text.slice(start, text.indexOf(close, start))
}

describe('toHtml', () => {
  it('matches its snapshot', async () => {
    await expect(html).toMatchFileSnapshot('__snapshots__/report.html')
  })

  it('fetches nothing: no src, href, url() or @import that leaves the page', () => {
    // an attribute in a tag: escaped text has no `<`
    expect(html).not.toMatch(/<[^>]*\ssrc\s*=/i)
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i)
    expect(html).not.toMatch(/@import|url\(/i)
    const hrefs = [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => m[1])
    expect(hrefs.length).toBeGreaterThan(0)
    for (const href of hrefs) expect(href).toMatch(/^#[\w-]+$/)
  })

  it('allows exactly its own style and script, by hash, in its Content-Security-Policy', () => {
    const csp = between(html, '<meta http-equiv="Content-Security-Policy" content="', '"')
    const style = between(html, '<style>', '</style>')
    const script = between(html, '<script>', '</script>')
    const hash = (text: string) => createHash('sha256').update(text).digest('base64')
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`)
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`)
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html.match(/<style/g)).toHaveLength(1)
  })

  it('escapes every hostile string: none appears raw, each appears escaped', () => {
    expect(html).not.toContain(HOSTILE)
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('<b>for')
    expect(html).not.toContain('<img')
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; ]]&gt;',
    )
    expect(html).toContain('&lt;b&gt;for &quot;legacy&quot; clients&lt;/b&gt; &amp; browsers.')
    expect(html).toContain('&lt;img src=&quot;https://tracker.acme.invalid/p.gif&quot;&gt;')
  })

  it('puts documentation drift and deviations before the table of checks', () => {
    const order = ['id="summary"', 'id="drift"', 'id="deviations"', 'id="checks"', 'id="exchanges"']
    const positions = order.map((marker) => html.indexOf(marker))
    expect(positions.every((p) => p > 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(html.match(/<tr data-drift="/g)).toHaveLength(fixtureReport.drift.length)
  })

  it('quotes the vendor page for each deviation, with the page and line', () => {
    const section = between(html, 'id="deviations"', '</section>')
    expect(section).toContain('<code>rfc6749.5.2.error-media-type</code> · RFC 6749 §5.2')
    expect(section).toContain('<cite>acme-token.txt, line 41</cite>')
    expect(section).toContain('Turned 1 failure into deviations: <code>grant.unsupported</code>.')
  })

  it('has one table row group per verdict, worst first', () => {
    const outcomes = [
      ...html.matchAll(/<tbody class="result[^"]*" data-index="\d+" data-outcome="([\w-]+)"/g),
    ].map((m) => m[1])
    expect(outcomes).toEqual([
      'fail',
      'fail',
      'fail',
      'error',
      'warn',
      'warn',
      'warn',
      'deviation',
      'note',
      'skip',
      'pass',
      'not-applicable',
      'not-applicable',
    ])
  })

  it('shows each exchange once in the Exchanges section, with a stable anchor', () => {
    const section = between(html, 'id="exchanges"', '</section>')
    for (const [index] of fixtureReport.exchanges.entries()) {
      expect(section.match(new RegExp(`id="exchange-${index + 1}"`, 'g'))).toHaveLength(1)
    }
    expect(html.match(/ id="exchange-\d+"/g)).toHaveLength(fixtureReport.exchanges.length)
  })

  it('decodes the JWT: header, claims with dates, signature elided; token values never shown', () => {
    expect(html).toContain('&quot;alg&quot;: &quot;RS256&quot;')
    expect(html).toContain(
      '<tr><th>exp</th><td>1772359200 <span class="muted">2026-03-01T10:00:00Z</span></td></tr>',
    )
    expect(html).toContain('"exp" − "iat" = 3600 s')
    expect(html).toContain('signature: 256 bytes, elided')
    expect(html).toContain('access_token <span class="muted">(value redacted)</span>')
  })

  it('shows a timeout as no response, with its reason', () => {
    expect(html).toContain(
      '<h4>No response</h4><p><strong>timeout</strong>: no response within 10 s</p>',
    )
  })

  it('says when there is no drift and no deviation', () => {
    const clean = toHtml({
      ...fixtureReport,
      drift: [],
      deviations: [],
      results: [],
      totals: totalsOf([]),
    })
    expect(clean).toContain(
      'No drift: everything seen is documented, and everything documented was seen.',
    )
    expect(clean).toContain('The spec documents no deviation.')
    expect(clean).toContain('<div class="verdict good">No MUST failure</div>')
  })
})

describe('wording that fits the spec', () => {
  const drift = (report: typeof fixtureReport) =>
    between(between(toHtml(report), 'id="drift"', '</section>'), '<p class="lead">', '</p>')
  it('a vendor page: drift is what its documentation should fix', () => {
    expect(drift(fixtureReport)).toContain("what a vendor's documentation should fix first")
  })
  it('no vendor page (a plain RFC spec): no vendor is asked to fix anything', () => {
    const { vendorPage: _, ...spec } = fixtureReport.spec
    const text = drift({ ...fixtureReport, spec })
    expect(text).not.toMatch(/vendor/i)
    expect(text).toContain('the spec, or the server, should change')
  })
  it("an embedded mock: drift is the mock's fault, and the run's short lifetime is not compared", () => {
    const text = drift({ ...fixtureReport, target: { ...fixtureReport.target, kind: 'mock' } })
    expect(text).toContain("a fault of tokencheck's mock")
    expect(text).not.toContain('vendor')
  })
  it("renders a scenario's reason with its backticks as code, escaped", () => {
    const scenarios = [
      { id: 'refresh.valid', status: 'skipped' as const, reason: 'no `<b>` here', exchangeIds: [] },
    ]
    const text = between(toHtml({ ...fixtureReport, scenarios }), 'id="scenarios"', '</section>')
    expect(text).toContain('no <code>&lt;b&gt;</code> here')
  })
})
