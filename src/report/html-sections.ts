import type { Exchange } from '../http/exchange.ts'
import { escapeHtml as h, richText } from './escape.ts'
import type { Context } from './html.ts'
import { exchangeBlock } from './html-evidence.ts'
import type { DriftKind } from './model.ts'
import { SETUP } from '../scenarios/grants.ts'

/** The sections of `report.html` after the summary and the checks. */

const DRIFT_LABELS: Record<DriftKind, string> = {
  'undocumented-status': 'undocumented status',
  'undocumented-media-type': 'undocumented media type',
  'undocumented-field': 'undocumented field',
  'documented-field-never-seen': 'documented field never seen',
  'example-value-differs': 'example value differs',
}

export function evidenceLinks(ctx: Context, ids: readonly string[]): string {
  if (ids.length === 0) return '<span class="muted">none</span>'
  return ids
    .map((id) => {
      const anchor = ctx.anchors.get(id)
      return anchor === undefined
        ? `<code>${h(id)}</code>`
        : `<a href="#${anchor}"><code>${h(id)}</code></a>`
    })
    .join(', ')
}

export function driftSection(ctx: Context): string {
  const { drift } = ctx.report
  const rows = drift
    .map(
      (item) =>
        `<tr data-drift="${item.kind}"><td><span class="drift-kind">${h(DRIFT_LABELS[item.kind])}</span></td><td><code>${h(item.operation)}</code></td><td class="finding">${richText(item.message)}</td><td class="mono">${h(item.documented ?? '')}</td><td class="mono">${h(item.observed ?? '')}</td><td>${evidenceLinks(ctx, item.exchangeIds)}</td></tr>`,
    )
    .join('')
  return [
    '<section id="drift">',
    '<h2>Documentation drift</h2>',
    `<p class="lead">${driftLead(ctx.report)}</p>`,
    drift.length === 0
      ? '<p class="empty">No drift: everything seen is documented, and everything documented was seen.</p>'
      : `<table id="drift-table"><thead><tr><th>Kind</th><th>Operation</th><th>Finding</th><th>Documented</th><th>Observed</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>`,
    '</section>',
  ].join('\n')
}

export function deviationsSection(ctx: Context): string {
  const { report } = ctx
  const page = report.spec.vendorPage ?? 'the spec'
  const blocks = report.deviations.map((deviation) => {
    const turned = report.results.filter(
      (r) => r.outcome === 'deviation' && r.checkId === deviation.check,
    )
    const line = deviation.line === undefined ? '' : `, line ${deviation.line}`
    return [
      `<div class="deviation" data-check="${h(deviation.check)}">`,
      `<div><code>${h(deviation.check)}</code> · ${h(deviation.clause)}</div>`,
      `<blockquote>“${h(deviation.quote)}”<cite>${h(page)}${h(line)}</cite></blockquote>`,
      deviation.description === undefined ? '' : `<p>${h(deviation.description)}</p>`,
      `<p class="note">${turned.length === 0 ? 'No verdict of this run needed it.' : `Turned ${turned.length} failure${turned.length === 1 ? '' : 's'} into deviations: ${turned.map((r) => `<code>${h(r.scenario)}</code>`).join(', ')}.`}</p>`,
      '</div>',
    ].join('')
  })
  return [
    '<section id="deviations">',
    '<h2>Documented deviations</h2>',
    `<p class="lead">Departures from a standard that the spec documents, quoted from ${h(page)}. A check that fails only because of one is reported as a deviation instead of a failure.</p>`,
    blocks.length === 0
      ? '<p class="empty">The spec documents no deviation.</p>'
      : blocks.join('\n'),
    '</section>',
  ].join('\n')
}

export function scenariosSection(ctx: Context): string {
  const rows = ctx.report.scenarios
    .filter((scenario) => scenario.id !== SETUP)
    .map((scenario) => {
      const status =
        scenario.status === 'ran' ? 'o-pass' : scenario.status === 'skipped' ? 'o-skip' : 'o-error'
      return `<tr data-scenario="${h(scenario.id)}"><td><code>${h(scenario.id)}</code></td><td><span class="badge ${status}">${h(scenario.status)}</span></td><td>${richText(scenario.reason ?? '')}</td><td>${evidenceLinks(ctx, scenario.exchangeIds)}</td></tr>`
    })
    .join('')
  return [
    '<section id="scenarios">',
    '<h2>Scenarios</h2>',
    '<p class="lead">The request variants sent. A scenario the target cannot serve is skipped with the reason, never passed. Token requests made only to obtain a token for another scenario are under <code>setup</code> in the exchanges.</p>',
    `<table><thead><tr><th>Scenario</th><th>Status</th><th>Reason</th><th>Exchanges</th></tr></thead><tbody>${rows}</tbody></table>`,
    '</section>',
  ].join('\n')
}

export function exchangesSection(ctx: Context): string {
  const groups = new Map<string, Exchange[]>()
  for (const exchange of ctx.report.exchanges) {
    groups.set(exchange.scenario, [...(groups.get(exchange.scenario) ?? []), exchange])
  }
  const body = [...groups]
    .map(
      ([scenario, exchanges]) =>
        `<div class="scenario-group"><h3>${h(scenario)}</h3>${exchanges.map((e) => exchangeBlock(e, { id: ctx.anchors.get(e.id) ?? '' })).join('')}</div>`,
    )
    .join('\n')
  return [
    '<section id="exchanges">',
    '<h2>Exchanges</h2>',
    '<p class="lead">Every request sent and its response, in order, redacted. The same exchanges are in <code>transcripts.har</code> for a browser’s network panel.</p>',
    body === '' ? '<p class="empty">No request was sent.</p>' : body,
    '</section>',
  ].join('\n')
}

/** What drift means for this target: whose documentation it is, and who should act on it. */
function driftLead(report: Context['report']): string {
  const kinds =
    'statuses and media types it answers with but does not document, documented fields it never sends, fields it sends but does not document, and example values that differ'
  if (report.target.kind === 'mock') {
    return `Where the embedded mock departs from the spec it serves: ${kinds}. The mock is its spec, so drift here is a fault of tokencheck's mock; the run's own settings (a first access token that lives seconds, for the expiry scenario) are not the spec's and are not compared.`
  }
  if (report.spec.vendorPage === undefined) {
    return `Where the target departs from its spec: ${kinds}. These are not RFC failures: the spec, or the server, should change so that they agree.`
  }
  return `Where the target departs from its own spec, the vendor's documentation: ${kinds}. These are not RFC failures; they are what a vendor's documentation should fix first.`
}
