import { defineTargetSuites } from './define-suites.ts'

defineTargetSuites('refresh')
