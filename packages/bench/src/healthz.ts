// GET /healthz through the Glam Node server against a bare node:http server answering the same JSON.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { repoRoot, startNodeRuntime } from '@glam/testing/runtimes'
import { type LoadResult, median, runWrk } from './wrk.ts'

async function startBare() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/bench/src/bare-node.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve((JSON.parse(line) as { url: string }).url),
    )
  })
  return { url, stop: () => child.kill('SIGTERM') }
}

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms   errors ${r.errors}`

export async function healthzBench({ seconds, rounds }: { seconds: number; rounds: number }) {
  const bare = await startBare()
  // LOG_LEVEL=info writes one access-log line per request, as production does.
  const glam = await startNodeRuntime({ GLAM_ENV: 'development', LOG_LEVEL: 'info' })
  const quiet = await startNodeRuntime({ GLAM_ENV: 'development', LOG_LEVEL: 'warn' })
  const runs: Record<'bare' | 'glam' | 'glamQuiet', LoadResult[]> = { bare: [], glam: [], glamQuiet: [] }
  console.log(`\n/healthz, wrk -t1 -c50 -d${seconds}s, ${rounds} alternating rounds`)
  try {
    for (let i = 0; i < rounds; i++) {
      for (const [name, url] of [
        ['bare', bare.url],
        ['glam', glam.url],
        ['glamQuiet', quiet.url],
      ] as const) {
        glam.output.length = 0 // the access log is not kept in memory during the run
        quiet.output.length = 0
        const r = await runWrk(`${url}/healthz`, { seconds, connections: 50 })
        runs[name].push(r)
        console.log(row(`round ${i + 1} ${name}`, r))
      }
    }
  } finally {
    bare.stop()
    await glam.stop()
    await quiet.stop()
  }
  const summary = (rs: LoadResult[]) => ({
    requestsPerSecond: median(rs.map((r) => r.requestsPerSecond)),
    p50Ms: median(rs.map((r) => r.p50Ms)),
    p99Ms: median(rs.map((r) => r.p99Ms)),
    errors: rs.reduce((s, r) => s + r.errors, 0),
  })
  const bareS = summary(runs.bare)
  const glamS = summary(runs.glam)
  const quietS = summary(runs.glamQuiet)
  console.log('\nmedians')
  console.log(row('bare node:http', bareS))
  console.log(row('glam node (access log on)', glamS))
  console.log(row('glam node (LOG_LEVEL=warn)', quietS))
  const ratio = glamS.requestsPerSecond / bareS.requestsPerSecond
  const quietRatio = quietS.requestsPerSecond / bareS.requestsPerSecond
  console.log(
    `ratio glam/bare: ${(ratio * 100).toFixed(0)}% (access log on), ${(quietRatio * 100).toFixed(0)}% (quiet)`,
  )
  return { bare: bareS, glam: glamS, glamQuiet: quietS, ratio, quietRatio }
}
