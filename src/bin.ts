#!/usr/bin/env node
// The installed command: the build of src/cli.ts, with no TypeScript loader.
import { main } from './cli.ts'

process.exitCode = await main(process.argv)
