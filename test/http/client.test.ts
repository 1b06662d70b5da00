import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { HttpClient } from '../../src/http/client.ts'
import { failureOf } from '../../src/http/failure.ts'
import { RateLimiter } from '../../src/http/rate-limit.ts'
import {
  closedPort,
  httpServer,
  httpsServer,
  tcpServer,
  TLS_CERT,
  type Running,
} from '../support/servers.ts'

const servers: Running[] = []
const clients: HttpClient[] = []

function client(options: ConstructorParameters<typeof HttpClient>[0] = {}) {
  const made = new HttpClient(options)
  clients.push(made)
  return made
}

async function serve(server: Promise<Running>) {
  const running = await server
  servers.push(running)
  return running
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

describe('HttpClient faults: each becomes a failure a person can act on, never a rejection', () => {
  it('times out a server that never answers', async () => {
    const server = await serve(httpServer(() => undefined))
    const result = await client({ timeoutMs: 200 }).perform({ method: 'GET', url: server.url })
    expect(result.failure).toEqual({ kind: 'timeout', message: 'no response within 200 ms' })
    expect(result.response).toBeUndefined()
  })

  it('times out a body that stops half-way', async () => {
    const server = await serve(
      httpServer((_, res) => {
        res.writeHead(200, { 'content-length': '100' })
        res.write('partial')
      }),
    )
    const result = await client({ timeoutMs: 200 }).perform({ method: 'GET', url: server.url })
    expect(result.failure?.kind).toBe('timeout')
  })

  it('names a refused connection and the address', async () => {
    const port = await closedPort()
    const result = await client().perform({ method: 'GET', url: `http://127.0.0.1:${port}/` })
    expect(result.failure).toEqual({
      kind: 'refused',
      message: `connection refused by 127.0.0.1:${port}: is the server running there?`,
    })
  })

  it('names a connection closed before an answer', async () => {
    const server = await serve(tcpServer((socket) => socket.once('data', () => socket.destroy())))
    const result = await client().perform({ method: 'GET', url: server.url })
    expect(result.failure?.kind).toBe('reset')
    expect(result.failure?.message).toContain('closed the connection before a complete answer')
  })

  it('names a connection reset (a TCP RST) before an answer', async () => {
    const server = await serve(
      tcpServer((socket) => socket.once('data', () => socket.resetAndDestroy())),
    )
    const result = await client().perform({ method: 'GET', url: server.url })
    expect(result.failure).toEqual({
      kind: 'reset',
      message: `connection reset by 127.0.0.1:${server.port} before a complete answer`,
    })
  })

  it('names an answer that is not HTTP', async () => {
    const server = await serve(
      tcpServer((socket) => socket.once('data', () => socket.end('HELLO there\r\n\r\n'))),
    )
    const result = await client().perform({ method: 'GET', url: server.url })
    expect(result.failure?.kind).toBe('protocol')
    expect(result.failure?.message).toContain('is not valid HTTP/1.1 (Expected HTTP/')
  })

  it('cuts a body over the cap, keeps what came, and says so', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'a')
    const server = await serve(httpServer((_, res) => res.end(big)))
    const result = await client().perform({ method: 'GET', url: server.url })
    expect(result.failure).toEqual({ kind: 'body-too-large', message: 'body over the 1 MiB cap' })
    expect(result.response?.status).toBe(200)
    expect(result.response?.truncated).toBe(true)
    expect(result.response?.body.length).toBe(1024 * 1024)
    expect(result.response?.bytes).toBeGreaterThan(1024 * 1024)
  })

  it('refuses a self-signed certificate, and tells how to trust it', async () => {
    const server = await serve(httpsServer((_, res) => res.end('ok')))
    const result = await client().perform({ method: 'GET', url: server.url })
    expect(result.failure?.kind).toBe('tls')
    expect(result.failure?.message).toContain('self-signed')
    expect(result.failure?.message).toContain('--ca <file>')
  })

  it('trusts a certificate authority passed with --ca', async () => {
    const server = await serve(httpsServer((_, res) => res.end('ok')))
    const result = await client({ ca: TLS_CERT }).perform({ method: 'GET', url: server.url })
    expect(result.failure).toBeUndefined()
    expect(result.response?.body.toString()).toBe('ok')
  })

  it.each([
    [{ code: 'ENOTFOUND' }, 'dns', 'cannot resolve the host of idp.invalid:443 (ENOTFOUND)'],
    [{ code: 'EAI_AGAIN' }, 'dns', 'cannot resolve the host of idp.invalid:443 (EAI_AGAIN)'],
    [
      Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } }),
      'reset',
      'connection reset by idp.invalid:443 before a complete answer',
    ],
    [
      Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      'reset',
      'idp.invalid:443 closed the connection before a complete answer',
    ],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'timeout', 'no response within 10 s'],
    [new Error('boom'), 'other', 'the request to idp.invalid:443 failed: boom'],
  ])('maps %o to a %s failure', (error, kind, message) => {
    expect(failureOf(error, 'idp.invalid:443', 10_000)).toEqual({ kind, message })
  })
})

describe('HttpClient policy', () => {
  it('never follows a redirect: the 3xx is the answer and the other host sees nothing', async () => {
    let hits = 0
    const elsewhere = await serve(
      httpServer((_, res) => {
        hits += 1
        res.end()
      }),
    )
    const server = await serve(
      httpServer((_, res) => {
        res.writeHead(302, { location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/x` })
        res.end()
      }),
    )
    const result = await client().perform({
      method: 'POST',
      url: server.url,
      headers: [['authorization', 'Basic Y2xpZW50OnNlY3JldA==']],
      body: 'a=b',
    })
    expect(result.response?.status).toBe(302)
    expect(result.failure).toBeUndefined()
    expect(hits).toBe(0)
  })

  it.each(['http://idp.example/token', 'http://10.0.0.1/token'])(
    'refuses plain http to a non-loopback host (%s) without connecting',
    async (url) => {
      const result = await client().perform({ method: 'POST', url, body: 'a=b' })
      expect(result.failure?.kind).toBe('refused-by-policy')
      expect(result.failure?.message).toContain('pass --insecure-http')
    },
  )

  it('allows plain http to loopback', async () => {
    const server = await serve(httpServer((_, res) => res.end('ok')))
    expect((await client().perform({ method: 'GET', url: server.url })).response?.status).toBe(200)
  })

  it('records the headers it sends, the ones it adds included', async () => {
    const server = await serve(httpServer((_, res) => res.end()))
    const result = await client().perform({
      method: 'POST',
      url: server.url,
      headers: [['Content-Type', 'application/x-www-form-urlencoded']],
      body: 'a=é',
    })
    expect(result.sentHeaders).toEqual([
      ['content-type', 'application/x-www-form-urlencoded'],
      ['user-agent', expect.stringMatching(/^tokencheck\//)],
      ['content-length', '4'],
    ])
  })

  it('records repeated response headers separately', async () => {
    const server = await serve(
      httpServer((_, res) => {
        res.setHeader('set-cookie', ['a=1', 'b=2'])
        res.setHeader('cache-control', 'no-store')
        res.end()
      }),
    )
    const result = await client().perform({ method: 'GET', url: server.url })
    expect(result.response?.headers).toEqual(
      expect.arrayContaining([
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['cache-control', 'no-store'],
      ]),
    )
  })
})

describe('RateLimiter', () => {
  beforeAll(() => {
    vi.useFakeTimers()
  })
  afterAll(() => {
    vi.useRealTimers()
  })

  it('spaces requests to one host at the rate, and leaves other hosts alone', async () => {
    const limiter = new RateLimiter(2)
    const done: string[] = []
    const track = (name: string, host: string) =>
      limiter.wait(host).then(() => void done.push(name))
    const all = Promise.all([
      track('a1', 'a'),
      track('a2', 'a'),
      track('a3', 'a'),
      track('b1', 'b'),
    ])
    await vi.advanceTimersByTimeAsync(0)
    expect(done).toEqual(['a1', 'b1'])
    await vi.advanceTimersByTimeAsync(500)
    expect(done).toEqual(['a1', 'b1', 'a2'])
    await vi.advanceTimersByTimeAsync(500)
    expect(done).toEqual(['a1', 'b1', 'a2', 'a3'])
    await all
  })
})
