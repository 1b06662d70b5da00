// vitest takes a reporter given on its command line as a module's default export.
export { TokencheckReporter as default } from '../../src/vitest/index.ts'
