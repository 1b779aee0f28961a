// `npm run feeds -- import <shop> <file-or-url> [--format csv|tsv|xml|json|ndjson]
// [--mapping google|de-shop] [--record-path p] [--delimiter d] [--dry-run] [--json]`: a shop's
// feed read, normalised and validated against the Google Merchant rules; every rejected row
// explained. `<shop>` is a shop id or `demo`. With --json, exactly one JSON object on stdout
// (the report, or `{ "error": { code, message } }`); a progress bar on stderr when it is a
// terminal. Exit 0 whenever a report was made (whatever its outcome), 64 for a usage error.
import { parseArgs } from 'node:util'
import { FeedError, type FeedReport, formats, mappingNames, validateFeed } from '@glam/catalog'
import { ConfigError, parseConfig, registerSettings } from '@glam/core'
import { feedSettings } from '@glam/feeds/settings'
import { openFeed } from '@glam/feeds/source'
import { SingleBar } from 'cli-progress'

const usage =
  'usage: npm run feeds -- import <shop> <file-or-url> [--format csv|tsv|xml|json|ndjson] [--mapping google|de-shop] [--record-path <path>] [--delimiter <d>] [--dry-run] [--json]'

const json = process.argv.includes('--json')

function fail(code: string, message: string, status: number): number {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`)
  else console.error(code === 'USAGE' && message !== usage ? `${message}\n${usage}` : message)
  return status
}

function summary(report: FeedReport, shop: string, dryRun: boolean) {
  const { counts, feed } = report
  const lines = [
    `${report.outcome}  ${shop}${dryRun ? ' (dry run: nothing written)' : ''}`,
    `  read ${feed.format ?? '?'}${feed.packing && feed.packing !== 'none' ? ` in ${feed.packing}` : ''}, ${feed.encoding ?? '?'}, mapping ${feed.mapping ?? '?'}${feed.delimiter ? `, delimiter ${JSON.stringify(feed.delimiter)}` : ''}${feed.recordPath ? `, records at ${feed.recordPath}` : ''}`,
    `  rows ${counts.rowsRead}: ${counts.valid} valid, ${counts.invalid} invalid (${report.durationMs} ms)`,
  ]
  for (const e of report.feedErrors)
    lines.push(`  feed error ${e.reason}${e.line ? ` at line ${e.line}` : ''}: ${e.message}`)
  for (const [reason, n] of Object.entries(report.invalidByReason))
    lines.push(`  ${String(n).padStart(8)}  ${reason}`)
  for (const row of report.invalid.slice(0, 20))
    lines.push(`  row ${row.row}${row.id !== null ? ` (${row.id})` : ''}: ${row.reason} ${row.message}`)
  if (report.invalid.length > 20)
    lines.push(`  … ${counts.invalid - 20} more invalid rows (--json lists ${report.invalid.length})`)
  if (feed.unmapped?.length) lines.push(`  ignored: ${feed.unmapped.join(', ')}`)
  console.log(lines.join('\n'))
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>
  const parse = () =>
    parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        mapping: { type: 'string' },
        'record-path': { type: 'string' },
        delimiter: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    })
  try {
    parsed = parse()
  } catch (err) {
    return fail('USAGE', (err as Error).message, 64)
  }
  const { values, positionals } = parsed
  const [command, shop, location] = positionals
  if (command !== 'import' || !shop || !location || positionals.length > 3) return fail('USAGE', usage, 64)
  if (values.format && !(formats as readonly string[]).includes(values.format))
    return fail('USAGE', `--format must be one of ${formats.join(', ')}`, 64)
  if (values.mapping && !(mappingNames as readonly string[]).includes(values.mapping))
    return fail('USAGE', `--mapping must be one of ${mappingNames.join(', ')}`, 64)
  const delimiter = values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter
  if (delimiter !== undefined && delimiter.length !== 1)
    return fail('USAGE', '--delimiter is one character (or tab)', 64)
  const dryRun = values['dry-run']
  if (!dryRun)
    return fail(
      'NOT_AVAILABLE',
      'writing the catalogue is not built yet (the catalogue issue adds it); validate with --dry-run',
      64,
    )

  registerSettings(feedSettings, 'feeds')
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env })
  if (shop !== 'demo') {
    const { connectDatabase, createRepositories } = await import('@glam/db')
    const database = await connectDatabase(config.databaseUrl)
    try {
      const repos = createRepositories({ database, now: () => new Date(), masterKey: config.masterKey })
      if (!(await repos.shops.get(shop)))
        return fail('UNKNOWN_SHOP', `no shop with id ${shop} (or use demo)`, 64)
    } catch {
      return fail(
        'UNKNOWN_SHOP',
        `cannot look shop ${shop} up in ${config.databaseUrl.split(':')[0]} (run npm run migrate?)`,
        64,
      )
    } finally {
      await database.close()
    }
  }

  const bar =
    process.stderr.isTTY && !process.env.CI
      ? new SingleBar({
          stream: process.stderr,
          format: ' {bar} {percentage}% | {rows} rows | {mb} MB',
          hideCursor: true,
        })
      : undefined
  let report: FeedReport
  try {
    const source = await openFeed(location, {
      allowHosts: config.fetchAllowHosts,
      timeoutMs: config.feedFetchTimeoutSeconds * 1000,
      maxBytes: config.feedMaxBytes,
    })
    let bytesRead = 0
    let rows = 0
    bar?.start(source.size ?? 1, 0, { rows: 0, mb: '0.0' })
    async function* counted() {
      for await (const chunk of source.bytes) {
        bytesRead += chunk.byteLength
        yield chunk
      }
    }
    const tick = () =>
      bar?.update(source.size ? Math.min(bytesRead, source.size) : 0, {
        rows,
        mb: (bytesRead / 1e6).toFixed(1),
      })
    report = await validateFeed(counted(), {
      fileName: source.name,
      maxBytes: config.feedMaxBytes,
      ...(values.format && { format: values.format as (typeof formats)[number] }),
      ...(values.mapping && { mapping: values.mapping as (typeof mappingNames)[number] }),
      ...(values['record-path'] && { recordPath: values['record-path'] }),
      ...(delimiter && { delimiter }),
      onProgress: (n) => {
        rows = n
        if (n % 1024 < 256) tick()
      },
    })
    tick()
  } catch (err) {
    if (!(err instanceof FeedError)) throw err
    report = {
      outcome: 'FEED_REJECTED',
      feedErrors: [{ reason: err.reason, message: err.message }],
      counts: { rowsRead: 0, valid: 0, invalid: 0, created: 0, updated: 0, unchanged: 0, deactivated: 0 },
      invalidByReason: {},
      invalid: [],
      feed: {},
      durationMs: 0,
    }
  } finally {
    bar?.stop()
  }
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`)
  else summary(report, shop, dryRun)
  return 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (err) => {
    if (err instanceof ConfigError) process.exitCode = fail('CONFIG', err.message, 78)
    else process.exitCode = fail('INTERNAL', (err as Error).stack ?? String(err), 1)
  },
)
