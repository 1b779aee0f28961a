/**
 * A throwaway S3 server for tests: s3rver (an npm package) in a child process of its own, on a
 * port the kernel picks, over a temp directory, with one bucket. Test-only (s3rver is a dev
 * dependency).
 *
 * Why s3rver: it is pure JavaScript from npm, so every machine and CI has it with no binary,
 * container or download (MinIO and Garage are neither npm nor Debian packages here), and it
 * speaks enough of S3 for the adapter's requests: PutObject, GetObject with Range, HeadObject,
 * DeleteObject, ListObjectsV2 with continuation tokens, multipart uploads, HeadBucket. What it
 * gets wrong is pinned down in s3.test.ts ("what s3rver does not do like S3").
 *
 * Why a child process: s3rver makes its continuation tokens with DES, which Node 17+ (OpenSSL 3)
 * refuses unless started with `--openssl-legacy-provider` (without it, every truncated
 * ListObjectsV2 answer is a 500); and the server should not share the event loop of the client
 * it serves, or concurrency tests test nothing.
 *
 * ```ts
 * const s3 = await startS3rver()
 * const store = createS3BlobStore(s3.options)
 * await s3.stop()
 * ```
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { S3BlobStoreOptions } from './s3.ts'

export interface RunningS3rver {
  /** `http://127.0.0.1:PORT` */
  endpoint: string
  port: number
  bucket: string
  directory: string
  /** What createS3BlobStore needs to reach it (s3rver's fixed credentials, path-style URLs). */
  options: S3BlobStoreOptions
  /** Stops the server and starts a new one over the same directory (the same port when it is still free). */
  restart(): Promise<void>
  /** Stops the server and removes its directory. */
  stop(): Promise<void>
}

const running = new Set<ChildProcess>()
// A test run that dies early must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

function spawnServer(directory: string, bucket: string, port: number, legacyOpenSsl: boolean) {
  const entry = createRequire(import.meta.url).resolve('s3rver')
  const options = {
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  }
  const script = `
    const S3rver = require(${JSON.stringify(entry)})
    new S3rver(${JSON.stringify(options)}).run().then(
      (address) => process.stdout.write('listening ' + address.port + '\\n'),
      (err) => { console.error(err); process.exit(1) },
    )
    process.on('disconnect', () => process.exit(0))
  `
  const flags = legacyOpenSsl ? ['--openssl-legacy-provider'] : []
  const child = spawn(process.execPath, [...flags, '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  running.add(child)
  const output: string[] = []
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${output.join('')}`)), 20_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(String(chunk))
      const port = /listening (\d+)/.exec(output.join(''))?.[1]
      if (port) {
        clearTimeout(timer)
        resolve(Number(port))
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => output.push(String(chunk)))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`s3rver exited with ${code}: ${output.join('')}`))
    })
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    running.delete(child)
  }
  return { listening, stop }
}

export async function startS3rver(
  options: {
    bucket?: string
    /** Start Node with `--openssl-legacy-provider`, for s3rver's DES continuation tokens. Default true. */
    legacyOpenSsl?: boolean
  } = {},
): Promise<RunningS3rver> {
  const bucket = options.bucket ?? 'glam-test'
  const legacy = options.legacyOpenSsl ?? true
  const directory = mkdtempSync(join(tmpdir(), 'glam-s3rver-'))
  let server = spawnServer(directory, bucket, 0, legacy)

  const set = (port: number) => {
    result.port = port
    result.endpoint = `http://127.0.0.1:${port}`
    result.options = {
      endpoint: result.endpoint,
      bucket,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    }
  }
  const result: RunningS3rver = {
    endpoint: '',
    port: 0,
    bucket,
    directory,
    options: {} as S3BlobStoreOptions,
    async restart() {
      await server.stop()
      server = spawnServer(directory, bucket, result.port, legacy)
      try {
        set(await server.listening)
      } catch {
        // The port was taken meanwhile: any free one will do.
        server = spawnServer(directory, bucket, 0, legacy)
        set(await server.listening)
      }
    },
    async stop() {
      await server.stop()
      rmSync(directory, { recursive: true, force: true })
    },
  }
  try {
    set(await server.listening)
  } catch (err) {
    rmSync(directory, { recursive: true, force: true })
    throw err
  }
  return result
}
