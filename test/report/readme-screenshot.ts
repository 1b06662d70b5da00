/**
 * Writes docs/report-screenshot.png, the README's picture of report.html: the fixture run with
 * its hostile strings taken out, in headless Chromium. Run with `npm run docs:screenshot`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { toHtml } from '../../src/report/html.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { chromiumMissing, launchChromium } from './chromium.ts'
import { fixtureReport, HOSTILE } from './fixtures/target-report.ts'

if (chromiumMissing !== undefined) throw new Error(chromiumMissing)
const hostile = JSON.stringify(HOSTILE).slice(1, -1)
const demo = JSON.parse(
  JSON.stringify(fixtureReport).replaceAll(` ${hostile}`, '').replaceAll(hostile, 'Sam'),
) as TargetReport

const dir = resolve('reports/screenshot')
mkdirSync(dir, { recursive: true })
writeFileSync(join(dir, 'report.html'), toHtml(demo))
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1040 } })
  await page.goto(pathToFileURL(join(dir, 'report.html')).href)
  await page.screenshot({ path: resolve('docs/report-screenshot.png') })
} finally {
  await browser.close()
}
