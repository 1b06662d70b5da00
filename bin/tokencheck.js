#!/usr/bin/env node
// tokencheck from a checkout: the TypeScript sources, compiled on load by tsx, so that what runs
// is always what was last edited. The installed package's command is the build, dist/src/bin.js.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
process.exitCode = await main(process.argv)
