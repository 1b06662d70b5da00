import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  escapeMarkdown,
  escapeXml,
  richText,
  truncate,
} from '../../src/report/escape.ts'

describe('escapeHtml', () => {
  it.each([
    ['<b>', '&lt;b&gt;'],
    ['a & b', 'a &amp; b'],
    [`"x" 'y'`, '&quot;x&quot; &#39;y&#39;'],
    ['&amp;', '&amp;amp;'],
  ])('%j → %j', (text, html) => {
    expect(escapeHtml(text)).toBe(html)
  })
})

describe('richText', () => {
  it.each([
    ['got `max-age=60`', 'got <code>max-age=60</code>'],
    ['got `<b>`', 'got <code>&lt;b&gt;</code>'],
    ['an odd ` backtick', 'an odd ` backtick'],
  ])('%j → %j', (text, html) => {
    expect(richText(text)).toBe(html)
  })
})

describe('escapeXml', () => {
  it.each([
    ['text', '<a> & ]]>', {}, '&lt;a&gt; &amp; ]]&gt;'],
    ['a forbidden control character', 'bell\u0007', {}, 'bell\\u0007'],
    ['a lone surrogate', 'x\uD800y', {}, 'x\\ud800y'],
    ['a pair of surrogates, kept', '😀', {}, '😀'],
    [
      'an attribute with quotes and breaks',
      'say "hi"\nthen\tgo',
      { attribute: true },
      'say &quot;hi&quot;&#10;then&#9;go',
    ],
  ])('%s', (_, text, options, xml) => {
    expect(escapeXml(text, options)).toBe(xml)
  })
})

describe('escapeMarkdown', () => {
  it.each([
    ['HTML', '<img src=x>', '\\<img src=x\\>'],
    ['a table cell break', 'a | b', 'a \\| b'],
    ['emphasis and code', '*a* _b_ `c`', '\\*a\\* \\_b\\_ \\`c\\`'],
    ['a link', '[x](y)', '\\[x\\]\\(y\\)'],
    ['a mention, broken by a word joiner', '@team', '@\u2060team'],
    ['math and an issue reference', '$x$ #12', '\\$x\\$ \\#12'],
    ['line breaks', 'a\nb\r\nc', 'a b c'],
    ['a control character', 'a\u0007', 'a\\\\u0007'],
  ])('%s', (_, text, md) => {
    expect(escapeMarkdown(text)).toBe(md)
  })
})

describe('truncate', () => {
  it('keeps short text and marks a cut', () => {
    expect(truncate('abc', 3)).toBe('abc')
    expect(truncate('abcdef', 4)).toBe('abc…')
  })
})
