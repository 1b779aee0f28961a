/**
 * A ClickHouse HTTP front over chDB: the subset of ClickHouse's HTTP interface that the
 * official clients (@clickhouse/client, @clickhouse/client-web) use, so the edge worker in
 * development and the tests talk to the embedded engine exactly as to a server.
 *
 * Supported:
 * - `GET|HEAD /ping` → `Ok.`
 * - `POST /?query_id=…&param_<name>=…&database=…` with the SQL in the body (SELECT, DDL), or
 *   with `query=<INSERT … FORMAT JSONEachRow>` in the URL and the rows in the body
 * - `GET /?query=…` for read-only queries
 * - errors as ClickHouse sends them: status 500 (404 for unknown tables), the
 *   `Code: N. DB::Exception: …` text, and `X-ClickHouse-Exception-Code`
 * Not supported: sessions, compression (requests and answers are plain), native formats,
 * authentication (it listens on loopback only).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Session } from 'chdb'

const contentTypes: Record<string, string> = {
  JSON: 'application/json; charset=UTF-8',
  JSONEachRow: 'application/x-ndjson; charset=UTF-8',
  JSONCompactEachRow: 'application/x-ndjson; charset=UTF-8',
  JSONEachRowWithProgress: 'application/x-ndjson; charset=UTF-8',
}

const maxBodyBytes = 256 * 1024 * 1024

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBodyBytes)
      throw Object.assign(new Error('Code: 307. DB::Exception: request body too large'), { status: 413 })
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const exceptionCode = (message: string) => /^Code: (\d+)\./.exec(message)?.[1] ?? '1000'

export interface FrontOptions {
  session: Session
  host?: string
  port?: number
  log?: (line: Record<string, unknown>) => void
}

export function createClickHouseFront(options: FrontOptions): Server {
  const { session } = options
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://front')
    if (url.pathname === '/ping') {
      res
        .writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' })
        .end(req.method === 'HEAD' ? undefined : 'Ok.\n')
      return
    }
    if (url.pathname !== '/') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('There is no handle for this path.\n')
      return
    }
    const queryId = url.searchParams.get('query_id') ?? crypto.randomUUID()
    try {
      const body = req.method === 'POST' ? await readBody(req) : ''
      const inUrl = url.searchParams.get('query')
      const sql = inUrl ? (body ? `${inUrl}\n${body}` : inUrl) : body
      if (!sql.trim()) throw new Error('Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)')
      if (req.method === 'GET' && !/^\s*(select|show|describe|desc|exists|with)\b/i.test(sql)) {
        throw Object.assign(
          new Error('Code: 164. DB::Exception: Cannot modify data in a GET request. (READONLY)'),
          { status: 400 },
        )
      }
      const params: Record<string, string> = {}
      for (const [key, value] of url.searchParams) if (key.startsWith('param_')) params[key.slice(6)] = value
      const database = url.searchParams.get('database')
      const statement =
        database && database !== 'default' ? `USE ${database.replace(/[^\w]/g, '')};\n${sql}` : sql
      const started = performance.now()
      const result =
        Object.keys(params).length > 0
          ? await session.queryBindAsync(statement, params, { format: 'TabSeparated' })
          : await session.queryAsync(statement, { format: 'TabSeparated' })
      const format = /\bFORMAT\s+(\w+)\s*;?\s*$/i.exec(sql)?.[1] ?? 'TabSeparated'
      res.writeHead(200, {
        'Content-Type': contentTypes[format] ?? 'text/tab-separated-values; charset=UTF-8',
        'X-ClickHouse-Query-Id': queryId,
        'X-ClickHouse-Format': format,
        'X-ClickHouse-Summary': JSON.stringify({
          read_rows: String(result.rowsRead),
          read_bytes: String(result.bytesRead),
          elapsed_ns: String(Math.round((performance.now() - started) * 1e6)),
        }),
      })
      res.end(Buffer.from(result.bytes()))
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const status =
        (err as { status?: number }).status ?? (/UNKNOWN_TABLE|UNKNOWN_DATABASE/.test(message) ? 404 : 500)
      options.log?.({ event: 'front.query_failed', queryId, status, message: message.slice(0, 300) })
      if (!res.headersSent) {
        res.writeHead(status, {
          'Content-Type': 'text/plain; charset=UTF-8',
          'X-ClickHouse-Query-Id': queryId,
          'X-ClickHouse-Exception-Code': exceptionCode(message),
        })
      }
      res.end(`${message.startsWith('Code:') ? message : `Code: 1000. DB::Exception: ${message}`}\n`)
    }
  })
}
