#!/usr/bin/env node
// The installed command: the build of src/cli.ts, with no TypeScript loader.

// `tokencheck mock` needs an RSA key pair before its first token: the one an earlier start
// prepared, or else one generated on a pool thread while everything else loads.
const args = process.argv.slice(2)
if (args[0] === 'mock' && !args.includes('--help') && !args.includes('-h'))
  void (await import('./mock/key-pair.ts')).startKeyPair(true)
const { main } = await import('./cli.ts')

process.exitCode = await main(process.argv)
