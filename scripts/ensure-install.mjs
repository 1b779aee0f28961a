// Installs dependencies when they are missing or older than the lockfile, so the README's
// commands work on a fresh clone with nothing typed before them.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const marker = 'node_modules/.package-lock.json'
const stale =
  !existsSync(marker) ||
  (existsSync('package-lock.json') && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000)
if (stale) {
  console.error('glam: installing dependencies (npm ci)…')
  const ci = spawnSync(
    'npm',
    [existsSync('package-lock.json') ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=warn'],
    {
      stdio: 'inherit',
    },
  )
  if (ci.status !== 0) process.exit(ci.status ?? 1)
}

// The web apps' builds, when missing or stale (after dependencies: the build needs them).
await import('./ensure-web-build.mjs')
