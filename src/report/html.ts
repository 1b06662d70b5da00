import { createHash } from 'node:crypto'
import { LEVELS, OUTCOMES, STANDARDS, type Outcome, type Result } from '../checks/check.ts'
import type { Exchange } from '../http/exchange.ts'
import { escapeHtml as h, richText } from './escape.ts'
import { CSS, SCRIPT } from './html-assets.ts'
import { exchangeBlock } from './html-evidence.ts'
import {
  deviationsSection,
  driftSection,
  evidenceLinks,
  exchangesSection,
  scenariosSection,
} from './html-sections.ts'
import type { CheckRecord, OutcomeCounts, TargetReport } from './model.ts'
import { countOf, OUTCOME_LABELS, OUTCOME_ORDER, scenarioCounts, utcTime } from './totals.ts'

const SHORT: Record<Outcome, string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warning',
  note: 'note',
  deviation: 'deviation',
  'not-applicable': 'not applicable',
  skip: 'skipped',
  error: 'error',
}

/** Outcomes whose evidence is shown in place; a pass or a skip links to it. */
const EVIDENCE_INLINE: ReadonlySet<Outcome> = new Set([
  'fail',
  'warn',
  'note',
  'deviation',
  'error',
])

/** Outcomes whose rows start collapsed in the table of checks. */
const COLLAPSED: ReadonlySet<Outcome> = new Set(['not-applicable'])

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64')

export interface Context {
  report: TargetReport
  exchanges: ReadonlyMap<string, Exchange>
  anchors: ReadonlyMap<string, string>
  checks: ReadonlyMap<string, CheckRecord>
}

/**
 * `report.html`: one self-contained page for an auditor to read and hand to a vendor. Inline CSS
 * and script only, allowed by hash in its Content-Security-Policy, so the page fetches nothing
 * and no text from a target can run. Every string is escaped. Sections: the summary by outcome,
 * standard and level; documentation drift; documented deviations with the vendor page quoted;
 * the filterable, sortable table of checks with each verdict's evidence; the scenarios; every
 * exchange, redacted, with its JWTs decoded (signature elided).
 */
export function toHtml(report: TargetReport): string {
  const ctx: Context = {
    report,
    exchanges: new Map(report.exchanges.map((exchange) => [exchange.id, exchange])),
    anchors: new Map(
      report.exchanges.map((exchange, index) => [exchange.id, `exchange-${index + 1}`]),
    ),
    checks: new Map(report.checks.map((check) => [check.id, check])),
  }
  const failures = report.totals.all.fail
  const title = `tokencheck · ${report.target.name} · ${report.error !== undefined ? 'not judged' : failures === 0 ? 'no MUST failure' : `${failures} MUST failure${failures === 1 ? '' : 's'}`}`
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256(CSS)}'`,
    `script-src 'sha256-${sha256(SCRIPT)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // the policy is ours alone and holds no `"`
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    masthead(report),
    toc(report),
    '<main>',
    summary(report),
    driftSection(ctx),
    deviationsSection(ctx),
    checksSection(ctx),
    scenariosSection(ctx),
    exchangesSection(ctx),
    '</main>',
    `<footer>Written by tokencheck ${h(report.tool.version)}. Passwords, client secrets and tokens are redacted in every exchange; a token is described by its length, alphabet and a fingerprint (the first 16 hex digits of its SHA-256), and a JWT by its header and claims, its signature elided.</footer>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

function masthead(report: TargetReport): string {
  const { target, spec } = report
  const failures = report.totals.all.fail
  const entries: [string, string][] = [
    ['Target', `${target.baseUrl} (${target.kind === 'mock' ? 'embedded mock' : 'real server'})`],
    ['Token endpoint', target.tokenUrl],
    ...(target.protectedResourceUrl === undefined
      ? []
      : [['Protected resource', target.protectedResourceUrl] as [string, string]]),
    ...(target.discoveryUrl === undefined
      ? []
      : [['Discovery document', target.discoveryUrl] as [string, string]]),
    ['Spec', `${spec.name} · ${spec.file}`],
    ['Spec SHA-256', spec.sha256],
    ...(spec.vendorPage === undefined
      ? []
      : [['Vendor page', spec.vendorPage] as [string, string]]),
    ['Started', utcTime(report.startedAt)],
    ['Duration', `${(report.durationMs / 1000).toFixed(1)} s, ${report.exchanges.length} requests`],
  ]
  const { all } = report.totals
  const verdict =
    report.error !== undefined
      ? `<div class="verdict bad">Not judged</div>`
      : failures === 0
        ? `<div class="verdict good">No MUST failure</div>`
        : `<div class="verdict bad">${failures} MUST failure${failures === 1 ? '' : 's'}</div>`
  const notJudged = [
    report.error === undefined
      ? ''
      : `<p class="target-error"><strong>tokencheck could not judge this target:</strong> ${richText(report.error)}</p>`,
    report.diagnosis === undefined
      ? ''
      : `<p class="target-error"><strong>Diagnosis:</strong> ${richText(report.diagnosis)}</p>`,
  ].join('')
  return [
    '<header class="masthead">',
    '<div class="brand">tokencheck conformance report</div>',
    `<h1>${h(spec.title)} <span class="target">· ${h(target.name)}</span></h1>`,
    `<dl class="meta">${entries.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('')}</dl>`,
    `${verdict} <span class="muted">&nbsp;${[
      plural(all.warn, 'warning'),
      plural(all.note, 'note'),
      `${plural(all.deviation, 'deviation')} (excused by ${plural(report.deviations.length, 'documented deviation')})`,
      plural(report.drift.length, 'drift item'),
      `${all.error} could not judge`,
    ].join(' · ')}</span>`,
    notJudged,
    '</header>',
  ].join('\n')
}

function toc(report: TargetReport): string {
  const links: [string, string, number | undefined][] = [
    ['summary', 'Summary', undefined],
    ['drift', 'Documentation drift', report.drift.length],
    ['deviations', 'Documented deviations', report.deviations.length],
    ['checks', 'Checks', report.results.length],
    ['scenarios', 'Scenarios', scenarioCounts(report.scenarios).sent],
    ['exchanges', 'Exchanges', report.exchanges.length],
  ]
  return `<nav class="toc">${links
    .map(
      ([id, label, n]) =>
        `<a href="#${id}">${label}${n === undefined ? '' : ` <span class="count">${n}</span>`}</a>`,
    )
    .join('')}</nav>`
}

function bar(counts: OutcomeCounts): string {
  const total = countOf(counts)
  if (total === 0) return '<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none"></svg>'
  let x = 0
  const rects = [...OUTCOMES]
    .sort((a, b) => OUTCOME_ORDER[a] - OUTCOME_ORDER[b])
    .filter((o) => counts[o] > 0)
    .map((o) => {
      const width = (counts[o] / total) * 100
      const rect = `<rect class="o-${o}" x="${x.toFixed(3)}" y="0" width="${width.toFixed(3)}" height="8"></rect>`
      x += width
      return rect
    })
  return `<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="${h(OUTCOMES.map((o) => `${counts[o]} ${SHORT[o]}`).join(', '))}">${rects.join('')}</svg>`
}

type MatrixRow = readonly [label: string, counts: OutcomeCounts, kind?: 'standard' | 'level']

function matrix(id: string, heading: string, rows: readonly MatrixRow[]): string {
  const head = `<thead><tr><th>${heading}</th>${OUTCOMES.map((o) => `<th class="num o-${o}">${SHORT[o]}</th>`).join('')}<th class="num">total</th><th></th></tr></thead>`
  const body = rows
    .map(([label, counts, kind]) => {
      const attr = kind === undefined ? '' : ` data-filter-${kind}="${h(label)}"`
      const cells = OUTCOMES.map((o) => {
        const n = counts[o]
        if (n === 0) return `<td class="num zero" data-outcome="${o}">0</td>`
        return `<td class="num o-${o}" data-outcome="${o}"><button type="button"${attr} data-filter-outcome="${o}">${n}</button></td>`
      }).join('')
      const rowAttr = kind === undefined ? ' class="total"' : ` data-${kind}="${h(label)}"`
      return `<tr${rowAttr}><th>${h(label)}</th>${cells}<td class="num" data-outcome="total">${countOf(counts)}</td><td class="barcell">${bar(counts)}</td></tr>`
    })
    .join('')
  return `<table class="matrix" id="${id}">${head}<tbody>${body}</tbody></table>`
}

function summary(report: TargetReport): string {
  const { all, byStandard, byLevel } = report.totals
  const order = [...OUTCOMES].sort((a, b) => OUTCOME_ORDER[a] - OUTCOME_ORDER[b])
  const cards = order
    .map(
      (o) =>
        `<button type="button" class="card" data-filter-outcome="${o}" data-card="${o}"><span class="n o-${o}">${all[o]}</span><span class="l">${h(OUTCOME_LABELS[o])}</span></button>`,
    )
    .join('')
  return [
    '<section id="summary">',
    '<h2>Summary</h2>',
    `<p class="lead">${report.results.length} verdicts from ${report.checks.length} checks over ${scenarioCounts(report.scenarios).sent} scenarios sent (${scenarioCounts(report.scenarios).skipped} skipped). A failed MUST is a failure; a failed SHOULD a warning; a failed advisory a note; a failure the spec documents is a deviation, reported, not hidden; a check the spec rules out is not applicable.</p>`,
    `<div class="cards">${cards}</div>`,
    '<div class="matrices">',
    matrix('by-standard', 'Standard', [
      ...STANDARDS.map((s): MatrixRow => [s, byStandard[s], 'standard']),
      ['all', all],
    ]),
    matrix('by-level', 'Level', [
      ...LEVELS.map((l): MatrixRow => [l, byLevel[l], 'level']),
      ['all', all],
    ]),
    '</div>',
    '</section>',
  ].join('\n')
}

/** The verdict's evidence, in a row of its own under the verdict, the table's full width. */
function evidenceRow(ctx: Context, result: Result): string {
  const inner: string[] = []
  if (result.expected !== undefined || result.actual !== undefined) {
    inner.push(
      `<dl class="ea">${result.expected === undefined ? '' : `<dt>expected</dt><dd>${h(result.expected)}</dd>`}${result.actual === undefined ? '' : `<dt>actual</dt><dd>${h(result.actual)}</dd>`}</dl>`,
    )
  }
  if (result.deviation !== undefined) {
    const line = result.deviation.line === undefined ? '' : `, line ${result.deviation.line}`
    inner.push(
      `<blockquote>“${h(result.deviation.quote)}”<cite>${h(ctx.report.spec.vendorPage ?? 'vendor page')}${h(line)} · ${h(result.deviation.clause)}</cite></blockquote>`,
    )
  }
  const inline = EVIDENCE_INLINE.has(result.outcome)
  if (inline) {
    for (const id of result.exchangeIds) {
      const exchange = ctx.exchanges.get(id)
      if (exchange !== undefined) inner.push(exchangeBlock(exchange))
    }
  }
  if (inner.length === 0) return ''
  const ids = result.exchangeIds.length === 0 ? '' : ` · ${result.exchangeIds.map(h).join(', ')}`
  return `<tr class="evidence"><td colspan="7"><details><summary>${inline && result.exchangeIds.length > 0 ? 'Evidence' : 'Details'}${ids}</summary>${inner.join('')}</details></td></tr>`
}

function findingCell(ctx: Context, result: Result): string {
  const links =
    !EVIDENCE_INLINE.has(result.outcome) && result.exchangeIds.length > 0
      ? `<div class="note">Exchanges: ${evidenceLinks(ctx, result.exchangeIds)}</div>`
      : ''
  return `<td class="finding">${result.message === undefined ? '' : richText(result.message)}${links}</td>`
}

function checksSection(ctx: Context): string {
  const { report } = ctx
  const ordered = report.results
    .map((result, index) => ({ result, index }))
    .sort(
      (a, b) =>
        OUTCOME_ORDER[a.result.outcome] - OUTCOME_ORDER[b.result.outcome] || a.index - b.index,
    )
  const levelOrder = Object.fromEntries(LEVELS.map((l, i) => [l, i]))
  const rows = ordered.map(({ result, index }) => {
    const check = ctx.checks.get(result.checkId)
    const search = [
      result.checkId,
      result.scenario,
      result.clause,
      result.standard,
      result.level,
      SHORT[result.outcome],
      check?.title ?? '',
      result.message ?? '',
    ]
      .join(' ')
      .toLowerCase()
    const data = {
      index: String(index),
      outcome: result.outcome,
      standard: result.standard,
      level: result.level,
      search,
      'sort-outcome': String(OUTCOME_ORDER[result.outcome]),
      'sort-check': result.checkId,
      'sort-scenario': result.scenario,
      'sort-clause': result.clause,
      'sort-standard': String(STANDARDS.indexOf(result.standard)),
      'sort-level': String(levelOrder[result.level]),
    }
    const attrs = Object.entries(data)
      .map(([k, v]) => ` data-${k}="${h(v)}"`)
      .join('')
    const evidence = evidenceRow(ctx, result)
    // Not applicable: the spec rules the check out; collapsed until asked for.
    const hidden = COLLAPSED.has(result.outcome) ? ' hidden' : ''
    return `<tbody class="result${evidence === '' ? '' : ' with-evidence'}"${attrs}${hidden}><tr><td><span class="badge o-${result.outcome}">${SHORT[result.outcome]}</span></td><td class="check"><code>${h(result.checkId)}</code>${check === undefined ? '' : `<div class="title">${h(check.title)}</div>`}</td><td><code>${h(result.scenario)}</code></td><td>${h(result.clause)}</td><td>${h(result.standard)}</td><td>${h(result.level)}</td>${findingCell(ctx, result)}</tr>${evidence}</tbody>`
  })
  const collapsed = report.results.filter((r) => COLLAPSED.has(r.outcome)).length
  const th = (key: string, label: string, numeric: boolean) =>
    `<th class="sortable" data-sort="${key}" data-numeric="${numeric}" aria-sort="none"><button type="button">${label}</button></th>`
  const chips = [...OUTCOMES]
    .sort((a, b) => OUTCOME_ORDER[a] - OUTCOME_ORDER[b])
    .map(
      (o) =>
        `<label class="chip"><input type="checkbox" name="outcome" value="${o}"${COLLAPSED.has(o) ? '' : ' checked'}> <span class="o-${o}">${SHORT[o]}</span> <span class="muted">${report.totals.all[o]}</span></label>`,
    )
    .join('')
  const options = (values: readonly string[], all: string) =>
    `<option value="">${all}</option>${values.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join('')}`
  return [
    '<section id="checks">',
    '<h2>Checks</h2>',
    `<p class="lead">Every verdict, worst first. Filter by words, outcome, standard or level; sort by a column. A finding opens on its evidence: the request and response it judged, redacted.${collapsed === 0 ? '' : ` The ${plural(collapsed, 'check')} the spec rules out (not applicable) are collapsed: tick “not applicable” to show them.`}</p>`,
    '<div class="filters js-only">',
    '<input type="search" id="filter-text" placeholder="Filter: check id, scenario, clause or message" aria-label="Filter the checks">',
    chips,
    `<select id="filter-standard" aria-label="Standard">${options(STANDARDS, 'all standards')}</select>`,
    `<select id="filter-level" aria-label="Level">${options(LEVELS, 'all levels')}</select>`,
    `<span id="shown">${report.results.length - collapsed} of ${report.results.length} shown</span>`,
    '</div>',
    '<table id="checks-table">',
    `<thead><tr>${th('Outcome', 'Outcome', true)}${th('Check', 'Check', false)}${th('Scenario', 'Scenario', false)}${th('Clause', 'Clause', false)}${th('Standard', 'Standard', true)}${th('Level', 'Level', true)}<th>Finding</th></tr></thead>`,
    rows.join('\n'),
    '</table>',
    '</section>',
  ].join('\n')
}
