/**
 * The writers against a real run: `tokencheck run` against a loopback authority with canary
 * credentials, then every writer over the report.json it wrote. The fixture run is hand-built;
 * this one proves the schema and the writers fit what the runner really records.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv from 'ajv'
import addFormatsModule from 'ajv-formats'
import { validateXML } from 'xmllint-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leaksIn } from '../../src/report/leak-guard.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { reportSchemaProblems } from '../../src/report/schema.ts'
import { renderReports, writeReports } from '../../src/report/write.ts'
import { startAuthority, type Authority } from '../support/authority.ts'

const USERNAME = 'c@nary user'
const PASSWORD = 'Cänary pass+word&=/:%'
const CLIENT_ID = 'canary-client'
const CLIENT_SECRET = 'Canary:client/sëcret+&=%"<>'
const SECRETS = {
  values: [PASSWORD, CLIENT_SECRET],
  clients: [{ id: CLIENT_ID, secret: CLIENT_SECRET }],
}
const BIN = new URL('../../bin/tokencheck.js', import.meta.url).pathname
const require = createRequire(import.meta.url)

describe('the writers over a real run with canary credentials', () => {
  let authority: Authority
  let folder: string
  let report: TargetReport
  let rendered: ReturnType<typeof renderReports>

  beforeAll(async () => {
    authority = await startAuthority({
      users: { [USERNAME]: PASSWORD },
      clients: { [CLIENT_ID]: CLIENT_SECRET },
      accessLifetime: 1,
      jwt: true,
    })
    folder = mkdtempSync(join(tmpdir(), 'tokencheck-real-run-'))
    await new Promise<void>((resolve) => {
      execFile(
        process.execPath,
        [
          BIN,
          'run',
          '--spec',
          'rfc6749-password',
          '--base-url',
          authority.url,
          '--report-dir',
          'out',
          '--max-wait',
          '5',
        ],
        {
          cwd: folder,
          env: {
            PATH: process.env['PATH'] ?? '',
            HOME: folder,
            NO_COLOR: '1',
            TOKENCHECK_USERNAME: USERNAME,
            TOKENCHECK_PASSWORD: PASSWORD,
            TOKENCHECK_CLIENT_ID: CLIENT_ID,
            TOKENCHECK_CLIENT_SECRET: CLIENT_SECRET,
          },
        },
        () => resolve(),
      )
    })
    const targetDir = join(folder, 'out', 'rfc6749-password')
    const run = join(targetDir, readdirSync(targetDir)[0]!)
    report = JSON.parse(readFileSync(join(run, 'report.json'), 'utf8')) as TargetReport
    rendered = renderReports(report)
  }, 90_000)

  afterAll(async () => {
    await authority.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it("the runner's report.json matches report.schema.json", () => {
    expect(report.results.length).toBeGreaterThan(100)
    expect(report.exchanges.some((e) => e.response?.tokens.some((t) => t.jwt !== undefined))).toBe(
      true,
    )
    expect(reportSchemaProblems(report)).toEqual([])
  })

  it('no writer leaks a canary, in any encoding', () => {
    for (const [format, text] of Object.entries(rendered)) {
      expect(leaksIn(text, SECRETS), format).toEqual([])
    }
  })

  it('junit.xml is valid against the JUnit XSD, one test case per verdict', async () => {
    const result = await validateXML({
      xml: [{ fileName: 'junit.xml', contents: rendered.junit }],
      schema: [
        {
          fileName: 'junit.xsd',
          contents: readFileSync(new URL('schemas/junit.xsd', import.meta.url), 'utf8'),
        },
      ],
    })
    expect(result.errors.map((e) => e.rawMessage)).toEqual([])
    expect(rendered.junit.match(/<testcase /g)).toHaveLength(report.results.length)
  })

  it('transcripts.har is valid HAR 1.2 with every exchange', () => {
    const ajv = new Ajv.default({ allErrors: true, strict: false })
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'))
    addFormatsModule.default(ajv)
    for (const schema of Object.values(require('har-schema') as Record<string, object>))
      ajv.addSchema(schema)
    const validate = ajv.getSchema('har.json#')!
    const har = JSON.parse(rendered.har)
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true)
    expect(har.log.entries).toHaveLength(report.exchanges.length)
  })

  it('report.md stays short for a PR comment; report.html has a row group per verdict', () => {
    expect(rendered.markdown.length).toBeLessThan(20_000)
    expect(rendered.html.match(/<tbody class="result/g)).toHaveLength(report.results.length)
  })

  it('writeReports writes it, with the secrets checked', () => {
    const written = writeReports(report, join(folder, 'again'), { secrets: SECRETS })
    expect(readdirSync(written.dir)).toHaveLength(5)
  })
})
