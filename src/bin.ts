#!/usr/bin/env node
// The installed command: the build of src/cli.ts, with no TypeScript loader.

// `tokencheck mock` needs an RSA key before its first token: its generation, on a pool thread,
// overlaps the loading of everything else.
if (process.argv[2] === 'mock') (await import('./mock/keys.ts')).startKeyPair()
const { main } = await import('./cli.ts')

process.exitCode = await main(process.argv)
