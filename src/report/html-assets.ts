/**
 * The page's only style sheet and script, inlined: a report is one file that fetches nothing.
 * The Content-Security-Policy of the page allows exactly these two, by hash.
 */

export const CSS = `
:root {
  --ink: #1d2939; --muted: #667085; --line: #e4e7ec; --paper: #ffffff; --wash: #f8f9fb;
  --accent: #2f4b9a;
  --pass: #067647; --pass-bg: #ecfdf3; --fail: #b42318; --fail-bg: #fef3f2;
  --warn: #b54708; --warn-bg: #fffaeb; --note: #175cd3; --note-bg: #eff8ff;
  --deviation: #6941c6; --deviation-bg: #f4f3ff; --skip: #475467; --skip-bg: #f2f4f7;
  --error: #c11574; --error-bg: #fdf2fa;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: var(--wash); }
code, pre, .mono { font-family: var(--mono); font-size: 13px; }
a { color: var(--accent); }
header.masthead { background: #16213e; color: #fff; padding: 28px 40px 24px; }
.brand { font-size: 12px; letter-spacing: .12em; text-transform: uppercase; opacity: .7; }
h1 { margin: 4px 0 14px; font-size: 26px; line-height: 1.25; font-weight: 650; overflow-wrap: anywhere; }
h1 .target { opacity: .65; font-weight: 400; }
dl.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 6px 28px; margin: 0; font-size: 13px; }
dl.meta div { min-width: 0; }
dl.meta dt { opacity: .65; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.verdict { margin-top: 18px; display: inline-block; padding: 6px 14px; border-radius: 999px; font-weight: 600; }
.verdict.bad { background: var(--fail); color: #fff; }
.verdict.good { background: var(--pass); color: #fff; }
.target-error { margin: 14px 0 0; padding: 10px 14px; background: var(--fail-bg); color: var(--fail); border-radius: 8px; max-width: 70em; }
nav.toc { position: sticky; top: 0; z-index: 5; background: var(--paper); border-bottom: 1px solid var(--line); padding: 10px 40px; display: flex; gap: 22px; flex-wrap: wrap; font-size: 14px; }
nav.toc a { text-decoration: none; color: var(--ink); }
nav.toc a:hover { color: var(--accent); }
nav.toc .count { color: var(--muted); }
main { padding: 8px 40px 60px; max-width: 1400px; }
section { margin-top: 30px; }
h2 { font-size: 20px; margin: 0 0 4px; }
h2 + p.lead { margin-top: 0; color: var(--muted); max-width: 70em; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0 18px; }
.card { min-width: 118px; padding: 10px 14px; border-radius: 10px; border: 1px solid var(--line); background: var(--paper); text-align: left; font: inherit; color: inherit; cursor: pointer; }
.card .n { display: block; font-size: 26px; font-weight: 700; line-height: 1.1; }
.card .l { font-size: 13px; color: var(--muted); }
.card:hover { border-color: var(--accent); }
.matrices { display: grid; gap: 16px; max-width: 1000px; }
table.matrix th:first-child { width: 10em; }
table.matrix td.barcell { width: 180px; vertical-align: middle; }
table { border-collapse: collapse; width: 100%; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--wash); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
table.matrix td.num, table.matrix th.num { text-align: right; width: 4.5em; font-variant-numeric: tabular-nums; }
table.matrix td.num button { font: inherit; border: 0; background: none; color: inherit; cursor: pointer; padding: 0; font-weight: 600; }
table.matrix td.zero { color: #c0c5cf; }
table.matrix tr.total th, table.matrix tr.total td { font-weight: 700; border-top: 2px solid var(--line); }
svg.bar { display: block; width: 100%; height: 10px; border-radius: 5px; overflow: hidden; background: var(--skip-bg); }
.o-pass { color: var(--pass); } .o-fail { color: var(--fail); } .o-warn { color: var(--warn); } .o-note { color: var(--note); }
.o-deviation { color: var(--deviation); } .o-skip, .o-not-applicable { color: var(--skip); } .o-error { color: var(--error); }
svg .o-pass { fill: var(--pass); } svg .o-fail { fill: var(--fail); } svg .o-warn { fill: #f79009; } svg .o-note { fill: #53b1fd; }
svg .o-deviation { fill: #9e77ed; } svg .o-skip { fill: #d0d5dd; } svg .o-not-applicable { fill: #eaecf0; } svg .o-error { fill: var(--error); }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
.badge.o-pass { background: var(--pass-bg); } .badge.o-fail { background: var(--fail-bg); } .badge.o-warn { background: var(--warn-bg); }
.badge.o-note { background: var(--note-bg); } .badge.o-deviation { background: var(--deviation-bg); } .badge.o-skip, .badge.o-not-applicable { background: var(--skip-bg); }
.badge.o-error { background: var(--error-bg); }
.empty { color: var(--muted); font-style: italic; }
.drift-kind { font-size: 12px; font-weight: 600; color: var(--warn); white-space: nowrap; }
blockquote { margin: 8px 0; padding: 8px 14px; border-left: 4px solid var(--deviation); background: var(--deviation-bg); border-radius: 0 6px 6px 0; }
blockquote cite { display: block; font-size: 12px; color: var(--muted); font-style: normal; margin-top: 4px; }
.deviation { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 10px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; margin: 12px 0; padding: 10px 12px; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; }
.filters input[type=search] { flex: 1 1 260px; padding: 6px 10px; border: 1px solid #d0d5dd; border-radius: 6px; font: inherit; }
.filters select { padding: 5px 8px; border: 1px solid #d0d5dd; border-radius: 6px; font: inherit; background: #fff; }
.filters label.chip { display: inline-flex; align-items: center; gap: 4px; font-size: 13px; cursor: pointer; }
#shown { color: var(--muted); font-size: 13px; margin-left: auto; }
html:not(.js) .js-only { display: none; }
th.sortable button { all: unset; cursor: pointer; }
th.sortable button::after { content: " ↕"; opacity: .35; }
th[aria-sort=ascending] button::after { content: " ↑"; opacity: 1; }
th[aria-sort=descending] button::after { content: " ↓"; opacity: 1; }
#checks-table td.check code { font-weight: 600; }
#checks-table .title { color: var(--muted); font-size: 13px; }
#checks-table tbody[hidden] { display: none; }
#checks-table tbody.with-evidence > tr:first-child > td { border-bottom: 0; }
#checks-table tr.evidence > td { padding-top: 0; }
#checks-table tr.evidence summary { color: var(--accent); font-size: 13px; }
.finding { overflow-wrap: anywhere; }
.finding code, td.mono code { background: #f2f4f7; padding: 0 4px; border-radius: 4px; font-size: 12.5px; }
details > summary { cursor: pointer; }
.finding .note { font-size: 12px; color: var(--muted); margin-top: 4px; }
.ea { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; font-size: 13px; }
.ea dt { color: var(--muted); } .ea dd { margin: 0; font-family: var(--mono); overflow-wrap: anywhere; }
details.exchange { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; }
details.exchange > summary { padding: 8px 12px; font-size: 13px; overflow-wrap: anywhere; }
details.exchange[open] > summary { border-bottom: 1px solid var(--line); }
.method { font-weight: 700; font-family: var(--mono); }
.url { font-family: var(--mono); }
.arrow { color: var(--muted); }
.status { font-weight: 600; font-family: var(--mono); }
.s2xx { color: var(--pass); } .s3xx { color: var(--note); } .s4xx { color: var(--warn); } .s5xx, .s-failed { color: var(--fail); }
.muted { color: var(--muted); font-weight: 400; }
.panels { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; padding: 12px; }
@media (max-width: 900px) { .panels { grid-template-columns: 1fr; } }
.token h4 { margin: 0 0 6px; font: 600 13px var(--mono); }
.panel h4 { margin: 0 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
pre { margin: 0; padding: 10px 12px; background: #f5f6f8; border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; overflow: auto; }
.failure p { margin: 0; padding: 10px 12px; background: var(--fail-bg); color: var(--fail); border-radius: 6px; }
p.note { margin: 6px 0 0; font-size: 12px; color: var(--muted); }
.token { margin: 0 12px 12px; padding: 10px 12px; border: 1px dashed var(--line); border-radius: 6px; }
.token .facts { margin: 0 0 8px; font-size: 13px; }
.jwt { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 12px; }
.jwt h5 { margin: 0 0 4px; font-size: 12px; color: var(--muted); }
.jwt .facts { grid-column: 1 / -1; margin: 0; }
table.claims { font-size: 13px; }
table.claims th { width: 9em; font-family: var(--mono); font-weight: 600; }
table.claims td { font-family: var(--mono); overflow-wrap: anywhere; }
.scenario-group h3 { font-size: 14px; margin: 18px 0 4px; font-family: var(--mono); }
footer { padding: 20px 40px 40px; color: var(--muted); font-size: 12px; }
@media print {
  nav.toc, .filters { display: none; }
  header.masthead { background: none; color: var(--ink); padding: 0 0 12px; }
  details > *:not(summary) { display: block; }
  pre { max-height: none; }
}
`

export const SCRIPT = `
(() => {
  document.documentElement.classList.add('js');
  const table = document.getElementById('checks-table');
  if (!table) return;
  const rows = Array.from(table.tBodies);
  const text = document.getElementById('filter-text');
  const standard = document.getElementById('filter-standard');
  const level = document.getElementById('filter-level');
  const boxes = Array.from(document.querySelectorAll('input[name=outcome]'));
  const shown = document.getElementById('shown');

  function apply() {
    const words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    const outcomes = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    let count = 0;
    for (const row of rows) {
      const visible =
        outcomes.has(row.dataset.outcome) &&
        (standard.value === '' || row.dataset.standard === standard.value) &&
        (level.value === '' || row.dataset.level === level.value) &&
        words.every((word) => row.dataset.search.includes(word));
      row.hidden = !visible;
      if (visible) count += 1;
    }
    shown.textContent = count + ' of ' + rows.length + ' shown';
  }
  for (const input of [text, standard, level, ...boxes]) input.addEventListener('input', apply);

  function sortBy(th) {
    const key = th.dataset.sort;
    const direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    for (const other of table.tHead.querySelectorAll('th.sortable')) other.setAttribute('aria-sort', 'none');
    th.setAttribute('aria-sort', direction);
    const sign = direction === 'ascending' ? 1 : -1;
    const value = (row) => row.dataset['sort' + key];
    const numeric = th.dataset.numeric === 'true';
    rows.sort((a, b) => {
      const x = value(a), y = value(b);
      const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return sign * order || Number(a.dataset.index) - Number(b.dataset.index);
    });
    for (const row of rows) table.appendChild(row);
  }
  for (const th of table.tHead.querySelectorAll('th.sortable')) {
    th.querySelector('button').addEventListener('click', () => sortBy(th));
  }

  function show(filters) {
    text.value = '';
    standard.value = filters.standard || '';
    level.value = filters.level || '';
    for (const box of boxes) box.checked = !filters.outcome || box.value === filters.outcome;
    apply();
    document.getElementById('checks').scrollIntoView();
  }
  for (const button of document.querySelectorAll('[data-filter-outcome], [data-filter-standard], [data-filter-level]')) {
    button.addEventListener('click', () =>
      show({
        outcome: button.dataset.filterOutcome,
        standard: button.dataset.filterStandard,
        level: button.dataset.filterLevel,
      }),
    );
  }

  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target && target.tagName === 'DETAILS') target.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  apply();
})();
`
