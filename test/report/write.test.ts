import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isTokencheckError } from '../../src/errors.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { reportSchemaProblems } from '../../src/report/schema.ts'
import {
  REPORT_FILES,
  renderReports,
  targetDirName,
  timestampDirName,
  writeReports,
} from '../../src/report/write.ts'
import { fixtureReport } from './fixtures/target-report.ts'

const roots: string[] = []
function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'tokencheck-reports-'))
  roots.push(root)
  return root
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected it to throw')
}

describe('writeReports', () => {
  it('writes the five files into <root>/<target>/<timestamp>/, each what its writer renders', () => {
    const root = freshRoot()
    const written = writeReports(fixtureReport, root)
    expect(written.dir).toBe(join(root, 'acme', '2026-03-01T09-00-00-000Z'))
    expect(readdirSync(written.dir).sort()).toEqual(Object.values(REPORT_FILES).sort())
    const rendered = renderReports(fixtureReport)
    for (const [format, file] of Object.entries(written.files)) {
      expect(readFileSync(file, 'utf8')).toBe(rendered[format as keyof typeof rendered])
    }
  })

  it('report.json as written validates against report.schema.json', () => {
    const written = writeReports(fixtureReport, freshRoot())
    expect(reportSchemaProblems(JSON.parse(readFileSync(written.files.json, 'utf8')))).toEqual([])
  })

  it('never writes into the folder of another run started at the same moment', () => {
    const root = freshRoot()
    const dirs = [1, 2, 3].map(() => writeReports(fixtureReport, root).dir)
    expect(dirs.map((d) => d.slice(root.length))).toEqual([
      '/acme/2026-03-01T09-00-00-000Z',
      '/acme/2026-03-01T09-00-00-000Z-2',
      '/acme/2026-03-01T09-00-00-000Z-3',
    ])
  })

  it('writes nothing when the report does not match its schema, and says where', () => {
    const root = freshRoot()
    const broken = { ...fixtureReport, durationMs: -1 } as TargetReport
    const error = thrown(() => writeReports(broken, root))
    expect(isTokencheckError(error, 'ERR_INTERNAL')).toBe(true)
    expect((error as Error).message).toContain('at `/durationMs`: must be >= 0')
    expect(readdirSync(root)).toEqual([])
  })

  it.each([
    ['a/b', 'a-b'],
    ['../up', '--up'],
    ['wso2 api cloud', 'wso2-api-cloud'],
    ['', '-'],
  ])('target %j becomes the folder %j', (name, dir) => {
    expect(targetDirName(name)).toBe(dir)
  })

  it('names the run folder by its start, in UTC, without colons', () => {
    expect(timestampDirName('2026-03-01T10:00:00.123+01:00')).toBe('2026-03-01T09-00-00-123Z')
  })
})
