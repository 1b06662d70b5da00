import type { Exchange, RecordedRequest, RecordedResponse, TokenFacts } from '../http/exchange.ts'
import { escapeHtml as h } from './escape.ts'

/** Bodies longer than this are cut in the page; `transcripts.har` has them whole. */
const BODY_MAX = 64 * 1024

/** Claims that RFC 7519 §4.1 defines as NumericDate: shown as dates too. */
const DATE_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time'])

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

function bodyText(body: string, json: unknown): { text: string; cut: boolean } {
  const text = json === undefined ? body : pretty(json)
  return text.length > BODY_MAX
    ? { text: text.slice(0, BODY_MAX), cut: true }
    : { text, cut: false }
}

function requestText(request: RecordedRequest): string {
  const lines = [`${request.method} ${request.url}`]
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`)
  if (request.body !== undefined) lines.push('', request.body)
  return lines.join('\n')
}

function statusClass(status: number): string {
  return `s${Math.floor(status / 100)}xx`
}

/** One line that names the exchange: method, URL, status or failure, time. */
export function exchangeSummary(exchange: Exchange): string {
  const outcome =
    exchange.response !== undefined
      ? `<span class="status ${statusClass(exchange.response.status)}">${exchange.response.status} ${h(exchange.response.statusText)}</span>`
      : `<span class="status s-failed">no response: ${h(exchange.failure?.kind ?? 'other')}</span>`
  const label = exchange.label === undefined ? '' : ` · ${h(exchange.label)}`
  return `<span class="method">${h(exchange.request.method)}</span> <span class="url">${h(exchange.request.url)}</span> <span class="arrow">→</span> ${outcome} <span class="muted">${h(exchange.id)}${label} · ${Math.round(exchange.durationMs)} ms</span>`
}

function responsePanel(response: RecordedResponse): string {
  const head = [`HTTP ${response.status} ${response.statusText}`]
  for (const [name, value] of response.headers) head.push(`${name}: ${value}`)
  const body = bodyText(response.body, response.json)
  const notes = [
    response.truncated
      ? `the body went over the cap: ${response.bytes} bytes received, the rest not kept`
      : '',
    body.cut ? `shown up to ${BODY_MAX / 1024} KiB; transcripts.har has the body as recorded` : '',
    response.jsonError === undefined ? '' : `the body is not JSON: ${response.jsonError}`,
  ].filter((note) => note !== '')
  return [
    '<div class="panel"><h4>Response</h4>',
    `<pre class="http">${h(head.join('\n'))}${body.text === '' ? '' : `\n\n${h(body.text)}`}</pre>`,
    ...notes.map((note) => `<p class="note">${h(note)}</p>`),
    '</div>',
  ].join('')
}

function claimValue(name: string, value: unknown): string {
  const shown = typeof value === 'string' ? value : pretty(value)
  if (DATE_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value * 1000)
    if (!Number.isNaN(date.getTime())) {
      return `${h(shown)} <span class="muted">${h(date.toISOString().replace('.000Z', 'Z'))}</span>`
    }
  }
  return h(shown)
}

function lifetime(claims: Record<string, unknown>): string {
  const { exp, iat } = claims
  if (typeof exp !== 'number' || typeof iat !== 'number') return ''
  return `<p class="note">"exp" − "iat" = ${exp - iat} s</p>`
}

function tokenPanel(token: TokenFacts): string {
  const facts = [
    `${token.length} characters`,
    `fingerprint <code>${h(token.fingerprint)}</code>`,
    `alphabet ${h(token.alphabet)}`,
    token.vschar ? 'all VSCHAR' : '<strong>not all VSCHAR</strong>',
  ].join(' · ')
  const parts = [
    `<div class="token"><h4>${h(token.field)} <span class="muted">(value redacted)</span></h4>`,
    `<p class="facts">${facts}</p>`,
  ]
  if (token.jwt !== undefined) {
    const claims = Object.entries(token.jwt.claims)
      .map(([name, value]) => `<tr><th>${h(name)}</th><td>${claimValue(name, value)}</td></tr>`)
      .join('')
    const signature =
      token.jwt.signatureBytes === 0
        ? '<strong>unsigned</strong> (no signature)'
        : `${token.jwt.signatureBytes} bytes, elided`
    parts.push(
      '<div class="jwt">',
      `<div><h5>JWT header</h5><pre>${h(pretty(token.jwt.header))}</pre></div>`,
      `<div><h5>JWT claims</h5><table class="claims">${claims}</table>${lifetime(token.jwt.claims)}</div>`,
      `<p class="facts">signature: ${signature}</p>`,
      '</div>',
    )
  }
  parts.push('</div>')
  return parts.join('')
}

/** The request and response (or failure) of an exchange, and its tokens decoded. */
export function exchangeBody(exchange: Exchange): string {
  const parts = [
    '<div class="panels">',
    `<div class="panel"><h4>Request</h4><pre class="http">${h(requestText(exchange.request))}</pre></div>`,
  ]
  if (exchange.response !== undefined) parts.push(responsePanel(exchange.response))
  else {
    parts.push(
      `<div class="panel failure"><h4>No response</h4><p><strong>${h(exchange.failure?.kind ?? 'other')}</strong>: ${h(exchange.failure?.message ?? 'no response was recorded')}</p></div>`,
    )
  }
  parts.push('</div>')
  for (const token of exchange.response?.tokens ?? []) parts.push(tokenPanel(token))
  return parts.join('')
}

/** An exchange as a collapsible block; `id` only for the one copy in the Exchanges section. */
export function exchangeBlock(exchange: Exchange, options: { id?: string; open?: boolean } = {}) {
  const id = options.id === undefined ? '' : ` id="${h(options.id)}"`
  return `<details class="exchange"${id}${options.open === true ? ' open' : ''}><summary>${exchangeSummary(exchange)}</summary>${exchangeBody(exchange)}</details>`
}
