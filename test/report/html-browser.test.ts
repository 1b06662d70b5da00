import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LEVELS, OUTCOMES, STANDARDS } from '../../src/checks/check.ts'
import { toHtml } from '../../src/report/html.ts'
import { toJson } from '../../src/report/json.ts'
import type { TargetReport } from '../../src/report/model.ts'
import { chromiumMissing, launchChromium } from './chromium.ts'
import { fixtureReport } from './fixtures/target-report.ts'

const OUT = resolve('reports/browser-test')

if (chromiumMissing !== undefined)
  console.warn(`skipping the HTML report's browser tests: ${chromiumMissing}`)

describe.skipIf(chromiumMissing !== undefined)(
  `report.html in headless Chromium${chromiumMissing === undefined ? '' : ` (skipped: ${chromiumMissing})`}`,
  () => {
    let browser: Browser
    let page: Page
    const requests: string[] = []
    const problems: string[] = []
    const fileUrl = pathToFileURL(join(OUT, 'report.html')).href
    const json = JSON.parse(toJson(fixtureReport)) as TargetReport

    beforeAll(async () => {
      mkdirSync(OUT, { recursive: true })
      writeFileSync(join(OUT, 'report.html'), toHtml(fixtureReport))
      browser = await launchChromium()
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
      page.on('request', (request) => void requests.push(request.url()))
      page.on('pageerror', (error) => void problems.push(`page error: ${error.message}`))
      page.on('dialog', (dialog) => {
        problems.push(`a dialog opened: ${dialog.message()}`)
        void dialog.dismiss()
      })
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`)
      })
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP blocked ${event.violatedDirective} ${event.blockedURI}`)
        })
      })
      await page.goto(fileUrl)
    })

    afterAll(async () => {
      await browser?.close()
    })

    const visible = () =>
      page.$$eval('#checks-table tbody.result:not([hidden])', (rows) =>
        rows.map(
          (row) =>
            `${(row as HTMLElement).dataset['outcome']} ${(row as HTMLElement).dataset['sortCheck']}`,
        ),
      )

    it('loads with no request but the page itself, no CSP violation, no script error, no dialog', () => {
      expect(requests).toEqual([fileUrl])
      expect(problems).toEqual([])
    })

    it('shows the summary numbers of report.json, by standard, by level and overall', async () => {
      const cell = (table: string, row: string, outcome: string) =>
        page.$eval(
          `#${table} tr[data-${table === 'by-standard' ? 'standard' : 'level'}="${row}"] td[data-outcome="${outcome}"]`,
          (td) => Number(td.textContent),
        )
      for (const standard of STANDARDS) {
        for (const outcome of OUTCOMES) {
          expect(await cell('by-standard', standard, outcome), `${standard} ${outcome}`).toBe(
            json.totals.byStandard[standard][outcome],
          )
        }
      }
      for (const level of LEVELS) {
        for (const outcome of OUTCOMES) {
          expect(await cell('by-level', level, outcome), `${level} ${outcome}`).toBe(
            json.totals.byLevel[level][outcome],
          )
        }
      }
      for (const outcome of OUTCOMES) {
        const card = await page.$eval(`[data-card="${outcome}"] .n`, (n) => Number(n.textContent))
        expect(card, outcome).toBe(json.totals.all[outcome])
      }
      // The two checks the spec rules out start collapsed.
      expect(await page.$eval('#shown', (s) => s.textContent)).toBe(
        `${json.results.length - 2} of ${json.results.length} shown`,
      )
    })

    it('filters by words', async () => {
      await page.fill('#filter-text', 'cache-control')
      expect(await visible()).toEqual(['fail rfc6749.5.1.cache-control-no-store'])
      await page.fill('#filter-text', 'wrong-password 403')
      expect(await visible()).toEqual([
        'fail rfc6749.5.2.invalid-grant',
        'warn spec.status-documented',
      ])
      await page.fill('#filter-text', '')
      expect(await visible()).toHaveLength(json.results.length - 2)
    })

    it('filters by outcome, standard and level', async () => {
      for (const outcome of OUTCOMES.filter((o) => o !== 'warn')) {
        await page.uncheck(`input[name=outcome][value=${outcome}]`)
      }
      expect(await visible()).toEqual([
        'warn rfc6750.3.no-error-without-credentials',
        'warn rfc9068.2.1.typ-at-jwt',
        'warn spec.status-documented',
      ])
      await page.selectOption('#filter-standard', 'RFC 9068')
      expect(await visible()).toEqual(['warn rfc9068.2.1.typ-at-jwt'])
      expect(await page.$eval('#shown', (s) => s.textContent)).toBe(
        `1 of ${json.results.length} shown`,
      )
      for (const outcome of OUTCOMES) await page.check(`input[name=outcome][value=${outcome}]`)
      await page.selectOption('#filter-standard', '')
      await page.selectOption('#filter-level', 'ADVISORY')
      expect(await visible()).toEqual(['note rfc9700.2.4.password-grant'])
      await page.selectOption('#filter-level', '')
      expect(await visible()).toHaveLength(json.results.length)
    })

    it('a number in the summary shows those verdicts', async () => {
      await page.click('#by-standard tr[data-standard="RFC 6749"] td[data-outcome="fail"] button')
      expect(await visible()).toEqual([
        'fail rfc6749.5.1.cache-control-no-store',
        'fail rfc6749.5.2.invalid-grant',
        'fail rfc6749.6.refresh-issues-token',
      ])
      await page.click('[data-card="skip"]')
      expect(await visible()).toEqual(['skip rfc6749.6.refresh-bound-to-client'])
      await page.click('[data-card="not-applicable"]')
      expect(await visible()).toEqual([
        'not-applicable oidc-discovery.4.document',
        'not-applicable rfc9457.3.problem-media-type',
      ])
      for (const outcome of OUTCOMES) await page.check(`input[name=outcome][value=${outcome}]`)
    })

    it('sorts by a column, both ways, and back by outcome', async () => {
      const checks = async () => (await visible()).map((row) => row.split(' ')[1]!)
      const ids = json.results.map((r) => r.checkId)
      await page.click('th[data-sort="Check"] button')
      expect(await checks()).toEqual([...ids].sort((a, b) => a.localeCompare(b)))
      expect(await page.getAttribute('th[data-sort="Check"]', 'aria-sort')).toBe('ascending')
      await page.click('th[data-sort="Check"] button')
      expect(await checks()).toEqual([...ids].sort((a, b) => b.localeCompare(a)))
      expect(await page.getAttribute('th[data-sort="Check"]', 'aria-sort')).toBe('descending')
      await page.click('th[data-sort="Outcome"] button')
      const outcomes = (await visible()).map((row) => row.split(' ')[0])
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

    it('opens an exchange when its link is followed', async () => {
      await page.click('#scenarios a[href="#exchange-4"]')
      expect(await page.$eval('#exchange-4', (d) => (d as HTMLDetailsElement).open)).toBe(true)
      expect(await page.$eval('#exchange-4', (d) => d.textContent)).toContain(
        'no response within 10 s',
      )
    })

    it('saves a screenshot under reports/', async () => {
      await page.evaluate(() => window.scrollTo(0, 0))
      const shot = await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true })
      expect(shot.length).toBeGreaterThan(10_000)
      expect(problems).toEqual([])
    })
  },
)
