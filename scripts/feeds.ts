// `npm run feeds -- import <shop> <file-or-url> [--format csv|tsv|xml|json|ndjson]
// [--mapping google|de-shop] [--record-path p] [--delimiter d] [--dry-run] [--json]`: a shop's
// feed read, normalised and validated against the Google Merchant rules; every rejected row
// explained. `<shop>` is a shop id or `demo`. With --json, exactly one JSON object on stdout
// (the report, or `{ "error": { code, message } }`); a progress bar on stderr when it is a
// terminal. Exit 0 whenever a report was made (whatever its outcome), 64 for a usage error.

import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import {
  FeedError,
  type FeedReport,
  formats,
  mappingNames,
  rejectedReport,
  validateFeed,
} from '@glam/catalog'
import { importFeed, type RunReport } from '@glam/catalog/import'
import { ConfigError, createLogger, parseConfig, registerSettings } from '@glam/core'
import { connectDatabase, createRepositories, demo, migrateDatabase, type SqlDatabase } from '@glam/db'
import type { Repositories } from '@glam/db/repositories/index'
import { runFeed } from '@glam/feeds/run'
import { feedSettings } from '@glam/feeds/settings'
import { isUrl, openFeed } from '@glam/feeds/source'
import { SingleBar } from 'cli-progress'

const usage =
  'usage: npm run feeds -- import <shop> <file-or-url> [--format csv|tsv|xml|json|ndjson] [--mapping google|de-shop] [--record-path <path>] [--delimiter <d>] [--dry-run] [--json]\n       npm run feeds -- run <feed> [--json]'

const json = process.argv.includes('--json')

function fail(code: string, message: string, status: number): number {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`)
  else console.error(code === 'USAGE' && message !== usage ? `${message}\n${usage}` : message)
  return status
}

function summary(report: FeedReport | RunReport, shop: string, dryRun: boolean) {
  const { counts, feed } = report
  const lines = [
    `${report.outcome}  ${shop}${dryRun ? ' (dry run: nothing written)' : ''}`,
    `  read ${feed.format ?? '?'}${feed.packing && feed.packing !== 'none' ? ` in ${feed.packing}` : ''}, ${feed.encoding ?? '?'}, mapping ${feed.mapping ?? '?'}${feed.delimiter ? `, delimiter ${JSON.stringify(feed.delimiter)}` : ''}${feed.recordPath ? `, records at ${feed.recordPath}` : ''}`,
    `  rows ${counts.rowsRead}: ${counts.valid} valid, ${counts.invalid} invalid (${report.durationMs} ms)`,
  ]
  if (!dryRun && 'runId' in report)
    lines.push(
      `  written: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.deactivated} deactivated (run ${report.runId})`,
    )
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
  if (command === 'run' && shop && positionals.length === 2) return runRegistered(shop, values.json)
  if (command !== 'import' || !shop || !location || positionals.length > 3) return fail('USAGE', usage, 64)
  const where: string = location
  const shopName: string = shop
  if (values.format && !(formats as readonly string[]).includes(values.format))
    return fail('USAGE', `--format must be one of ${formats.join(', ')}`, 64)
  if (values.mapping && !(mappingNames as readonly string[]).includes(values.mapping))
    return fail('USAGE', `--mapping must be one of ${mappingNames.join(', ')}`, 64)
  const delimiter = values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter
  if (delimiter !== undefined && delimiter.length !== 1)
    return fail('USAGE', '--delimiter is one character (or tab)', 64)
  const dryRun = values['dry-run']

  registerSettings(feedSettings, 'feeds')
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env })
  // The demo shop needs no database to validate against; writing always does.
  let opened: { database: SqlDatabase; repos: Repositories } | undefined
  if (shop !== 'demo' || !dryRun) {
    try {
      const database = await connectDatabase(config.databaseUrl)
      if (database.dialect === 'sqlite') await migrateDatabase(database)
      opened = {
        database,
        repos: createRepositories({ database, now: () => new Date(), masterKey: config.masterKey }),
      }
    } catch (err) {
      return fail(
        'DATABASE',
        `cannot open ${config.databaseUrl.split(':')[0]}: ${(err as Error).message} (run npm run migrate?)`,
        64,
      )
    }
  }
  try {
    const shopId = shop === 'demo' ? demo.shopId : shop
    if (shop !== 'demo' && !(await opened!.repos.shops.get(shop)))
      return fail('UNKNOWN_SHOP', `no shop with id ${shop} (or use demo)`, 64)
    return await run(shopId, opened?.repos)
  } finally {
    await opened?.database.close()
  }

  async function run(shopId: string, repos: Repositories | undefined): Promise<number> {
    const bar =
      process.stderr.isTTY && !process.env.CI
        ? new SingleBar({
            stream: process.stderr,
            format: ' {bar} {percentage}% | {rows} rows | {mb} MB',
            hideCursor: true,
          })
        : undefined
    let report: FeedReport | RunReport
    try {
      const source = await openFeed(where, {
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
      const options = {
        fileName: source.name,
        maxBytes: config.feedMaxBytes,
        ...(values.format && { format: values.format as (typeof formats)[number] }),
        ...(values.mapping && { mapping: values.mapping as (typeof mappingNames)[number] }),
        ...(values['record-path'] && { recordPath: values['record-path'] }),
        ...(delimiter && { delimiter }),
        onProgress: (n: number) => {
          rows = n
          if (n % 1024 < 256) tick()
        },
      }
      report =
        dryRun || !repos
          ? await validateFeed(counted(), options)
          : await importFeed({ repos, shopId, source: sourceName(where), bytes: counted(), options })
      tick()
    } catch (err) {
      if (!(err instanceof FeedError)) throw err
      report = rejectedReport(err)
    } finally {
      bar?.stop()
    }
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`)
    else summary(report, shopName, dryRun)
    return 0
  }
}

/** A URL without its query (it may carry a token), or the file name. */
const sourceName = (location: string) =>
  isUrl(location) ? location.replace(/[?#].*$/, '') : basename(location)

/** `npm run feeds -- run <feed>`: a registered feed run now, under its lease (exit 2 while another holds it). */
async function runRegistered(feedId: string, asJson: boolean): Promise<number> {
  registerSettings(feedSettings, 'feeds')
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env })
  const database = await connectDatabase(config.databaseUrl)
  try {
    if (database.dialect === 'sqlite') await migrateDatabase(database)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: config.masterKey })
    const feed = await repos.catalog.feed(feedId)
    if (!feed) return fail('UNKNOWN_FEED', `no feed with id ${feedId} (POST /api/feeds registers one)`, 64)
    // Logs to stderr: stdout is the report's.
    const logger = createLogger({
      level: config.logLevel,
      write: (line) => process.stderr.write(`${line}\n`),
    })
    const result = await runFeed({ repos, config, logger }, feed)
    if (result.busy)
      return fail('FEED_RUN_IN_PROGRESS', `another run of feed ${feedId} holds its lease; try again later`, 2)
    if (!('report' in result)) return fail('SKIPPED', `feed ${feedId} ran meanwhile`, 0)
    if (asJson) process.stdout.write(`${JSON.stringify(result.report)}\n`)
    else summary(result.report, feed.name, false)
    return 0
  } finally {
    await database.close()
  }
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
