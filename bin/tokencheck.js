#!/usr/bin/env node
// tokencheck is written in TypeScript and runs from source: tsx compiles each module on load.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
process.exitCode = await main(process.argv)
