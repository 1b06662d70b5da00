/**
 * Writes docs/report-screenshot.png, the README's picture of report.html: a real run of the
 * auth-login spec against its embedded mock (it has documented deviations and advisories to
 * show), rendered in headless Chromium. Run with `npm run docs:screenshot`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromiumMissing, launchChromium } from './chromium.ts'

if (chromiumMissing !== undefined) throw new Error(chromiumMissing)
const out = mkdtempSync(join(tmpdir(), 'tokencheck-screenshot-'))
const run = spawnSync(
  process.execPath,
  [resolve('bin/tokencheck.js'), 'run', '--spec', 'auth-login', '--report-dir', out],
  { encoding: 'utf8' },
)
if (run.status !== 0)
  throw new Error(`tokencheck run exited ${run.status}:\n${run.stdout}${run.stderr}`)
const target = join(out, 'auth-login')
const html = join(target, readdirSync(target)[0]!, 'report.html')
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1040 } })
  await page.goto(pathToFileURL(html).href)
  await page.screenshot({ path: resolve('docs/report-screenshot.png') })
} finally {
  await browser.close()
}
