/**
 * The mock is reachable from this machine only unless asked otherwise: `startMock` without a
 * host listens on 127.0.0.1 alone (read from the kernel's socket table, not from what the mock
 * says of itself), and `tokencheck mock --host` with an address other than loopback warns that
 * other machines can reach the mock and its example credentials.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.ts'
import { startMock } from '../../src/mock/index.ts'

/** The local addresses (kernel hex notation) with a listening TCP socket on a port. */
function listenersOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((table) => existsSync(table))
    .flatMap((table) => readFileSync(table, 'utf8').split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
    .map((fields) => fields[1]!.split(':')[0]!)
}

/** 127.0.0.1 as /proc/net/tcp writes it: four bytes, little-endian. */
const LOOPBACK_HEX = '0100007F'

describe('startMock without a host', () => {
  it.skipIf(!existsSync('/proc/net/tcp'))(
    'listens on 127.0.0.1 and nowhere else (the kernel’s socket table)',
    async () => {
      const mock = await startMock({ spec: 'rfc6749-password', log: false })
      try {
        expect(mock.host).toBe('127.0.0.1')
        expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`)
        expect(listenersOn(mock.port)).toEqual([LOOPBACK_HEX])
      } finally {
        await mock.close()
      }
      expect(listenersOn(mock.port)).toEqual([])
    },
  )
})

describe('tokencheck mock --host', () => {
  /**
   * The command checks --host before its other options and before it listens, so an invalid
   * lifetime stops it right after the warning: no address other than loopback is ever bound.
   */
  async function hostWarnings(host: string): Promise<string[]> {
    const err: string[] = []
    const output = { out: () => undefined, err: (text: string) => void err.push(text) }
    const argv = ['node', 'tokencheck', 'mock', 'wokelo', '--host', host]
    const code = await main([...argv, '--access-token-lifetime', '0'], output)
    expect(code).toBe(2)
    expect(err.at(-1)).toMatch(/--access-token-lifetime/)
    return err.filter((line) => /warning/.test(line))
  }

  it.each(['0.0.0.0', '::', '192.0.2.10', '10.1.2.3', 'mock.example.test'])(
    'warns for %s that other machines can reach the mock and its credentials',
    async (host) => {
      const warnings = await hostWarnings(host)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toBe(
        `warning: listening on ${host} lets other machines reach the mock and its example credentials`,
      )
    },
  )

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])(
    'does not warn for %s (loopback)',
    async (host) => {
      expect(await hostWarnings(host)).toEqual([])
    },
  )
})
