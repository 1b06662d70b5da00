import { readFileSync } from 'node:fs'
import { validateXML } from 'xmllint-wasm'
import { describe, expect, it } from 'vitest'
import { toJunit } from '../../src/report/junit.ts'
import { fixtureReport, HOSTILE } from './fixtures/target-report.ts'

const XSD = readFileSync(new URL('schemas/junit.xsd', import.meta.url), 'utf8')

async function validate(xml: string) {
  return validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: XSD }],
  })
}

/** The test case elements, by name, as text. */
function testcases(xml: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const match of xml.matchAll(/<testcase name="([^"]*)"[\s\S]*?<\/testcase>/g)) {
    found.set(match[1]!, match[0])
  }
  return found
}

const unescape = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#10;', '\n')
    .replaceAll('&amp;', '&')

describe('toJunit', () => {
  const xml = toJunit(fixtureReport)

  it('matches its snapshot', async () => {
    await expect(xml).toMatchFileSnapshot('__snapshots__/junit.xml')
  })

  it('is valid against the JUnit XSD', async () => {
    const result = await validate(xml)
    expect(result.errors.map((e) => e.rawMessage)).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('the XSD can fail: a test case without a name, two results, a negative count', async () => {
    const broken = xml
      .replace('<testcase name="rfc6749.5.1.access-token [password.valid]"', '<testcase')
      .replace('tests="13"', 'tests="-1"')
      .replace('<skipped message=', '<failure/><skipped message=')
    const result = await validate(broken)
    expect(result.valid).toBe(false)
    const messages = result.errors.map((e) => e.message).join('\n')
    expect(messages).toContain("The attribute 'name' is required but missing")
    expect(messages).toContain("'-1' is not a valid value")
    expect(messages).toContain("Element 'skipped': This element is not expected")
  })

  it('has one test case per check × scenario, named by check id and scenario, classname the target', () => {
    const cases = testcases(xml)
    expect([...cases.keys()]).toEqual(
      fixtureReport.results.map((r) => `${r.checkId} [${r.scenario}]`),
    )
    for (const text of cases.values()) expect(text).toContain('classname="acme"')
  })

  it('counts tests, failures, errors and skips on the suite', () => {
    expect(xml).toMatch(
      /<testsuite name="acme" tests="13" failures="3" errors="1" skipped="3" time="11\.342" timestamp="2026-03-01T09:00:00\.000Z">/,
    )
  })

  it.each([
    ['rfc6749.5.1.cache-control-no-store [password.valid]', 'failure', 'MUST', 'RFC 6749 §5.1'],
    ['rfc6749.6.refresh-issues-token [refresh.valid]', 'failure', 'MUST', 'RFC 6749 §6'],
    ['spec.response-schema [password.valid]', 'error', 'MUST', 'the spec’s response schemas'],
    ['rfc6749.6.refresh-bound-to-client [refresh.other-client]', 'skipped', 'MUST', 'RFC 6749 §6'],
    [
      'rfc6750.3.no-error-without-credentials [resource.no-token]',
      'system-out',
      'SHOULD',
      'RFC 6750 §3',
    ],
    ['rfc9700.2.4.password-grant [password.valid]', 'system-out', 'ADVISORY', 'RFC 9700 §2.4'],
    ['rfc6749.5.2.error-media-type [grant.unsupported]', 'system-out', 'MUST', 'RFC 6749 §5.2'],
  ])('%s: a <%s>, with level %s and clause %s as properties', (name, element, level, clause) => {
    const text = testcases(xml).get(name)!
    expect(text).toContain(`<${element}`)
    expect(text).toContain(`<property name="level" value="${level}"/>`)
    expect(text).toContain(`<property name="clause" value="${clause}"/>`)
    for (const other of ['failure', 'error', 'skipped'].filter((e) => e !== element)) {
      expect(text).not.toContain(`<${other}`)
    }
  })

  it('a passed check has no result element', () => {
    const text = testcases(xml).get('rfc6749.5.1.access-token [password.valid]')!
    expect(text).not.toMatch(/<(failure|error|skipped|system-out)/)
  })

  it('carries the failure message, the skip reason and the vendor quote', () => {
    const cases = testcases(xml)
    expect(cases.get('rfc6749.5.1.cache-control-no-store [password.valid]')).toContain(
      'message="expected &quot;Cache-Control: no-store&quot;, got `max-age=60`"',
    )
    expect(cases.get('rfc6749.6.refresh-bound-to-client [refresh.other-client]')).toContain(
      '<skipped message="no second client: set TOKENCHECK_CLIENT2_ID and TOKENCHECK_CLIENT2_SECRET"/>',
    )
    expect(unescape(cases.get('rfc6749.5.2.error-media-type [grant.unsupported]')!)).toContain(
      'documented by the vendor (line 41): "Errors are returned as an HTML page <b>for "legacy" clients</b> & browsers."',
    )
  })

  it('escapes hostile text so that it survives, but for the character XML cannot carry', () => {
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain('\u0007')
    const text = unescape(
      testcases(xml).get('rfc6749.5.2.invalid-grant [password.wrong-password]')!,
    )
    expect(text).toContain(HOSTILE.replace('\u0007', '\\u0007'))
  })
})

describe('a check the spec rules out', () => {
  it('is a <skipped> whose message says "not applicable", apart from a skip', () => {
    const xml = toJunit(fixtureReport)
    const cases = testcases(xml)
    expect(cases.get('rfc9457.3.problem-media-type [password.wrong-password]')).toContain(
      '<skipped message="not applicable: the spec documents RFC 6749 errors, not problem details"/>',
    )
    expect(cases.get('rfc6749.6.refresh-bound-to-client [refresh.other-client]')).not.toContain(
      'not applicable',
    )
  })
})
