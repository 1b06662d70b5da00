/**
 * The Wogeez mock's sign-in page in headless Chromium, as a frontend developer's app uses it: the
 * app (here a loopback callback server on its own port) sends the browser to the authorization
 * URL openid-client builds; the page loads with nothing blocked by its CSP and nothing fetched
 * from elsewhere; a wrong password shows a message; the right one lands on the app's callback
 * with a code that openid-client redeems.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as oidc from 'openid-client'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMock, type RunningMock } from '../../src/mock/index.ts'
import { chromiumMissing, launchChromium } from '../report/chromium.ts'

if (chromiumMissing !== undefined)
  console.warn(`skipping the sign-in page's browser test: ${chromiumMissing}`)

describe.skipIf(chromiumMissing !== undefined)('the sign-in page in headless Chromium', () => {
  let mock: RunningMock
  let app: Server
  let redirectUri: string
  let config: oidc.Configuration
  let browser: Browser
  let page: Page
  const requests: string[] = []
  const problems: string[] = []

  beforeAll(async () => {
    mock = await startMock({ spec: 'wogeez', log: false })
    app = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<!doctype html><title>signed in</title><p>back in the app</p>')
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
    redirectUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`
    config = await oidc.discovery(
      new URL(`${mock.url}/realms/wogeez`),
      'wogeez-api',
      undefined,
      oidc.None(),
      { execute: [oidc.allowInsecureRequests] },
    )
    browser = await launchChromium()
    page = await browser.newPage()
    page.on('request', (request) => void requests.push(request.url()))
    page.on('pageerror', (error) => void problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP blocked ${event.violatedDirective} ${event.blockedURI}`)
      })
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => app?.close(resolve))
    await mock?.close()
  })

  it('signs in through the form and comes back with a code the library redeems', async () => {
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    })
    await page.goto(url.href)
    expect(await page.title()).toBe('Sign in to wogeez')
    // The page lists the default users, the vendor page's example user first.
    expect(await page.locator('li code').first().textContent()).toBe(mock.credentials.username)

    await page.fill('#username', mock.credentials.username)
    await page.fill('#password', 'not the password')
    await page.click('button[type=submit]')
    expect(await page.locator('[role=alert]').textContent()).toBe(
      'The username or password is incorrect.',
    )

    await page.fill('#password', mock.credentials.password)
    await Promise.all([
      page.waitForURL((at) => at.href.startsWith(redirectUri)),
      page.click('button[type=submit]'),
    ])
    const callback = new URL(page.url())
    expect(callback.searchParams.get('state')).toBe(state)
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    expect(tokens.claims()?.sub).toBe(mock.credentials.username)

    expect(problems).toEqual([])
    const elsewhere = requests.filter(
      (request) => !request.startsWith(mock.url) && !request.startsWith(redirectUri),
    )
    expect(elsewhere).toEqual([])
  }, 60_000)
})
