// Builds the web apps (web/dashboard) when their output is missing or older than their sources,
// so `npm start` and `npm test` serve what is in the tree. The stamp is a hash of every source
// file, the GraphQL documents the app bundles and the lockfile; an unchanged tree costs one
// walk of web/dashboard (milliseconds) and no build.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const at = (path) => join(root, path)

const apps = [
  {
    workspace: '@glam/dashboard-web',
    dir: 'web/dashboard',
    output: 'web/dashboard/dist/app/index.html',
    also: ['functions/graphql/src/operations.ts', 'package-lock.json'],
  },
]

const skip = new Set(['node_modules', 'dist', '.turbo', '.svelte-kit'])
function filesOf(dir) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name) || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesOf(path))
    else if (entry.isFile() && !/\.(browser\.)?test\.ts$/.test(entry.name)) out.push(path)
  }
  return out
}

for (const app of apps) {
  if (!existsSync(at(join(app.dir, 'package.json')))) continue
  const hash = createHash('sha256')
  for (const file of [...filesOf(at(app.dir)).sort(), ...app.also.map(at)]) {
    hash.update(`${relative(root, file)}\0`)
    if (existsSync(file)) hash.update(readFileSync(file))
  }
  const digest = hash.digest('hex')
  const output = at(app.output)
  const stamp = at(join(app.dir, 'dist', '.source-hash'))
  if (existsSync(output) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) continue
  console.error(`glam: building ${app.dir} (its output is missing or older than its sources)…`)
  const started = Date.now()
  const build = spawnSync('npm', ['run', '--silent', 'build', '-w', app.workspace], {
    stdio: 'inherit',
    cwd: root,
  })
  if (build.status !== 0 || !existsSync(output)) {
    console.error(`glam: the build of ${app.dir} failed`)
    process.exit(build.status || 1)
  }
  writeFileSync(stamp, digest)
  // Workers static assets upload the whole directory: not the stamp, not Vite's manifest.
  writeFileSync(at(join(app.dir, 'dist', '.assetsignore')), '.source-hash\n.assetsignore\napp/.vite\n')
  console.error(`glam: built ${app.dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
