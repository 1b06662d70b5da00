import { createHash } from 'node:crypto'

/** The page's only style; its hash, not `unsafe-inline`, lets it past the page's CSP. */
const STYLE =
  'body{font:16px system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}' +
  'label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}' +
  'button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b00020}code{font-size:.9em}'

const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64')

/**
 * The page's headers: no script, no outside resource, no framing (clickjacking), never cached. The
 * form posts to this page, which then redirects to the client's redirect URI; `form-action` is
 * left out because browsers apply it to that redirect too.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'`,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}

export interface LoginPage {
  realm: string
  clientId: string
  /** The authorization request's parameters, carried through the form unchanged. */
  request: ReadonlyMap<string, string>
  /** The users to pick from; the password only where it is a public default. */
  users: readonly { username: string; password?: string }[]
  error?: string
  username?: string
}

/** The sign-in page: a plain HTML form, no script, no outside resource. */
export function loginPage(page: LoginPage): string {
  const hidden = [...page.request]
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('')
  const options = page.users.map((u) => `<option value="${escapeHtml(u.username)}">`).join('')
  const known = page.users
    .map(
      (u) =>
        `<li><code>${escapeHtml(u.username)}</code>${u.password === undefined ? '' : ` / <code>${escapeHtml(u.password)}</code>`}</li>`,
    )
    .join('')
  const error =
    page.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(page.error)}</p>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in to ${escapeHtml(page.realm)}</title><style>${STYLE}</style></head>
<body><main><h1>Sign in to ${escapeHtml(page.realm)}</h1>
<p>The application <code>${escapeHtml(page.clientId)}</code> asks you to sign in to this tokencheck mock.</p>
${error}<form method="post" autocomplete="off">${hidden}
<label for="username">Username</label><input id="username" name="username" list="users" required value="${escapeHtml(page.username ?? '')}">
<datalist id="users">${options}</datalist>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>
<h2>Users</h2><ul>${known}</ul></main></body></html>
`
}

/** A page for an error that cannot go back to the client (RFC 6749 §4.1.2.1). */
export function errorPage(realm: string, error: string, description: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(error)}</title><style>${STYLE}</style></head>
<body><main><h1>Sign-in request refused</h1><p class="error"><code>${escapeHtml(error)}</code>: ${escapeHtml(description)}</p>
<p>This page is shown instead of a redirect because the client or its redirect URI is not known to the ${escapeHtml(realm)} mock.</p></main></body></html>
`
}
