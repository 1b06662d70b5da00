import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { TokencheckError } from '../errors.ts'
import type { TargetReport } from './model.ts'
import { reportSchemaProblems } from './schema.ts'
import { REPORT_FILES } from './write.ts'

const isRun = (dir: string) => existsSync(join(dir, REPORT_FILES.json))

function subdirs(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory())
}

/** The newest run in a target's folder: run folders are named by their start, so the last by name. */
function newestRun(targetDir: string): string | undefined {
  return subdirs(targetDir)
    .filter(isRun)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .at(-1)
}

/**
 * The run folders a path names: itself when it holds a `report.json`; the newest run when it is a
 * target's folder (`reports/wokelo`); the newest run of each target when it is a reports folder
 * (`reports`).
 */
export function latestRunDirs(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TokencheckError('ERR_USAGE', `no report folder at ${dir}`)
  }
  if (isRun(dir)) return [dir]
  const own = newestRun(dir)
  if (own !== undefined) return [own]
  const runs = subdirs(dir).flatMap((target) => newestRun(target) ?? [])
  if (runs.length === 0) {
    throw new TokencheckError(
      'ERR_USAGE',
      `no ${REPORT_FILES.json} under ${dir}: run \`tokencheck run\` first, or pass --report-dir`,
    )
  }
  return runs.sort()
}

/** Reads a run folder's `report.json`, checked against its schema. */
export function readReport(runDir: string): TargetReport {
  const file = join(runDir, REPORT_FILES.json)
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new TokencheckError('ERR_USAGE', `cannot read ${file}: ${(error as Error).message}`)
  }
  const problems = reportSchemaProblems(data)
  if (problems.length > 0) {
    throw new TokencheckError(
      'ERR_USAGE',
      `${file} is not a tokencheck report:\n${problems
        .slice(0, 5)
        .map((p) => `  ${p}`)
        .join('\n')}`,
    )
  }
  return data as TargetReport
}
