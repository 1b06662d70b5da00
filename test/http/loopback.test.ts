import { describe, expect, it } from 'vitest'
import { isLoopback, isLoopbackHost } from '../../src/http/loopback.ts'

describe('the one loopback rule', () => {
  it.each([
    ['http://localhost:4010/token', true],
    ['http://LOCALHOST/', true],
    ['http://app.localhost:5173/', true], // RFC 6761 §6.3
    ['http://127.0.0.1/', true],
    ['http://127.42.0.9/', true],
    ['http://[::1]:8080/', true],
    ['https://localhost.example.com/', false],
    ['http://localhostx/', false],
    ['http://128.0.0.1/', false],
    ['http://[::2]/', false],
    ['http://10.0.0.1/', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopback(url)).toBe(expected)
  })

  it.each([
    ['localhost', true],
    ['app.localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['127.0.0.1', true],
    ['0.0.0.0', false],
    ['192.168.1.2', false],
  ])('host %s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
