import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { TokencheckError } from '../errors.ts'
import { toHar } from './har.ts'
import { toHtml } from './html.ts'
import { toJson } from './json.ts'
import { toJunit } from './junit.ts'
import { leaksIn, type KnownSecrets } from './leak-guard.ts'
import { toMarkdown } from './markdown.ts'
import type { TargetReport } from './model.ts'
import { reportSchemaProblems } from './schema.ts'

export const REPORT_FILES = {
  json: 'report.json',
  junit: 'junit.xml',
  html: 'report.html',
  markdown: 'report.md',
  har: 'transcripts.har',
} as const
export type ReportFormat = keyof typeof REPORT_FILES

export interface WrittenReports {
  /** The run's folder, `<root>/<target>/<timestamp>`. */
  dir: string
  /** Each file written, by format. */
  files: Record<ReportFormat, string>
}

/** A target's name as a folder name: anything but letters, digits, `.`, `_` and `-` becomes `-`. */
export function targetDirName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '-') || '-'
}

/** `2026-03-01T09:00:00.000Z` → `2026-03-01T09-00-00-000Z`: in UTC, sorts as time does, no `:`. */
export function timestampDirName(startedAt: string): string {
  const date = new Date(startedAt)
  if (Number.isNaN(date.getTime())) {
    throw new TokencheckError(
      'ERR_INTERNAL',
      `expected an ISO 8601 "startedAt", got \`${startedAt}\``,
    )
  }
  return date.toISOString().replace(/[:.]/g, '-')
}

/** Every report file's text, in memory. */
export function renderReports(report: TargetReport): Record<ReportFormat, string> {
  return {
    json: toJson(report),
    junit: toJunit(report),
    html: toHtml(report),
    markdown: toMarkdown(report),
    har: toHar(report),
  }
}

/**
 * Writes `report.json`, `junit.xml`, `report.html`, `report.md` and `transcripts.har` into
 * `<root>/<target>/<timestamp>/` (a second run in the same second gets `-2`, `-3`…). Nothing is
 * written unless `report.json` matches `report.schema.json` and, when the run's secrets are
 * given, no file holds one in any encoding; either fault is tokencheck's (ERR_INTERNAL), and
 * its message names the file and the encoding, never the secret.
 */
export function writeReports(
  report: TargetReport,
  root: string,
  options: { secrets?: KnownSecrets } = {},
): WrittenReports {
  const rendered = renderReports(report)
  const problems = reportSchemaProblems(JSON.parse(rendered.json))
  if (problems.length > 0) {
    throw new TokencheckError(
      'ERR_INTERNAL',
      `the report of ${report.target.name} does not match report.schema.json, so none was written:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    )
  }
  if (options.secrets !== undefined) {
    const leaks = (Object.keys(REPORT_FILES) as ReportFormat[]).flatMap((format) =>
      leaksIn(rendered[format], options.secrets!).map((leak) => `${REPORT_FILES[format]}: ${leak}`),
    )
    if (leaks.length > 0) {
      throw new TokencheckError(
        'ERR_INTERNAL',
        `a secret escaped redaction, so no report of ${report.target.name} was written (a bug in tokencheck):\n${leaks.map((l) => `  ${l}`).join('\n')}`,
      )
    }
  }
  const base = join(root, targetDirName(report.target.name), timestampDirName(report.startedAt))
  mkdirSync(dirname(base), { recursive: true })
  const dir = createFresh(base)
  const files = {} as Record<ReportFormat, string>
  for (const format of Object.keys(REPORT_FILES) as ReportFormat[]) {
    files[format] = join(dir, REPORT_FILES[format])
    writeFileSync(files[format], rendered[format])
  }
  return { dir, files }
}

/** Creates `base`, or `base-2`, `base-3`… when it exists: a run never writes into another's folder. */
function createFresh(base: string): string {
  for (let n = 1; ; n += 1) {
    const dir = n === 1 ? base : `${base}-${n}`
    try {
      mkdirSync(dir)
      return dir
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}
