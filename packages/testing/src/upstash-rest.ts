/**
 * A local stand-in for Upstash's REST API, in front of a real Redis (the harness in
 * `redis.ts`). A test fixture, not a product: it speaks the subset `@upstash/redis` 1.39 sends.
 *
 * Protocol (as the client in node_modules/@upstash/redis sends it):
 * - every request is `POST` with `Authorization: Bearer <token>` (else 401 `{error}`) and a
 *   JSON body;
 * - `POST /` with one command as an array, `["evalsha", sha, 2, k1, k2, a1]`, answers
 *   `{result}` (200) or `{error}` (400, the message Redis gave, e.g. `NOSCRIPT …`);
 * - `POST /pipeline` with an array of commands answers an array of `{result}` / `{error}`
 *   (200), each command run in order (the client auto-pipelines by default);
 * - `POST /multi-exec` the same, inside MULTI/EXEC;
 * - with `Upstash-Encoding: base64`, every string in a result is base64-encoded (numbers and
 *   null stay as they are), which the client decodes.
 *
 * Like Upstash, it accepts Lua scripts that start with `#!lua flags=…`; Redis 7.0 refuses that
 * line, so it is stripped before EVAL, and EVALSHA of the original script's hash is mapped to
 * the stripped script.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'

export interface UpstashRestServer {
  /** `http://127.0.0.1:PORT` — pass as the client's `url`. */
  url: string
  token: string
  /** Requests served, by path (`/`, `/pipeline`, `/multi-exec`), and refused for bad tokens. */
  stats: { commands: number; pipelines: number; transactions: number; unauthorized: number }
  stop(): Promise<void>
}

type Command = (string | number | boolean | null)[]
type Reply = { result: unknown } | { error: string }

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex')
const stripFlags = (script: string) => script.replace(/^\s*#!lua[^\n]*\n/, '')

const encode = (value: unknown): unknown =>
  typeof value === 'string'
    ? Buffer.from(value).toString('base64')
    : Array.isArray(value)
      ? value.map(encode)
      : value

export async function startUpstashRest(options: {
  redisUrl: string
  token?: string
}): Promise<UpstashRestServer> {
  const token = options.token ?? `test-token-${Math.random().toString(36).slice(2)}`
  const redis = new Redis(options.redisUrl, { protocol: 2, disableClientInfo: true, maxRetriesPerRequest: 1 })
  const scripts = new Map<string, string>()
  const stats = { commands: 0, pipelines: 0, transactions: 0, unauthorized: 0 }

  /** Command name and arguments for ioredis, with script flags translated for Redis 7.0. */
  const translate = (command: Command): [string, string[]] => {
    const [name, ...rest] = command.map((part) => (part === null ? '' : String(part)))
    const lower = (name ?? '').toLowerCase()
    if (lower === 'eval' && rest[0]) {
      const stripped = stripFlags(rest[0])
      scripts.set(sha1(rest[0]), sha1(stripped))
      rest[0] = stripped
    } else if (lower === 'evalsha' && rest[0]) {
      rest[0] = scripts.get(rest[0]) ?? rest[0]
    }
    return [lower, rest]
  }
  const reply = (err: Error | null, result: unknown): Reply =>
    err ? { error: err.message } : { result: result === undefined ? null : result }

  async function run(path: string, body: unknown): Promise<[number, unknown]> {
    if (path === '/') {
      if (!isCommand(body)) return [400, { error: 'ERR body must be a command array' }]
      stats.commands++
      const [name, args] = translate(body)
      try {
        return [200, reply(null, await redis.call(name, ...args))]
      } catch (err) {
        return [400, reply(err as Error, null)]
      }
    }
    if (path === '/pipeline' || path === '/multi-exec') {
      if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
        return [400, { error: 'ERR body must be an array of command arrays' }]
      }
      const transaction = path === '/multi-exec'
      if (transaction) stats.transactions++
      else stats.pipelines++
      const batch = transaction ? redis.multi() : redis.pipeline()
      for (const command of body) {
        const [name, args] = translate(command)
        batch.call(name, ...args)
      }
      try {
        const results = (await batch.exec()) ?? []
        return [200, results.map(([err, result]) => reply(err, result))]
      } catch (err) {
        return [400, { error: (err as Error).message }]
      }
    }
    return [404, { error: `ERR unknown path ${path}` }]
  }

  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '')
    const expected = Buffer.from(`Bearer ${token}`)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(payload))
    }
    if (req.method !== 'POST') return send(405, { error: 'ERR only POST is served here' })
    if (!authorized(req)) {
      stats.unauthorized++
      return send(401, { error: 'Unauthorized' })
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > 1024 * 1024) return send(413, { error: 'ERR body too large' })
      chunks.push(chunk as Buffer)
    }
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return send(400, { error: 'ERR body is not JSON' })
    }
    const [status, payload] = await run(new URL(req.url ?? '/', 'http://x').pathname, body)
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64'
    if (!base64) return send(status, payload)
    const encodeReply = (r: Reply) => ('result' in r ? { result: encode(r.result) } : r)
    send(status, Array.isArray(payload) ? payload.map(encodeReply) : encodeReply(payload as Reply))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    stats,
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    typeof value[0] === 'string' &&
    value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
  )
}
