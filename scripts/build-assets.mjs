// After tsc: what every start of an installed tokencheck would otherwise repeat, done once.
// - dist/own-validators.cjs: tokencheck's own JSON Schemas as standalone ajv validators, keyed
//   by the hash of the schema they were compiled from (src/own-schema.ts looks them up);
// - dist/specs/<name>.json: each bundled spec parsed (and converted to OpenAPI 3.1 when it is
//   3.0), with the sha256 of the YAML it came from (src/openapi/document.ts uses it while the YAML
//   still hashes the same, and parses the YAML otherwise);
// - dist/specs/<name>.prism.json: Prism's answers to the error-injection requests each bundled
//   spec documents (src/mock/prism-record.ts), which a mock just started gives while Prism loads;
// - dist/bin/tokencheck.js: the command, bundled (with esbuild), what `bin` runs.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as esbuild from 'esbuild'
import { Ajv2020 } from 'ajv/dist/2020.js'
import standaloneCode from 'ajv/dist/standalone/index.js'
import {
  OWN_VALIDATOR_OPTIONS,
  PRECOMPILED_VALIDATORS,
  validatorKey,
} from '../dist/src/own-schema.js'
import { parseSpecText } from '../dist/src/openapi/document.js'
import { BUNDLED_SPECS_DIR, bundledSpecNames, loadSpec } from '../dist/src/openapi/load.js'
import { loadPrism } from '../dist/src/mock/prism.js'
import { prismVersion, recordAnswers, recordFileOf } from '../dist/src/mock/prism-record.js'

const root = new URL('..', import.meta.url).pathname
const json = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'))

const schemas = [
  json('src/openapi/x-tokencheck.schema.json'),
  json('src/mock/users.schema.json'),
  json('tokencheck.config.schema.json'),
]
const ajv = new Ajv2020({ ...OWN_VALIDATOR_OPTIONS, code: { source: true } })
const refs = {}
for (const schema of schemas) {
  ajv.addSchema(schema)
  refs[validatorKey(schema)] = schema.$id
}
writeFileSync(PRECOMPILED_VALIDATORS, standaloneCode(ajv, refs))

const specsOut = join(root, 'dist', 'specs')
mkdirSync(specsOut, { recursive: true })
for (const name of bundledSpecNames()) {
  const file = join(BUNDLED_SPECS_DIR, `${name}.yaml`)
  const document = parseSpecText(readFileSync(file, 'utf8'), file)
  writeFileSync(
    join(specsOut, `${name}.json`),
    JSON.stringify({
      sha256: document.hash,
      data: document.data,
      convertedFrom: document.convertedFrom,
    }),
  )
}
let recorded = 0
for (const name of bundledSpecNames()) {
  const { document, profile } = loadSpec(name)
  const answers = await recordAnswers(profile.operations, await loadPrism(document.file))
  recorded += Object.keys(answers).length
  writeFileSync(
    recordFileOf(document.file),
    JSON.stringify({ sha256: document.hash, prism: prismVersion(), answers }),
  )
}
// The command, bundled: loading some hundred ES modules one by one (tokencheck's own, jose's)
// was about a fifth of a cold start of `tokencheck mock`. Each command stays a chunk of its own,
// loaded when chosen; packages other than the few small ones every start needs stay external,
// loaded from node_modules as they are. Modules that name files do so from the package root.
const BUNDLED_PACKAGES = new Set(['jose', 'commander', 'busboy', 'streamsearch'])
await esbuild.build({
  entryPoints: { tokencheck: join(root, 'dist', 'src', 'bin.js') },
  outdir: join(root, 'dist', 'bin'),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // CommonJS packages in an ES module bundle call require.
  banner: {
    js: "import { createRequire as tokencheckCreateRequire } from 'node:module'; const require = tokencheckCreateRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'external-packages',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, ({ path }) => {
          const name = path.startsWith('@')
            ? path.split('/').slice(0, 2).join('/')
            : path.split('/')[0]
          return path.startsWith('node:') || !BUNDLED_PACKAGES.has(name)
            ? { external: true }
            : undefined
        })
      },
    },
  ],
})
// The command runs as it is in a checkout too (`npx tokencheck` at the package's root), where no
// install sets its mode.
chmodSync(join(root, 'dist', 'bin', 'tokencheck.js'), 0o755)
console.log(
  `built ${schemas.length} validators, ${bundledSpecNames().length} specs and ${recorded} recorded Prism answers`,
)
