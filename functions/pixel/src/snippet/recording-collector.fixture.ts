/**
 * A stand-in for Glam in browser tests (the pixel's own and the demo shop's): serves the built
 * snippet at /pixel.js and records what reaches /collect, beacon and fetch POSTs as well as
 * image GETs (`/collect?d=<json>`), answering each the way the real endpoint does.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { snippetSource, snippetVersion } from './generated.ts'

export interface CollectedRequest {
  transport: 'post' | 'image'
  contentType: string
  /** The Origin header, when the browser sent one. */
  origin: string | undefined
  /** The JSON text as received. */
  raw: string
  /** `raw` parsed, or undefined when it was not JSON. */
  payload: Record<string, unknown> | undefined
}

export interface RecordingCollector {
  /** Origin of the server, e.g. `http://127.0.0.1:40123`: the tag's src is `${url}/pixel.js`. */
  url: string
  collected: CollectedRequest[]
  /** Hold /pixel.js back this long, so that calls made before it arrives are queued. */
  scriptDelayMs: number
  close(): Promise<void>
}

// 1×1 transparent GIF, the answer to the image fallback.
const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const parse = (raw: string) => {
  try {
    const value: unknown = JSON.parse(raw)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

export async function startRecordingCollector(): Promise<RecordingCollector> {
  const collected: CollectedRequest[] = []
  const state = { scriptDelayMs: 0 }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://collector.invalid')
    const origin = req.headers.origin
    if (url.pathname === '/pixel.js' && req.method === 'GET') {
      if (state.scriptDelayMs > 0) await new Promise((r) => setTimeout(r, state.scriptDelayMs))
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
        etag: `"${snippetVersion}"`,
      })
      res.end(snippetSource)
      return
    }
    if (url.pathname === '/collect' && req.method === 'POST') {
      const raw = await readBody(req)
      collected.push({
        transport: 'post',
        contentType: req.headers['content-type'] ?? '',
        origin,
        raw,
        payload: parse(raw),
      })
      res.writeHead(204, { 'access-control-allow-origin': origin ?? '*', vary: 'Origin' })
      res.end()
      return
    }
    if (url.pathname === '/collect' && req.method === 'GET' && url.searchParams.has('d')) {
      const raw = url.searchParams.get('d') ?? ''
      collected.push({ transport: 'image', contentType: '', origin, raw, payload: parse(raw) })
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' })
      res.end(gif)
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    collected,
    get scriptDelayMs() {
      return state.scriptDelayMs
    },
    set scriptDelayMs(ms: number) {
      state.scriptDelayMs = ms
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
