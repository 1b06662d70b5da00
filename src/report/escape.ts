/**
 * Escaping for every format a report is written in. Every string in a report came from a target
 * or a spec, so each is untrusted: escaped for the place it lands, never trusted to be plain.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text or an attribute value (double- or single-quoted) in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch)
}

/**
 * A message in HTML: escaped, and its backtick-quoted values (STYLE.md §4: values in backticks)
 * set as code. When the backticks do not pair, a value itself held one: the text stays plain.
 */
export function richText(text: string): string {
  const parts = text.split('`')
  if (parts.length % 2 === 0) return escapeHtml(text)
  return parts
    .map((part, index) => (index % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('')
}

/**
 * Characters XML 1.0 cannot carry at all, even as references (XML 1.0 §2.2): C0 controls but
 * tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Text or a double-quoted attribute value in XML; forbidden characters become `\uXXXX`.
 *
 * @see [XML 1.0 §2.2 Characters](https://www.w3.org/TR/xml/#charsets)
 */
export function escapeXml(text: string, options: { attribute?: boolean } = {}): string {
  const escaped = text
    .replace(XML_FORBIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
  if (options.attribute !== true) return escaped
  // XML 1.0 §3.3.3 normalises whitespace in attribute values: keep line breaks and tabs as references.
  return escaped
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;')
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/g

/**
 * Inline text in GitHub-flavoured Markdown, on one line: every character that could start markup
 * inline is backslash-escaped (CommonMark §2.4), `|` too (table cells) and `$` (GitHub's math);
 * line breaks become spaces. GitHub finds `@mentions` in the rendered text, where an escape no
 * longer shows, so a word joiner (U+2060) follows each `@`: a server's text cannot ping anyone
 * from a PR comment.
 *
 * @see [CommonMark §2.4 Backslash escapes](https://spec.commonmark.org/0.31.2/#backslash-escapes)
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\\`*_{}[\]<>()#!|~$&]/g, (ch) => `\\${ch}`)
    .replace(/@/g, '@\u2060')
}

/** Shortens text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`
}
