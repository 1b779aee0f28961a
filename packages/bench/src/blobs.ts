// Write and read MB/s of one large blob (100 MB by default) through the filesystem and S3
// adapters, each beside the plain thing doing the same work in the same run: a plain fs stream
// copy to a file and back, and a plain aws4fetch PUT/GET against the same S3-compatible server
// (s3rver in a child process). Rounds alternate; medians are printed with ratios to the plain.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createFsBlobStore } from '@glam/blobs/fs'
import { createS3BlobStore } from '@glam/blobs/s3'
import { startS3rver } from '@glam/blobs/s3rver'
import type { BlobStore } from '@glam/core'
import { AwsClient } from 'aws4fetch'
import { median } from './wrk.ts'

const chunkSize = 1024 * 1024

/** The blob as a stream of 1 MiB chunks (the same bytes every time; no randomness to time). */
function source(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(chunkSize).map((_, i) => (i * 31 + 7) & 0xff)
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      const n = Math.min(chunkSize, bytes - sent)
      controller.enqueue(n === chunkSize ? chunk.slice() : chunk.slice(0, n))
      sent += n
    },
  })
}

async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0
  for await (const chunk of body) n += chunk.byteLength
  return n
}

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000)

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

async function throughStore(store: BlobStore, key: string, bytes: number) {
  const write = await timed(() => store.put(key, source(bytes), { contentType: 'application/octet-stream' }))
  let read = 0
  const readMs = await timed(async () => {
    read = await drain((await store.get(key))!.body)
  })
  if (read !== bytes) throw new Error(`read ${read} of ${bytes} bytes`)
  return { write: mbps(bytes, write), read: mbps(bytes, readMs) }
}

export async function blobsBench(
  bytes = Number(process.env.BENCH_BLOB_MB ?? 100) * 1e6,
  rounds = Number(process.env.BENCH_ROUNDS ?? 3),
) {
  console.log(`\nblobs: one ${bytes / 1e6} MB blob written and read, ${rounds} alternating rounds (MB/s)`)
  const dir = mkdtempSync(join(tmpdir(), 'glam-bench-blobs-'))
  const s3 = await startS3rver()
  const fsStore = createFsBlobStore({ dir: join(dir, 'store') })
  const s3Store = createS3BlobStore(s3.options)
  const { region, accessKeyId, secretAccessKey } = s3.options
  const aws = new AwsClient({ accessKeyId, secretAccessKey, region, service: 's3' })
  const samples: Record<string, { write: number[]; read: number[] }> = {}
  const add = (name: string, r: { write: number; read: number }) => {
    samples[name] ??= { write: [], read: [] }
    samples[name].write.push(r.write)
    samples[name].read.push(r.read)
    console.log(
      `${name.padEnd(28)} write ${r.write.toFixed(0).padStart(5)}   read ${r.read.toFixed(0).padStart(5)}`,
    )
  }
  try {
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}`)
      const file = join(dir, `plain-${round}.bin`)
      const plainWrite = await timed(() =>
        pipeline(Readable.fromWeb(source(bytes) as never), createWriteStream(file)),
      )
      const plainRead = await timed(async () => {
        await drain(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>)
      })
      add('plain fs stream copy', { write: mbps(bytes, plainWrite), read: mbps(bytes, plainRead) })
      add('glam filesystem adapter', await throughStore(fsStore, `bench/round-${round}.bin`, bytes))

      // The plain client sends the bytes it has in memory: what a hand-written PUT does.
      const body = new Uint8Array(await new Response(source(bytes)).arrayBuffer())
      const url = `${s3.endpoint}/${s3.bucket}/plain-${round}.bin`
      const put = await timed(async () => {
        const res = await aws.fetch(url, { method: 'PUT', body })
        if (!res.ok) throw new Error(`plain PUT ${res.status}`)
      })
      let got = 0
      const get = await timed(async () => {
        const res = await aws.fetch(url)
        got = await drain(res.body!)
      })
      if (got !== bytes) throw new Error(`plain GET read ${got} of ${bytes} bytes`)
      add('plain aws4fetch PUT/GET', { write: mbps(bytes, put), read: mbps(bytes, get) })
      add('glam S3 adapter', await throughStore(s3Store, `bench/round-${round}.bin`, bytes))
    }
  } finally {
    await s3.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  const summary = Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [
      name,
      { writeMBps: median(s.write), readMBps: median(s.read) },
    ]),
  )
  console.log('\nmedians (MB/s)')
  for (const [name, s] of Object.entries(summary))
    console.log(
      `${name.padEnd(28)} write ${s.writeMBps.toFixed(0).padStart(5)}   read ${s.readMBps.toFixed(0).padStart(5)}`,
    )
  const ratio = (a: string, b: string, k: 'writeMBps' | 'readMBps') =>
    `${((summary[a]![k] / summary[b]![k]) * 100).toFixed(0)}%`
  console.log(
    `ratios: filesystem/plain fs write ${ratio('glam filesystem adapter', 'plain fs stream copy', 'writeMBps')}, read ${ratio('glam filesystem adapter', 'plain fs stream copy', 'readMBps')}; S3 adapter/plain aws4fetch write ${ratio('glam S3 adapter', 'plain aws4fetch PUT/GET', 'writeMBps')}, read ${ratio('glam S3 adapter', 'plain aws4fetch PUT/GET', 'readMBps')}`,
  )
  return summary
}
