// Image variants, each figure beside the plain thing in the same run: a 4000×3000 JPEG → 800 px
// WebP computed by a Glam Node server (`GET /i/<sha>?<signed w=800&format=webp&q>`, a new variant
// every time) against the same sharp pipeline in a bare Node process; a warm variant (`?p=card`,
// WebP) from Glam, from a bare node:http server holding the same bytes, from nginx as a static
// file and from Glam behind nginx with X-Accel-Redirect, under the same wrk settings; and a fresh
// server's RSS while 8 new variants (hero, 1600 px WebP of 8 sources) are computed at once,
// beside the bare process doing the same 8. Alternating; medians.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { signVariantQuery } from '@glam/images/variants'
import { hasNginx } from '@glam/testing/nginx'
import { repoRoot, startNodeRuntime } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { startNginxPair } from './nginx-pair.ts'
import { type LoadResult, median, runWrk, summarize } from './wrk.ts'

const MB = 1e6
const auth = { authorization: 'Bearer glam_dev_admin' }
/** The servers' GLAM_SECRET, so this process can sign free parameters. */
const secret = 'glam-bench-images-secret-0123456789abcdef'
const webpAccept = 'image/webp,image/*,*/*;q=0.8'
const [sourceWidth, sourceHeight] = [4000, 3000]
/** Sources made: part 1 computes each at every quality below, part 3 all of them at once. */
const sourceCount = 8
/** Each is a new variant key of the same cost (w=800, WebP); 80 is Glam's WebP default. */
const qualities = [80, 79, 81]
const computeWidth = 800

/**
 * A 4000×3000 JPEG at quality 85, realistic-ish: smooth colour fields (a 16×12 random image
 * upscaled) under a grain of detail (a 1000×750 noise image upscaled). Seeded: the same every run.
 */
async function sourceJpeg(seed: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp')
  let state = seed * 7919 + 13
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state >> 23
  }
  const raw = (width: number, height: number) => ({ raw: { width, height, channels: 3 as const } })
  const coarse = Buffer.alloc(16 * 12 * 3).map(() => next() * 2)
  const fine = Buffer.alloc(1000 * 750 * 3).map(() => next())
  const fields = await sharp(coarse, raw(16, 12))
    .resize(sourceWidth, sourceHeight, { kernel: 'cubic' })
    .raw()
    .toBuffer()
  const grain = await sharp(fine, raw(1000, 750))
    .resize(sourceWidth, sourceHeight, { kernel: 'lanczos3' })
    .raw()
    .toBuffer()
  for (let i = 0; i < fields.length; i++) fields[i] = (fields[i]! * 3 + grain[i]!) >> 2
  return sharp(fields, raw(sourceWidth, sourceHeight)).jpeg({ quality: 85 }).toBuffer()
}

/**
 * The baseline, in a child process like Glam: a bare Node process with the same sharp (same
 * `sharp.concurrency()` default, same libvips cache), one job per stdin line, one JSON answer per
 * stdout line. `plain` is the pipeline as one would write it; `glam` repeats what Glam's images
 * port does (packages/images/src/sharp.ts: a header read first, limits, autoOrient, sRGB). The
 * source is read once per file and held, so a job times sharp alone. `batch` runs jobs `atOnce`
 * at a time (what Glam's port does with GLAM_IMAGE_CONCURRENCY=0: one per core).
 */
const bareSharp = `
import sharp from 'sharp'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
const held = new Map()
const bytesOf = (file) => held.get(file) ?? held.set(file, readFileSync(file)).get(file)
const plain = (input, { width, quality }) =>
  sharp(input).rotate().resize({ width, fit: 'inside', withoutEnlargement: true }).webp({ quality })
const glam = async (input, { width, quality }) => {
  await sharp(input, { limitInputPixels: false, failOn: 'error' }).metadata()
  return sharp(input, { limitInputPixels: 100_000_000, failOn: 'error', autoOrient: true, animated: false })
    .timeout({ seconds: 20 })
    .resize({ width, fit: 'inside', withoutEnlargement: true, background: { r: 255, g: 255, b: 255, alpha: 0 } })
    .toColourspace('srgb')
    .toFormat('webp', { quality })
}
const one = async (job) => {
  const input = bytesOf(job.file)
  const started = performance.now()
  const pipeline = await (job.pipeline === 'glam' ? glam : plain)(input, job)
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true })
  return { ms: performance.now() - started, bytes: data.length, width: info.width, height: info.height }
}
const answer = (value) => process.stdout.write(JSON.stringify(value) + '\\n')
createInterface({ input: process.stdin }).on('line', async (line) => {
  const job = JSON.parse(line)
  if (!job.batch) return answer(await one(job))
  const queue = [...job.batch]
  const started = performance.now()
  await Promise.all(Array.from({ length: job.atOnce }, async () => { while (queue.length) await one(queue.shift()) }))
  answer({ ms: performance.now() - started })
})
answer({ concurrency: sharp.concurrency(), vips: sharp.versions.vips })
`

interface SharpJob {
  file: string
  width: number
  quality: number
  pipeline: 'plain' | 'glam'
}
interface SharpAnswer {
  ms: number
  bytes: number
  width: number
  height: number
}

/** Asks one job at a time and waits for its line (the child answers in order). */
async function startBareSharp() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', bareSharp], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const next = async <T>() => {
    const { value, done } = await lines.next()
    if (done) throw new Error('the bare sharp process exited')
    return JSON.parse(value as string) as T
  }
  const hello = await next<{ concurrency: number; vips: string }>()
  const ask = <T>(job: unknown) => {
    child.stdin!.write(`${JSON.stringify(job)}\n`)
    return next<T>()
  }
  return {
    pid: child.pid!,
    ...hello,
    run: (job: SharpJob) => ask<SharpAnswer>(job),
    batch: (batch: SharpJob[], atOnce: number) => ask<{ ms: number }>({ batch, atOnce }),
    stop: () => {
      child.stdin!.end()
      child.kill('SIGTERM')
    },
  }
}

/**
 * Node's own ceiling for this answer, in a child process like Glam: a bare node:http server that
 * answers every request with the variant's bytes from memory and Glam's headers (built once).
 */
const bareServer = `
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
const bytes = readFileSync(process.argv[1])
const headers = { ...JSON.parse(process.argv[2]), 'content-length': String(bytes.length) }
createServer((req, res) => {
  res.writeHead(200, headers)
  res.end(bytes)
}).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
`

async function startBare(file: string, headers: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', bareServer, file, JSON.stringify(headers)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  return { url: `http://127.0.0.1:${line}`, pid: child.pid!, stop: () => child.kill('SIGTERM') }
}

/**
 * CPU milliseconds a process has used so far: its live threads' schedstat (nanoseconds), and
 * /proc/<pid>/stat's user + system time (10 ms ticks, but it keeps the time of threads that
 * ended, as libvips' idle workers do). `cpuSince` takes the fine figure unless a thread ended.
 */
const cpuMsOf = (pid: number) => {
  let ns = 0
  for (const task of readdirSync(`/proc/${pid}/task`))
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      // the thread ended between the listing and the read
    }
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return { threads: ns / 1e6, ticks: (Number(fields[11]) + Number(fields[12])) * 10 }
}
const cpuSince = (pid: number, before: ReturnType<typeof cpuMsOf>) => {
  const now = cpuMsOf(pid)
  const fine = now.threads - before.threads
  const coarse = now.ticks - before.ticks
  return Math.abs(fine - coarse) > 20 ? coarse : fine
}

const statusOf = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8')
const kBOf = (status: string, field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024
const rssOf = (pid: number) => kBOf(statusOf(pid), 'VmRSS')

/** Resets the kernel's high-water mark (VmHWM) to the current RSS; false where not allowed. */
const resetPeak = (pid: number) => {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/**
 * Peak RSS of a process while `work` runs: sampled every 20 ms, and the kernel's VmHWM (reset
 * first, so it is the peak of this work alone; a short peak between two samples shows there).
 */
async function rssPeak(pid: number, work: () => Promise<number>) {
  const before = rssOf(pid)
  const hwm = resetPeak(pid)
  let sampled = before
  const timer = setInterval(() => {
    sampled = Math.max(sampled, rssOf(pid))
  }, 20)
  try {
    const ms = await work()
    const status = statusOf(pid)
    sampled = Math.max(sampled, kBOf(status, 'VmRSS'))
    const peak = hwm ? Math.max(sampled, kBOf(status, 'VmHWM')) : sampled
    return {
      beforeMB: before / MB,
      sampledPeakMB: sampled / MB,
      peakMB: peak / MB,
      growthMB: (peak - before) / MB,
      afterMB: kBOf(status, 'VmRSS') / MB,
      hwm,
      ms,
    }
  } finally {
    clearInterval(timer)
  }
}

async function upload(base: string, jpeg: Buffer, name: string): Promise<string> {
  const res = await fetch(`${base}/api/assets?type=campaign-image&name=${name}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'image/jpeg' },
    body: jpeg as Uint8Array<ArrayBuffer>,
  })
  const text = await res.text()
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${text.slice(0, 300)}`)
  return (JSON.parse(text) as { sha256: string }).sha256
}

/** One variant request, timed from the client: its bytes, X-Variant-Cache and wall time. */
async function variant(url: string, headers: Record<string, string> = {}) {
  const started = performance.now()
  const res = await fetch(url, { headers: { accept: webpAccept, ...headers } })
  const bytes = Buffer.from(await res.arrayBuffer())
  const ms = performance.now() - started
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${bytes.toString('utf8', 0, 300)}`)
  return {
    bytes,
    ms,
    cache: res.headers.get('x-variant-cache'),
    type: res.headers.get('content-type'),
    headers: res.headers,
  }
}

const expectMiss = (what: string, got: { cache: string | null; type: string | null }) => {
  if (got.cache !== 'miss' || got.type !== 'image/webp')
    throw new Error(`${what}: X-Variant-Cache ${got.cache}, ${got.type} (wanted a computed WebP)`)
}

/** The JSON log lines a server wrote (LOG_LEVEL=info), by event. */
const logLines = (output: string[], event: string) =>
  output.flatMap((line) => {
    if (!line.startsWith('{')) return []
    try {
      const record = JSON.parse(line) as Record<string, unknown>
      return record.event === event ? [record] : []
    } catch {
      return []
    }
  })

const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`
const row = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms   errors ${r.errors}`

export async function imagesBench({ seconds, rounds }: { seconds: number; rounds: number }) {
  if (!requireTool(hasNginx(), 'nginx (Debian package nginx)')) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'glam-bench-images-'))
  const accelDir = join(dir, 'accel')
  const staticDir = join(dir, 'static')
  const sourcesDir = join(dir, 'sources')
  for (const d of [accelDir, staticDir, sourcesDir]) mkdirSync(d)
  const server = (name: string, env: Record<string, string> = {}) =>
    startNodeRuntime({
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
      GLAM_EVENTS: 'memory',
      GLAM_SCHEDULER: 'false',
      GLAM_SECRET: secret,
      DATABASE_URL: `file:${join(dir, name, 'glam.db')}`,
      CHDB_PATH: join(dir, name, 'chdb'),
      GLAM_BLOBS_DIR: join(dir, name, 'blobs'),
      ...env,
    })
  const stops: (() => unknown)[] = []
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
  }
  try {
    console.log(`\nimages: making ${sourceCount} ${sourceWidth}×${sourceHeight} JPEGs (quality 85)`)
    const sources: { file: string; jpeg: Buffer }[] = []
    for (let i = 0; i < sourceCount; i++) {
      const jpeg = await sourceJpeg(i + 1)
      const file = join(sourcesDir, `source-${i}.jpg`)
      writeFileSync(file, jpeg)
      sources.push({ file, jpeg })
    }
    const sourceBytes = median(sources.map((s) => s.jpeg.length))
    console.log(`median ${(sourceBytes / MB).toFixed(2)} MB each`)

    // 1. Compute: a new variant from Glam (client wall time; the server's own times from its
    // info log; the CPU its threads used) against sharp in the bare process, per source and
    // quality, alternating. CPU time is the steadier figure on a shared machine.
    const compute = await server('compute', { LOG_LEVEL: 'info' })
    stops.push(() => compute.stop())
    const bare = await startBareSharp()
    stops.push(() => bare.stop())
    const shas = await Promise.all(sources.map((s, i) => upload(compute.url, s.jpeg, `source-${i}.jpg`)))
    const signed = (sha: string, params: Record<string, string | number>) =>
      `${compute.url}/i/${sha}?${signVariantQuery(secret, sha, params)}`
    // Warm-up, off the clock: the route's code, libvips' WebP encoder, in both processes.
    expectMiss('warm-up', await variant(signed(shas[0]!, { w: 640, format: 'webp' })))
    for (const pipeline of ['plain', 'glam'] as const)
      await bare.run({ file: sources[0]!.file, width: 640, quality: 80, pipeline })
    console.log(
      `\nimages: ${sourceWidth}×${sourceHeight} JPEG → ${computeWidth} px WebP, a new variant each time (q ${qualities.join(', ')} × ${sourceCount} sources), alternating; sharp.concurrency() ${bare.concurrency} (libvips ${bare.vips}) in both`,
    )
    const times: Record<string, number[]> = {}
    const add = (name: string, v: number) => {
      times[name] = [...(times[name] ?? []), v]
    }
    const pairs: number[] = []
    let n = 0
    for (const quality of qualities)
      for (const [i, sha] of shas.entries()) {
        const requestId = `bench-images-${n}`
        const url = signed(sha, { w: computeWidth, format: 'webp', q: quality })
        const job = { file: sources[i]!.file, width: computeWidth, quality }
        const viaGlam = async () => {
          const before = cpuMsOf(compute.child.pid!)
          const got = await variant(url, { 'x-request-id': requestId })
          add('glamCpu', cpuSince(compute.child.pid!, before))
          expectMiss(`variant q${quality} of source ${i}`, got)
          return got
        }
        const viaSharp = async () => {
          const before = cpuMsOf(bare.pid)
          const answer = await bare.run({ ...job, pipeline: 'plain' })
          add('sharpCpu', cpuSince(bare.pid, before))
          return answer
        }
        // Who goes first alternates, so a slow moment of the machine is shared out evenly.
        const glamFirst = n++ % 2 === 0
        const first = glamFirst ? await viaGlam() : await viaSharp()
        const second = glamFirst ? await viaSharp() : await viaGlam()
        const [got, plain] = (glamFirst ? [first, second] : [second, first]) as [
          Awaited<ReturnType<typeof viaGlam>>,
          SharpAnswer,
        ]
        const glamLike = await bare.run({ ...job, pipeline: 'glam' })
        // The same variant again, now held: HTTP and the route without the computation.
        const warm = await variant(url)
        if (warm.cache !== 'memory') throw new Error(`warm variant: X-Variant-Cache ${warm.cache}`)
        if (glamLike.bytes !== got.bytes.length)
          console.log(
            `  note: Glam's ${got.bytes.length} bytes, sharp with Glam's pipeline ${glamLike.bytes}`,
          )
        const key = `variants/${sha}/${computeWidth}x_-inside-q${quality}-s.webp`
        const computed = logLines(compute.output, 'image.variant_computed').find((l) => l.key === key)
        const request = logLines(compute.output, 'request').find((l) => l.requestId === requestId)
        add('glam', got.ms)
        add('sharp', plain.ms)
        add('sharpGlamPipeline', glamLike.ms)
        add('glamWarm', warm.ms)
        pairs.push(got.ms / plain.ms)
        if (typeof request?.ms === 'number') add('glamServerRequest', request.ms)
        if (typeof computed?.ms === 'number') add('glamTransform', computed.ms)
        const cpu = (name: string) => ms(times[name]!.at(-1)!)
        console.log(
          `q${quality} source ${i}   glam ${ms(got.ms)} (server ${ms(Number(request?.ms))}, transform + put ${ms(Number(computed?.ms))}, CPU ${cpu('glamCpu')}, warm ${ms(warm.ms)})   sharp ${ms(plain.ms)} (CPU ${cpu('sharpCpu')})   sharp, Glam's pipeline ${ms(glamLike.ms)}`,
        )
      }
    const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<
      string,
      number
    >
    const least = (name: string) => Math.min(...(times[name] ?? [Number.NaN]))
    const computeResult = {
      samples: times.glam!.length,
      glamMs: med.glam!,
      sharpMs: med.sharp!,
      ratio: med.glam! / med.sharp!,
      medianPairedRatio: median(pairs),
      sharpGlamPipelineMs: med.sharpGlamPipeline!,
      glamServerRequestMs: med.glamServerRequest,
      /** `image.variant_computed`'s ms: images.transform and the put of the result in the store. */
      glamTransformAndPutMs: med.glamTransform,
      glamWarmMs: med.glamWarm!,
      glamCpuMs: med.glamCpu!,
      sharpCpuMs: med.sharpCpu!,
      cpuRatio: med.glamCpu! / med.sharpCpu!,
      minMs: Object.fromEntries(Object.keys(times).map((k) => [k, least(k)])),
      sharpConcurrency: bare.concurrency,
    }
    const line = (label: string, name: string) =>
      console.log(
        `${label.padEnd(44)} ${ms(med[name]!)}   ${(med[name]! / med.sharp!).toFixed(2)}× sharp   (min ${ms(least(name))})`,
      )
    console.log(`medians (${times.glam!.length} of each)`)
    line('glam GET, a new variant (client wall time)', 'glam')
    line('  glam request (server log)', 'glamServerRequest')
    line('  glam transform + blob put (server log)', 'glamTransform')
    line('  glam GET, the same variant warm', 'glamWarm')
    line("sharp, Glam's pipeline (bare process)", 'sharpGlamPipeline')
    line('sharp (bare process)', 'sharp')
    console.log(
      `${'CPU: glam server process / bare process'.padEnd(44)} ${ms(med.glamCpu!)} / ${ms(med.sharpCpu!).trim()} = ${(med.glamCpu! / med.sharpCpu!).toFixed(2)}×`,
    )
    console.log(`${'glam / sharp, median of the pairs'.padEnd(44)} ${median(pairs).toFixed(2).padStart(7)}×`)
    await stopAll()

    // 2. Delivery: the same warm card WebP four ways, the same wrk settings.
    const glam = await server('off')
    stops.push(() => glam.stop())
    const accel = await server('accel', { GLAM_ASSETS_ACCEL: 'nginx', GLAM_ASSETS_ACCEL_DIR: accelDir })
    stops.push(() => accel.stop())
    // Port 0 serves the static file; port 1 is the README's setup (its very block) in front of the
    // accel server: a placed preset variant is sent by nginx without asking Glam.
    const nginx = await startNginxPair({
      staticDir,
      types: { 'image/webp': 'webp' },
      glamUrl: accel.url,
      accelDir,
    })
    stops.push(() => nginx.stop())
    const behind = `http://127.0.0.1:${nginx.ports[1]}`
    let sha = ''
    for (const base of [glam.url, behind]) sha = await upload(base, sources[0]!.jpeg, 'card.jpg')
    const card = await variant(`${glam.url}/i/${sha}?p=card`)
    expectMiss('card', card)
    writeFileSync(join(staticDir, 'card.webp'), card.bytes)
    const warmCard = await variant(`${glam.url}/i/${sha}?p=card`)
    const skip = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
    const bareNode = await startBare(
      join(staticDir, 'card.webp'),
      Object.fromEntries([...warmCard.headers].filter(([name]) => !skip.has(name))),
    )
    stops.push(() => bareNode.stop())
    const targets = {
      glam: `${glam.url}/i/${sha}?p=card`,
      bareNode: `${bareNode.url}/card.webp`,
      nginxStatic: `http://127.0.0.1:${nginx.ports[0]}/card.webp`,
      glamBehindNginx: `${behind}/i/${sha}?p=card`,
    }
    /** The process whose CPU per request is shown (Glam's, not nginx's, behind nginx). */
    const pids: Record<string, number> = {
      glam: glam.child.pid!,
      bareNode: bareNode.pid,
      glamBehindNginx: accel.child.pid!,
    }
    await variant(targets.glamBehindNginx) // computes it there, and writes the raw copy
    for (const [name, url] of Object.entries(targets)) {
      const got = await variant(url)
      const warm =
        name === 'nginxStatic' || name === 'bareNode' || got.cache === 'memory' || got.cache === 'nginx'
      if (!got.bytes.equals(card.bytes) || got.type !== 'image/webp' || !warm)
        throw new Error(`${name}: ${got.bytes.length} bytes, ${got.type}, X-Variant-Cache ${got.cache}`)
    }
    const script = join(dir, 'accept-webp.lua')
    writeFileSync(script, `wrk.headers["Accept"] = "${webpAccept}"\n`)
    const connections = 50
    console.log(
      `\nimages: GET of a warm ${(card.bytes.length / 1000).toFixed(0)} KB card WebP (Accept: ${webpAccept}), wrk -t1 -c${connections} -d${seconds}s, ${rounds} alternating rounds`,
    )
    const loads: Record<string, LoadResult[]> = {}
    const cpu: Record<string, number[]> = {}
    const cpuColumn = (name: string, us: number | undefined) =>
      us === undefined ? '' : `   ${name === 'glamBehindNginx' ? 'glam ' : ''}CPU ${us.toFixed(0)} µs/req`
    for (let round = 1; round <= rounds; round++)
      for (const [name, url] of Object.entries(targets)) {
        glam.output.length = 0
        accel.output.length = 0
        const pid = pids[name]
        const before = pid ? cpuMsOf(pid) : undefined
        const r = await runWrk(url, { connections, seconds, script })
        const us = pid && before ? (cpuSince(pid, before) / (r.requestsPerSecond * seconds)) * 1e3 : undefined
        loads[name] = [...(loads[name] ?? []), r]
        if (us !== undefined) cpu[name] = [...(cpu[name] ?? []), us]
        console.log(`${row(`round ${round} ${name}`, r)}${cpuColumn(name, us)}`)
      }
    const delivery = summarize(loads)
    const cpuPerRequestUs = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]))
    const pct = (name: string) =>
      Math.round((delivery[name]!.requestsPerSecond / delivery.nginxStatic!.requestsPerSecond) * 100)
    console.log('medians')
    for (const [name, r] of Object.entries(delivery))
      console.log(
        `${row(name, r)}   ${String(pct(name)).padStart(3)}% of nginx${cpuColumn(name, cpuPerRequestUs[name])}`,
      )
    // Each round's ratio to the nginx run beside it (noise hits both alike), and their median.
    const perRound: Record<string, number[]> = {}
    for (const name of Object.keys(loads))
      perRound[name] = loads[name]!.map(
        (r, i) => r.requestsPerSecond / loads.nginxStatic![i]!.requestsPerSecond,
      )
    for (const name of ['glam', 'bareNode', 'glamBehindNginx'])
      console.log(
        `${`${name} / nginx, per round`.padEnd(36)} ${perRound[name]!.map((x) => x.toFixed(2)).join(', ')}   median ${median(perRound[name]!).toFixed(2)}×`,
      )
    await stopAll()

    // 3. Memory: a fresh server alone on the machine, 8 new hero variants asked for at once;
    // then the bare process (fresh too) computing the same 8, as many at once as Glam's port.
    const atOnce = Math.max(1, availableParallelism())
    const rss = await server('rss')
    stops.push(() => rss.stop())
    const rssShas = await Promise.all(sources.map((s, i) => upload(rss.url, s.jpeg, `source-${i}.jpg`)))
    expectMiss('warm-up', await variant(`${rss.url}/i/${rssShas[0]}?p=thumb`)) // the variant route's code
    const glamMemory = await rssPeak(rss.child.pid!, async () => {
      const started = performance.now()
      const got = await Promise.all(rssShas.map((s) => variant(`${rss.url}/i/${s}?p=hero`)))
      for (const [i, g] of got.entries()) expectMiss(`hero of source ${i}`, g)
      return performance.now() - started
    })
    await stopAll()
    const fresh = await startBareSharp()
    stops.push(() => fresh.stop())
    const job = (i: number, width: number): SharpJob => ({
      file: sources[i]!.file,
      width,
      quality: 80,
      pipeline: 'glam',
    })
    // As Glam's uploads did: a placeholder-sized pass over each source, then the thumb warm-up.
    await fresh.batch(
      [...sources.keys()].map((i) => job(i, 100)),
      1,
    )
    await fresh.run(job(0, 160))
    const bareMemory = await rssPeak(
      fresh.pid,
      async () =>
        (
          await fresh.batch(
            [...sources.keys()].map((i) => job(i, 1600)),
            atOnce,
          )
        ).ms,
    )
    console.log(
      `\nimages: RSS while ${sourceCount} new 1600 px WebPs of ${sourceWidth}×${sourceHeight} JPEGs are computed at once (Glam: ${atOnce} at a time, GLAM_IMAGE_CONCURRENCY=0; sampled every 20 ms${glamMemory.hwm ? ' + VmHWM' : ''})`,
    )
    const memory = { atOnce, glam: glamMemory, bareSharp: bareMemory }
    for (const [name, r] of [
      ['glam GET ?p=hero ×8 at once', glamMemory],
      [`bare sharp, ${atOnce} at a time`, bareMemory],
    ] as const)
      console.log(
        `${name.padEnd(30)} before ${r.beforeMB.toFixed(0).padStart(4)} MB   peak ${r.peakMB.toFixed(0).padStart(4)} MB (sampled ${r.sampledPeakMB.toFixed(0)})   growth ${r.growthMB.toFixed(1).padStart(6)} MB   after ${r.afterMB.toFixed(0).padStart(4)} MB   wall ${ms(r.ms)}`,
      )
    return {
      source: { width: sourceWidth, height: sourceHeight, jpegQuality: 85, medianBytes: sourceBytes },
      compute: computeResult,
      cardBytes: card.bytes.length,
      connections,
      delivery,
      deliveryPctOfNginx: Object.fromEntries(Object.keys(delivery).map((k) => [k, pct(k)])),
      deliveryRatioPerRound: perRound,
      cpuPerRequestUs,
      memory,
    }
  } finally {
    await stopAll()
    rmSync(dir, { recursive: true, force: true })
  }
}
