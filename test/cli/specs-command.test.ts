import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.ts'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return {
    output: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) },
    out,
    err,
  }
}

describe('tokencheck specs', () => {
  it('lists every bundled spec with its token endpoint, media type, client auth, error style and token format', async () => {
    const { output, out } = capture()
    expect(await main(['node', 'tokencheck', 'specs'], output)).toBe(0)
    const text = out.join('\n')
    expect(text).toMatch(
      /wokelo\s+POST \/auth\/token\/\s+multipart\/form-data\s+client_secret_post, client_secret_basic\s+RFC 6749 §5\.2 JSON\s+jwt/,
    )
    expect(text).toMatch(
      /auth-login\s+POST \/auth\/login\s+application\/x-www-form-urlencoded\s+client_secret_post, client_secret_basic\s+RFC 9457 problem\+json\s+jwt/,
    )
    expect(text).toMatch(
      /wogeez\s+POST \/realms\/wogeez\/protocol\/openid-connect\/token\s+application\/x-www-form-urlencoded\s+none\s+RFC 6749 §5\.2 JSON\s+jwt/,
    )
    expect(text).toMatch(
      /wso2-api-cloud\s+POST \/token\s+application\/x-www-form-urlencoded\s+client_secret_basic\s+RFC 6749 §5\.2 JSON\s+unspecified/,
    )
    expect(text).toMatch(
      /rfc6749-password\s+POST \/token\s+application\/x-www-form-urlencoded\s+client_secret_basic, client_secret_post\s+RFC 6749 §5\.2 JSON\s+unspecified/,
    )
  })

  it('answers an unknown command with usage help and exit code 2', async () => {
    const { output, err } = capture()
    expect(await main(['node', 'tokencheck', 'spex'], output)).toBe(2)
    expect(err.join('\n')).toContain("unknown command 'spex'")
  })
})
