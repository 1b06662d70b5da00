/**
 * The ceiling for `bench:mock`: a plain `node:http` + `jose` token endpoint doing what the mock's
 * token endpoint does for a valid password grant and nothing more: read and parse the
 * form-urlencoded body, check the Basic client and the user in constant time, sign an RS256 JWT
 * with the same header and claims, answer with `no-store`. No spec, no routing, no logging.
 *
 * Usage: node --import tsx bench/support/ceiling-server.ts <port> <client id> <secret> <user> <password>
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { generateKeyPair, SignJWT } from 'jose'

const [port, clientId, clientSecret, username, password] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
]
const { privateKey } = await generateKeyPair('RS256')
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b))
const basic = (header: string | undefined): [string, string] | undefined => {
  if (header === undefined || !/^basic /i.test(header)) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return [
    decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
    decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
  ]
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    void (async () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      const client = basic(req.headers.authorization)
      const ok =
        req.method === 'POST' &&
        client !== undefined &&
        same(client[0], clientId) &&
        same(client[1], clientSecret) &&
        params.get('grant_type') === 'password' &&
        same(params.get('username') ?? '', username) &&
        same(params.get('password') ?? '', password)
      if (!ok) {
        res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        res.end('{"error":"invalid_grant"}')
        return
      }
      const base = `http://${req.headers.host ?? '127.0.0.1'}`
      const iat = Math.floor(Date.now() / 1000)
      const token = await new SignJWT({ client_id: clientId })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'ceiling' })
        .setIssuer(base)
        .setAudience(base)
        .setSubject(username)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 3600)
        .setJti(randomUUID())
        .sign(privateKey)
      const body = JSON.stringify({
        access_token: token,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: randomUUID(),
      })
      res.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        pragma: 'no-cache',
        'content-length': String(Buffer.byteLength(body)),
      })
      res.end(body)
    })()
  })
})
server.keepAliveTimeout = 30_000
server.listen(Number(port), '127.0.0.1', () => console.log('listening'))
