// POST /collect (a purchase with two lines, attributed by a click token, stored in SQL and sent
// to ClickHouse) beside GET /summer-lena on the same Glam Node server, alternating rounds, same
// wrk and connections; plus the snippet's size. Every POST carries a fresh order id (wrk Lua).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createLogger } from '@glam/core'
import { startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { snippetSource } from '@glam/pixel/snippet/generated'
import { purchase } from '@glam/testing/purchase'
import { freePort, startNodeRuntime } from '@glam/testing/runtimes'
import { type LoadResult, runWrk, summarize } from './wrk.ts'

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(36)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms   errors ${r.errors}`

export async function collectBench({ seconds, rounds }: { seconds: number; rounds: number }) {
  const snippet = {
    bytes: Buffer.byteLength(snippetSource),
    gzipBytes: gzipSync(snippetSource, { level: 9 }).length,
  }
  console.log(`\npixel.js: ${snippet.bytes} bytes minified, ${snippet.gzipBytes} bytes gzipped (limit 2048)`)
  const logger = createLogger({ level: 'warn' })
  const front = await startEmbeddedClickHouse({
    path: mkdtempSync(join(tmpdir(), 'glam-bench-chdb-')),
    port: await freePort(),
    logger,
  })
  const server = await startNodeRuntime({
    CLICKHOUSE_URL: front.url,
    GLAM_SCHEDULER: 'false',
    GLAM_ENV: 'development',
    LOG_LEVEL: 'warn',
    GLAM_COLLECT_PER_SHOP_PER_MINUTE: '1000000',
    GLAM_COLLECT_PER_IP_PER_MINUTE: '1000000',
  })
  const redirect = await fetch(`${server.url}/summer-lena`, { redirect: 'manual' })
  const clickId = new URL(redirect.headers.get('location')!).searchParams.get('glam_cid')!
  // The default two-line order of 69.80 EUR, without `consent` (as this bench has always sent it).
  const body = (ref: string) => JSON.stringify(purchase(ref, { consent: undefined, clickId }))
  const [before, after] = body('@@').split('@@')
  const script = join(mkdtempSync(join(tmpdir(), 'glam-bench-wrk-')), 'collect.lua')
  writeFileSync(
    script,
    `local n = 0
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9))
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
wrk.headers["Origin"] = "http://127.0.0.1:3001"
request = function()
  n = n + 1
  return wrk.format(nil, "/collect", nil, ${JSON.stringify(before)} .. prefix .. "-" .. n .. ${JSON.stringify(after)})
end
`,
  )
  const runs: Record<string, LoadResult[]> = { 'GET /summer-lena': [], 'POST /collect': [] }
  console.log(
    `\nredirect and collect on one Glam Node server, wrk -t1 -c50 -d${seconds}s, ${rounds} alternating rounds`,
  )
  try {
    for (let i = 0; i < rounds; i++) {
      const r = await runWrk(`${server.url}/summer-lena`, { seconds, connections: 50 })
      runs['GET /summer-lena']!.push(r)
      console.log(row(`round ${i + 1} GET /summer-lena`, r))
      const c = await runWrk(`${server.url}/collect`, { seconds, connections: 50, script })
      runs['POST /collect']!.push(c)
      console.log(row(`round ${i + 1} POST /collect`, c))
    }
  } finally {
    await server.stop()
    await front.stop()
  }
  const summary = summarize(runs)
  console.log('\nmedians')
  for (const [name, r] of Object.entries(summary)) console.log(row(name, r))
  return { snippet, ...summary }
}
