// Assets, each figure beside the plain thing in the same run: uploads of a large feed through a
// Glam Node server (raw body, multipart, through nginx) against writing the same bytes to a file
// with fs (+ fsync); originals (`GET /a/<sha>.jpg`, ~100 KB) from Glam, from nginx as a static
// file, and from Glam behind nginx with X-Accel-Redirect, under the same wrk settings; and the
// server's RSS while 1 GB uploads stream in (raw, multipart, tus). Rounds alternate; medians.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { hasNginx } from '@glam/testing/nginx'
import { startNodeRuntime } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { startNginxPair } from './nginx-pair.ts'
import { type LoadResult, median, runWrk, summarize } from './wrk.ts'

const MB = 1e6
const auth = { authorization: 'Bearer glam_dev_admin' }

/** 1 MiB of whole CSV lines: every large upload repeats it after a first line of its own. */
const block = (() => {
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < 1024 * 1024 - 64; i++) {
    const line = `SKU-${i},Velvet Lipstick ${i % 97},${(i % 50) + 9}.90,Demo Beauty\n`
    lines.push(line)
    size += line.length
  }
  return Buffer.from(lines.join(''))
})()
const headOf = (tag: string) => Buffer.from(`sku,title,price,brand\nRUN-${tag},Bench feed,0.00,Glam\n`)

/** Bytes [from, to) of the feed `head + block + block + …`, as views (nothing is copied). */
function* feedBytes(head: Buffer, from: number, to: number): Generator<Buffer> {
  let at = from
  if (at < head.length) {
    yield head.subarray(at, Math.min(to, head.length))
    at = Math.min(to, head.length)
  }
  while (at < to) {
    const inBlock = (at - head.length) % block.length
    const n = Math.min(block.length - inBlock, to - at)
    yield block.subarray(inBlock, inBlock + n)
    at += n
  }
}

/** One request with a streamed body (backpressure honoured); stops writing if answered early. */
async function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  length: number,
  body: Iterable<Buffer>,
) {
  const started = performance.now()
  const req = request(url, { method, headers: { ...headers, 'content-length': String(length) } })
  let answered = false
  const answer = new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      req.once('error', reject)
      req.once('response', (res) => {
        answered = true
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          text += d
        })
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      })
    },
  )
  for (const chunk of body) {
    if (answered) break
    if (!req.write(chunk)) await Promise.race([once(req, 'drain'), answer])
  }
  req.end()
  const res = await answer
  return { ...res, ms: performance.now() - started }
}

type Upload = (base: string, bytes: number, tag: string) => Promise<number>

const expectStatus = (what: string, res: { status: number; text: string }, status: number) => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`)
}

const uploadRaw: Upload = async (base, bytes, tag) => {
  const head = headOf(tag)
  const res = await send(
    'POST',
    `${base}/api/assets?type=feed&name=feed.csv`,
    { ...auth, 'content-type': 'text/csv' },
    bytes,
    feedBytes(head, 0, bytes),
  )
  expectStatus('raw upload', res, 201)
  return res.ms
}

const uploadMultipart: Upload = async (base, bytes, tag) => {
  const boundary = `----glam-bench-${tag}`
  const pre = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nfeed\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="feed.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  )
  const post = Buffer.from(`\r\n--${boundary}--\r\n`)
  const head = headOf(tag)
  const body = (function* () {
    yield pre
    yield* feedBytes(head, 0, bytes)
    yield post
  })()
  const headers = { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }
  const res = await send('POST', `${base}/api/assets`, headers, pre.length + bytes + post.length, body)
  expectStatus('multipart upload', res, 201)
  return res.ms
}

/** tus: create, then PATCHes of 64 MiB (what a resumable client sends between checkpoints). */
const uploadTus: Upload = async (base, bytes, tag) => {
  const tus = { ...auth, 'tus-resumable': '1.0.0' }
  const started = performance.now()
  const created = await send(
    'POST',
    `${base}/api/assets/tus`,
    {
      ...tus,
      'upload-length': String(bytes),
      'upload-metadata': `type ${btoa('feed')},name ${btoa('feed.csv')}`,
    },
    0,
    [],
  )
  expectStatus('tus create', created, 201)
  const path = new URL(String(created.headers.location)).pathname
  const head = headOf(tag)
  for (let at = 0; at < bytes; at += 64 * 1024 * 1024) {
    const end = Math.min(bytes, at + 64 * 1024 * 1024)
    const headers = { ...tus, 'upload-offset': String(at), 'content-type': 'application/offset+octet-stream' }
    expectStatus(
      'tus patch',
      await send('PATCH', `${base}${path}`, headers, end - at, feedBytes(head, at, end)),
      204,
    )
  }
  return performance.now() - started
}

/** The same bytes to a file on the same disk: a write stream, fsync'd before it closes. */
async function plainWrite(file: string, bytes: number, tag: string) {
  const started = performance.now()
  const out = createWriteStream(file, { flush: true })
  for (const chunk of feedBytes(headOf(tag), 0, bytes)) if (!out.write(chunk)) await once(out, 'drain')
  out.end()
  await once(out, 'close')
  return performance.now() - started
}

/**
 * The Node baseline, in a child process like Glam: a bare node:http server that takes a POST
 * the way an upload must be taken (SHA-256 of every byte, written to a file, fsync'd) and
 * answers GET /<name>.jpg with the file from disk (stat, then a read stream).
 */
const bareServer = `
import { createServer } from 'node:http'
import { createReadStream, createWriteStream, statSync } from 'node:fs'
import { createHash, randomUUID } from 'node:crypto'
const root = process.argv[1]
createServer((req, res) => {
  if (req.method === 'POST') {
    const out = createWriteStream(root + '/' + randomUUID(), { flush: true })
    const hash = createHash('sha256')
    req.on('data', (chunk) => {
      hash.update(chunk)
      if (!out.write(chunk)) { req.pause(); out.once('drain', () => req.resume()) }
    })
    req.on('end', () => { out.end(); out.once('close', () => res.writeHead(201).end(hash.digest('hex'))) })
    return
  }
  if (!/^\\/[0-9a-f]{64}\\.jpg$/.test(req.url)) return res.writeHead(404).end()
  const file = root + req.url
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': statSync(file).size, 'cache-control': 'public, max-age=31536000, immutable' })
  createReadStream(file).pipe(res)
}).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
`

async function startBare(root: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', bareServer, root], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  return { url: `http://127.0.0.1:${line}`, stop: () => child.kill('SIGTERM') }
}

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024

/** Peak RSS of a process while `work` runs, sampled every 100 ms, against `baseline` (bytes). */
async function rssGrowth(pid: number, baseline: number, work: () => Promise<number>) {
  const before = rssOf(pid)
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid))
  }, 100)
  try {
    const ms = await work()
    peak = Math.max(peak, rssOf(pid))
    return { beforeMB: before / MB, peakMB: peak / MB, growthMB: (peak - baseline) / MB, ms }
  } finally {
    clearInterval(timer)
  }
}

/** A ~100 KB JPEG (noise compresses badly), the same every run. */
async function photo(): Promise<Buffer> {
  const { default: sharp } = await import('sharp')
  let seed = 7
  const noise = Buffer.alloc(400 * 300 * 3).map(() => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed >> 23
  })
  return sharp(noise, { raw: { width: 400, height: 300, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer()
}

const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000)
const row = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms   errors ${r.errors}`

const uploadBare: Upload = async (base, bytes, tag) => {
  const res = await send('POST', `${base}/`, {}, bytes, feedBytes(headOf(tag), 0, bytes))
  expectStatus('bare upload', res, 201)
  return res.ms
}

/** Medians per name, each with its ratio in % to each of `against`. */
function ratios(samples: Record<string, number[]>, against: string[]) {
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]))
  const pctOf = (v: number) =>
    Object.fromEntries(against.map((a) => [a, Math.round((v / medians[a]!) * 100)])) as Record<string, number>
  return Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, { value: v, pct: pctOf(v) }]))
}

export async function assetsBench({ seconds, rounds }: { seconds: number; rounds: number }) {
  if (!requireTool(hasNginx(), 'nginx (Debian package nginx)')) return undefined
  const uploadBytes = Number(process.env.BENCH_UPLOAD_MB ?? 200) * MB
  const bigBytes = Number(process.env.BENCH_RSS_MB ?? 1000) * MB
  const dir = mkdtempSync(join(tmpdir(), 'glam-bench-assets-'))
  const accelDir = join(dir, 'accel')
  const staticDir = join(dir, 'static')
  mkdirSync(accelDir)
  mkdirSync(staticDir)
  const server = (name: string, env: Record<string, string> = {}) =>
    startNodeRuntime({
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
      GLAM_EVENTS: 'memory',
      GLAM_SCHEDULER: 'false',
      DATABASE_URL: `file:${join(dir, name, 'glam.db')}`,
      CHDB_PATH: join(dir, name, 'chdb'),
      GLAM_BLOBS_DIR: join(dir, name, 'blobs'),
      ...env,
    })
  const bare = await startBare(staticDir)
  const glam = await server('off')
  const accel = await server('accel', { GLAM_ASSETS_ACCEL: 'nginx', GLAM_ASSETS_ACCEL_DIR: accelDir })
  // Port 0 serves the static file; port 1 is the README's block in front of the accel server.
  const nginx = await startNginxPair({
    staticDir,
    types: { 'image/jpeg': 'jpg' },
    glamUrl: accel.url,
    accelDir,
  })
  const behind = `http://127.0.0.1:${nginx.ports[1]}`
  const stopAll = async () => {
    bare.stop()
    await nginx.stop()
    await accel.stop()
    await glam.stop()
  }
  let rss: Awaited<ReturnType<typeof startNodeRuntime>> | undefined
  try {
    // Uploads: MB/s of one large feed. Each round gets its own first line (no dedup shortcut).
    console.log(`\nassets: upload of a ${uploadBytes / MB} MB feed, ${rounds} alternating rounds (MB/s)`)
    const [plainName, bareName] = ['plain fs write + fsync', 'bare node:http + sha256 + fsync']
    const up: Record<string, number[]> = {}
    for (let round = 1; round <= rounds; round++) {
      const file = join(dir, `plain-${round}.csv`)
      const runs: [string, () => Promise<number>][] = [
        [plainName, () => plainWrite(file, uploadBytes, `plain-${round}`)],
        [bareName, () => uploadBare(bare.url, uploadBytes, `bare-${round}`)],
        ['glam raw body', () => uploadRaw(glam.url, uploadBytes, `raw-${round}`)],
        ['glam multipart', () => uploadMultipart(glam.url, uploadBytes, `multipart-${round}`)],
        ['glam raw body via nginx', () => uploadRaw(behind, uploadBytes, `nginx-${round}`)],
      ]
      for (const [name, run] of runs) {
        const speed = mbps(uploadBytes, await run())
        up[name] = [...(up[name] ?? []), speed]
        console.log(`round ${round} ${name.padEnd(32)} ${speed.toFixed(0).padStart(6)} MB/s`)
      }
      rmSync(file, { force: true })
    }
    const uploads = ratios(up, [plainName, bareName])
    console.log('medians')
    for (const [name, r] of Object.entries(uploads))
      console.log(
        `${name.padEnd(32)} ${r.value.toFixed(0).padStart(6)} MB/s   ${r.pct[plainName]}% of plain fs, ${r.pct[bareName]}% of bare node:http`,
      )

    // Originals: the same ~100 KB JPEG four ways, the same wrk settings.
    const jpeg = await photo()
    let sha = ''
    for (const base of [glam.url, behind]) {
      const headers = { ...auth, 'content-type': 'image/jpeg' }
      const res = await send(
        'POST',
        `${base}/api/assets?type=product-photo&name=photo.jpg`,
        headers,
        jpeg.length,
        [jpeg],
      )
      expectStatus('photo upload', res, 201)
      sha = (JSON.parse(res.text) as { sha256: string }).sha256
    }
    writeFileSync(join(staticDir, `${sha}.jpg`), jpeg)
    const targets = {
      glam: `${glam.url}/a/${sha}.jpg`,
      bareNode: `${bare.url}/${sha}.jpg`,
      nginxStatic: `http://127.0.0.1:${nginx.ports[0]}/${sha}.jpg`,
      glamBehindNginx: `${behind}/a/${sha}.jpg`,
    }
    for (const [name, url] of Object.entries(targets)) {
      const res = await fetch(url) // also makes the raw copy before the clock runs
      const got = Buffer.from(await res.arrayBuffer())
      if (res.status !== 200 || !got.equals(jpeg))
        throw new Error(`${name}: ${res.status}, ${got.length} bytes`)
    }
    const connections = 16
    console.log(
      `\nassets: GET of a ${(jpeg.length / 1000).toFixed(0)} KB JPEG, wrk -t1 -c${connections} -d${seconds}s, ${rounds} alternating rounds`,
    )
    const loads: Record<string, LoadResult[]> = {}
    for (let round = 1; round <= rounds; round++)
      for (const [name, url] of Object.entries(targets)) {
        glam.output.length = 0
        accel.output.length = 0
        const r = await runWrk(url, { connections, seconds })
        loads[name] = [...(loads[name] ?? []), r]
        console.log(row(`round ${round} ${name}`, r))
      }
    const delivery = summarize(loads)
    const pct = (name: string, of: string) =>
      Math.round((delivery[name]!.requestsPerSecond / delivery[of]!.requestsPerSecond) * 100)
    console.log('medians')
    for (const [name, r] of Object.entries(delivery))
      console.log(
        `${row(name, r)}   ${pct(name, 'nginxStatic')}% of nginx, ${pct(name, 'bareNode')}% of bare node`,
      )
    await stopAll()

    // Memory: a fresh server alone on the machine, RSS sampled while 1 GB uploads stream in.
    rss = await server('rss')
    const pid = rss.child.pid!
    await uploadRaw(rss.url, 2 * MB, 'warm') // the first upload loads the ingest's code
    const baseline = rssOf(pid)
    console.log(
      `\nassets: server RSS while uploading ${bigBytes / MB} MB (sampled every 100 ms; growth over ${(baseline / MB).toFixed(0)} MB after a warm-up upload)`,
    )
    const memory: Record<string, Awaited<ReturnType<typeof rssGrowth>>> = {}
    for (const [name, upload] of [
      ['raw body', uploadRaw],
      ['multipart', uploadMultipart],
      ['tus (64 MiB PATCHes)', uploadTus],
    ] as const) {
      const base = rss.url
      const r = await rssGrowth(pid, baseline, () => upload(base, bigBytes, `rss-${name}`))
      memory[name] = r
      console.log(
        `${name.padEnd(22)} before ${r.beforeMB.toFixed(0).padStart(4)} MB   peak ${r.peakMB.toFixed(0).padStart(4)} MB   growth ${r.growthMB.toFixed(1).padStart(6)} MB   ${mbps(bigBytes, r.ms).toFixed(0)} MB/s`,
      )
    }
    return { uploadBytes, uploads, jpegBytes: jpeg.length, connections, delivery, bigBytes, memory }
  } finally {
    await stopAll()
    await rss?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
