/**
 * The library's cold start, in a fresh process: from importing `startMock` from the build to the
 * first 200 of a password grant, without the process's own boot. Prints the milliseconds as
 * JSON. Usage (after `npm run build`): node bench/support/library-cold-start.mjs <spec>
 */
const spec = process.argv[2] ?? 'rfc6749-password'
const started = performance.now()
const { startMock } = await import('../../dist/src/index.js')
const mock = await startMock({ spec, log: false })
const { clientId, clientSecret, username, password } = mock.credentials
const form = (value) => new URLSearchParams({ v: value }).toString().slice(2)
const answer = await fetch(`${mock.url}${mock.profile.token.path}`, {
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`,
  },
  body: `grant_type=password&username=${form(username)}&password=${form(password)}`,
})
await answer.arrayBuffer()
if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}`)
console.log(JSON.stringify({ ms: performance.now() - started }))
await mock.close()
