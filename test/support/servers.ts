import { once } from 'node:events'
import { createServer as createHttpServer, type RequestListener } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net'
import { readFileSync } from 'node:fs'

export interface Running {
  url: string
  port: number
  close(): Promise<void>
}

async function listen(server: Server, scheme: string): Promise<Running> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** An HTTP server on 127.0.0.1, a free port. */
export function httpServer(listener: RequestListener): Promise<Running> {
  return listen(createHttpServer(listener), 'http')
}

export const TLS_CERT = readFileSync(new URL('./tls/cert.pem', import.meta.url), 'utf8')
const TLS_KEY = readFileSync(new URL('./tls/key.pem', import.meta.url), 'utf8')

/** An HTTPS server with the self-signed test certificate. */
export function httpsServer(listener: RequestListener): Promise<Running> {
  return listen(createHttpsServer({ cert: TLS_CERT, key: TLS_KEY }, listener), 'https')
}

/** A TCP server that does whatever `onSocket` does with each connection. */
export function tcpServer(onSocket: (socket: Socket) => void): Promise<Running> {
  return listen(createNetServer(onSocket), 'http')
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const running = await tcpServer(() => undefined)
  await running.close()
  return running.port
}
