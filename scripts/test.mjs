// `npm test`: every tier, in order, failing on the first broken one.
//   1. lint (Biome) and type check (tsc), in parallel and cached, through turbo
//   2. vitest: unit tests, HTTP tests, the runtime conformance harness (Node, workerd, Deno),
//      real-engine and browser tests
// Under CI=true a test that would skip for a missing engine, browser or runtime fails instead,
// and any skipped test fails the run.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DENO_NO_UPDATE_CHECK: '1',
  WRANGLER_SEND_METRICS: 'false',
}
const inCI = ['true', '1'].includes(String(process.env.CI).toLowerCase())
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1

const extra = process.argv.slice(2)
if (extra.length === 0) {
  const checks = run('npx', ['turbo', 'run', 'lint', 'typecheck', '--output-logs=errors-only'])
  if (checks !== 0) {
    console.error('\nnpm test: lint or type check failed (run `npm run lint` / `npm run typecheck`).')
    process.exit(checks)
  }
}

mkdirSync('dist', { recursive: true })
const report = 'dist/vitest-report.json'
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
])
let summary
try {
  summary = JSON.parse(readFileSync(report, 'utf8'))
} catch {
  console.error('npm test: vitest wrote no report')
  process.exit(status || 1)
}
const {
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: skipped,
  numTodoTests: todo,
} = summary
console.log(`\n${passed} passed, ${failed} failed, ${skipped + todo} skipped`)
if (status !== 0) process.exit(status)
if (passed === 0) {
  console.error('npm test: no test ran')
  process.exit(1)
}
if (inCI && skipped + todo > 0) {
  console.error(`npm test: ${skipped + todo} test(s) skipped under CI=true; every tier must run in CI`)
  process.exit(1)
}
