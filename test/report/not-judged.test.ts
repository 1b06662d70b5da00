import { readFileSync } from 'node:fs'
import { validateXML } from 'xmllint-wasm'
import { describe, expect, it } from 'vitest'
import { baselineFrom, compareToBaseline } from '../../src/report/baseline.ts'
import { toHtml } from '../../src/report/html.ts'
import { toJson } from '../../src/report/json.ts'
import { toJunit } from '../../src/report/junit.ts'
import { toMarkdown } from '../../src/report/markdown.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { reportSchemaProblems } from '../../src/report/schema.ts'
import { totalsOf } from '../../src/report/totals.ts'
import { fixtureReport } from './fixtures/target-report.ts'

/** A target whose mock never started: no scenario ran, nothing was judged. */
const notJudged: TargetReport = {
  ...fixtureReport,
  scenarios: [],
  exchanges: [],
  results: [],
  drift: [],
  totals: totalsOf([]),
  error: 'the embedded mock did not start: port <in use> & "busy"',
}

describe('a target the run could not judge', () => {
  it('is a valid report.json', () => {
    expect(reportSchemaProblems(JSON.parse(toJson(notJudged)))).toEqual([])
  })

  it('says so at the top of report.html, escaped', () => {
    const html = toHtml(notJudged)
    expect(html).toContain('<div class="verdict bad">Not judged</div>')
    expect(html).toContain(
      '<strong>tokencheck could not judge this target:</strong> the embedded mock did not start: port &lt;in use&gt; &amp; &quot;busy&quot;',
    )
    expect(html).not.toContain('No MUST failure')
  })

  it('says so in report.md', () => {
    const md = toMarkdown(notJudged)
    expect(md.split('\n')[0]).toBe('## tokencheck: acme: ⚠️ not judged')
    expect(md).toContain(
      '**tokencheck could not judge this target:** the embedded mock did not start',
    )
  })

  it('is one test case in error in junit.xml, valid against the XSD', async () => {
    const xml = toJunit(notJudged)
    expect(xml).toContain('tests="1" failures="0" errors="1" skipped="0"')
    expect(xml).toContain(
      '<testcase name="tokencheck [target]" classname="acme" time="0.000"><error message="the embedded mock did not start: port &lt;in use&gt; &amp; &quot;busy&quot;" type="target">',
    )
    const result = await validateXML({
      xml: [{ fileName: 'junit.xml', contents: xml }],
      schema: [
        {
          fileName: 'junit.xsd',
          contents: readFileSync(new URL('schemas/junit.xsd', import.meta.url), 'utf8'),
        },
      ],
    })
    expect(result.errors.map((e) => e.rawMessage)).toEqual([])
  })

  it('fails a baseline comparison, whatever the baseline expects', () => {
    const comparison = compareToBaseline([notJudged], baselineFrom([fixtureReport]))
    expect(comparison.ok).toBe(false)
    expect(comparison.messages[0]).toBe(
      'acme: could not be judged at all: the embedded mock did not start: port <in use> & "busy"',
    )
  })
})
