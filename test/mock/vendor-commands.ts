/**
 * The client commands printed on the vendor pages (their copies in `specs/vendor-docs/`), read
 * from the pages and turned into argument vectors, so tests run exactly what a reader would
 * paste, without a shell.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import type { MockTarget } from './token-client.ts'

export const CURL = '/usr/bin/curl'

/** A vendor page's text, as captured. */
export function vendorPage(file: string): string {
  return readFileSync(new URL(`../../specs/vendor-docs/${file}`, import.meta.url), 'utf8')
}

/**
 * Every `curl …` command on a page: from `curl` to the end of its line, with the lines a trailing
 * backslash continues. `until` cuts a command where the capture ran the page's next sentence
 * into it without a line break.
 */
export function curlCommands(page: string, until?: string): string[] {
  const lines = page.split('\n')
  const commands: string[] = []
  for (const [index, line] of lines.entries()) {
    // Case-sensitive, and not inside a word: `cURL` in prose is not a command.
    const start = line.search(/(?<![A-Za-z])curl\s/)
    if (start === -1) continue
    let command = line.slice(start).trim()
    for (let next = index + 1; /\\\s*$/.test(command) && next < lines.length; next += 1) {
      command = `${command.replace(/\\\s*$/, '')} ${lines[next]!.trim()}`
    }
    if (until !== undefined && command.includes(until)) {
      command = command.slice(0, command.indexOf(until))
    }
    commands.push(command)
  }
  return commands
}

/**
 * The words of a plain shell command (POSIX quoting: single quotes, double quotes with `\`
 * escapes, backslash outside quotes). Anything a shell would expand or redirect (`$`, backticks,
 * `;`, `|`, `&`, `<`, `>`, parentheses) is refused: these commands must mean the same without one.
 * A lone backslash between spaces is where the capture flattened a line continuation.
 */
export function shellWords(command: string): string[] {
  const words: string[] = []
  let word: string | undefined
  const text = command.replace(/\s\\\s/g, ' ')
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!
    if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1)
      if (end === -1) throw new Error(`unterminated ' in ${command}`)
      word = (word ?? '') + text.slice(i + 1, end)
      i = end
    } else if (ch === '"') {
      word ??= ''
      for (i += 1; text[i] !== '"'; i += 1) {
        if (i >= text.length) throw new Error(`unterminated " in ${command}`)
        if (text[i] === '$' || text[i] === '`') throw new Error(`expansion in ${command}`)
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i += 1
        word += text[i]
      }
    } else if (ch === '\\') {
      i += 1
      word = (word ?? '') + (text[i] ?? '')
    } else if (/[$`;|&<>()]/.test(ch)) {
      throw new Error(`\`${ch}\` would mean something to a shell in ${command}`)
    } else {
      word = (word ?? '') + ch
    }
  }
  if (word !== undefined) words.push(word)
  return words
}

/**
 * The command with its vendor URL pointed at the mock: the URL's path ends with one of the
 * spec's operation paths (the page's base URL, `/api` included, is what comes before it).
 */
export function againstMock(argv: readonly string[], mock: MockTarget): string[] {
  const paths = mock.profile.operations.map((op) => op.path)
  return argv.map((arg) => {
    if (!/^https?:\/\//.test(arg) && !arg.startsWith('{{path}}')) return arg
    const pathname = arg.startsWith('{{path}}')
      ? arg.slice('{{path}}'.length)
      : new URL(arg).pathname
    const path = paths.find((candidate) => pathname.endsWith(candidate))
    if (path === undefined) throw new Error(`no operation of the spec serves ${arg}`)
    return `${mock.url}${path}`
  })
}

export interface CurlAnswer {
  status: number
  contentType: string
  body: string
  json: Record<string, unknown> | undefined
}

/** Runs `curl` (the words after it), loopback only, and reads the status and body. */
export function runCurl(args: readonly string[]): Promise<CurlAnswer> {
  if (!existsSync(CURL)) {
    throw new Error(
      `${CURL} is missing: these tests run the vendor pages' curl commands with Debian's curl ` +
        '(apt-get install curl; .ci/run installs it)',
    )
  }
  for (const arg of args) {
    if (/^https?:\/\//.test(arg) && !/^http:\/\/(127\.0\.0\.1|localhost):\d+\//.test(arg)) {
      throw new Error(`refusing to send curl anywhere but the loopback mock: ${arg}`)
    }
  }
  const extra = ['--silent', '--show-error', '--max-time', '20', '--noproxy', '*']
  const writeOut = ['--write-out', '\n%{http_code}\n%{content_type}']
  return new Promise((resolve, reject) => {
    execFile(
      CURL,
      [...args, ...extra, ...writeOut],
      { env: { PATH: process.env['PATH'] ?? '' } },
      (error, stdout, stderr) => {
        if (error !== null) return reject(new Error(`curl failed: ${stderr}`, { cause: error }))
        const lines = stdout.split('\n')
        const contentType = lines.pop() ?? ''
        const status = Number(lines.pop())
        const body = lines.join('\n')
        let json: Record<string, unknown> | undefined
        try {
          json = JSON.parse(body) as Record<string, unknown>
        } catch {
          json = undefined
        }
        resolve({ status, contentType, body, json })
      },
    )
  })
}
