// `npm run bench`: load tests on loopback with wrk, each Glam server beside its bare baseline,
// alternating in one run so that machine noise hits both; ratios are what to compare.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { assetsBench } from './assets.ts'
import { backupBench } from './backup.ts'
import { blobsBench } from './blobs.ts'
import { catalogBench } from './catalog.ts'
import { collectBench } from './collect.ts'
import { dashboardBench } from './dashboard.ts'
import { eventsBench } from './events.ts'
import { exportBench } from './export.ts'
import { feedsBench } from './feeds.ts'
import { graphqlBench } from './graphql.ts'
import { healthzBench } from './healthz.ts'
import { imagesBench } from './images.ts'
import { ocrBench } from './ocr.ts'
import { portalBench } from './portal.ts'
import { redirectBench } from './redirect.ts'
import { reportsBench } from './reports.ts'
import { searchBench } from './search.ts'
import { upsertBench } from './upserts.ts'
import { hasWrk } from './wrk.ts'

if (!requireTool(hasWrk(), 'wrk (Debian package wrk)')) process.exit(0)

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
// BENCH_ONLY=healthz,redirect,collect,graphql,export,upserts,feeds,catalog,events,reports,blobs,assets,images,dashboard,search,portal,ocr,backup picks parts.
const only = process.env.BENCH_ONLY?.split(',')
const wants = (name: string) => !only || only.includes(name)
const results = {
  date: new Date().toISOString(),
  seconds,
  rounds,
  healthz: wants('healthz') ? await healthzBench({ seconds, rounds }) : undefined,
  redirect: wants('redirect') ? await redirectBench({ seconds, rounds }) : undefined,
  collect: wants('collect') ? await collectBench({ seconds, rounds }) : undefined,
  graphql: wants('graphql') ? await graphqlBench() : undefined,
  export: wants('export') ? await exportBench() : undefined,
  upserts: wants('upserts') ? await upsertBench() : undefined,
  feeds: wants('feeds') ? await feedsBench({ rounds }) : undefined,
  catalog: wants('catalog') ? await catalogBench() : undefined,
  events: wants('events') ? await eventsBench() : undefined,
  reports: wants('reports') ? await reportsBench() : undefined,
  blobs: wants('blobs') ? await blobsBench() : undefined,
  assets: wants('assets') ? await assetsBench({ seconds, rounds }) : undefined,
  images: wants('images') ? await imagesBench({ seconds, rounds }) : undefined,
  dashboard: wants('dashboard') ? await dashboardBench() : undefined,
  search: wants('search') ? await searchBench() : undefined,
  portal: wants('portal') ? await portalBench({ seconds, rounds }) : undefined,
  ocr: wants('ocr') ? await ocrBench() : undefined,
  backup: wants('backup') ? await backupBench() : undefined,
}
mkdirSync(join(repoRoot, 'dist/bench'), { recursive: true })
writeFileSync(join(repoRoot, 'dist/bench/latest.json'), `${JSON.stringify(results, null, 2)}\n`)
console.log('\nwritten to dist/bench/latest.json')
