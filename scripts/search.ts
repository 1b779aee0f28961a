// `npm run search -- reindex [--json]`: every product in SQL written again over the search index
// (which answers throughout), then the documents SQL no longer has removed; progress (products
// indexed, per second) on stderr.
// `npm run search -- sync [--json]`: the incremental update the `search-sync` job runs.
// `npm run search -- check [--fix] [--json]`: the products in SQL and the index's documents
// compared one by one (missing, stale, left over); exit 1 when they differ, unless --fix mended it.
// `npm run search -- stats [--json]`: what the index holds. Against DATABASE_URL and GLAM_SEARCH_URL
// (`npm start`'s defaults: .data/glam.db and .data/search.db).
import { parseArgs } from 'node:util'
import { parseConfig } from '@glam/core'
import { checkSearchIndex, syncSearchIndex } from '@glam/search/sync'

const usage = 'usage: npm run search -- reindex | sync | check [--fix] | stats   [--json]'

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, fix: { type: 'boolean', default: false } },
  })
  const say = (text: string, data: Record<string, unknown>) =>
    console.log(values.json ? JSON.stringify(data) : text)
  const refuse = (code: string, message: string) => {
    if (values.json) console.log(JSON.stringify({ error: { code, message } }))
    else console.error(`${message}\n${usage}`)
    return 64
  }
  const [command] = positionals
  if (!['reindex', 'sync', 'check', 'stats'].includes(command ?? ''))
    return refuse('USAGE', command ? `unknown command ${command}` : 'name a command')
  await import('@glam/platform/container-routes')
  const config = parseConfig({ LOG_LEVEL: 'warn', GLAM_EVENTS: 'memory', ...process.env })
  const { prepareNodePlatform } = await import('@glam/platform/node/prepare')
  const platform = await prepareNodePlatform(config)
  try {
    const search = platform.search
    if (!search) return refuse('SEARCH_UNAVAILABLE', 'GLAM_SEARCH=none: there is no index to work on')
    const deps = { repos: platform.repos, search, logger: platform.logger }
    if (command === 'stats') {
      const stats = await search.stats()
      say(
        `${stats.documents} documents (${stats.active} active), up to ${stats.watermark ? new Date(stats.watermark).toISOString() : 'nothing yet'}`,
        { command, ...stats },
      )
      return 0
    }
    if (command === 'check') {
      const report = await checkSearchIndex(deps, { fix: values.fix })
      say(
        `${report.products} products, ${report.documents} documents: ${report.missing} missing, ${report.stale} stale, ${report.extra} left over${report.fixed ? ' (mended)' : ''}`,
        { command, ...report },
      )
      return report.missing + report.stale + report.extra === 0 || report.fixed ? 0 : 1
    }
    let last = 0
    const report = await syncSearchIndex(deps, {
      full: command === 'reindex',
      onProgress: ({ indexed, ms }) => {
        if (values.json || ms - last < 1000) return
        last = ms
        console.error(
          `indexed ${indexed.toLocaleString('en')} products (${Math.round(indexed / (ms / 1000)).toLocaleString('en')}/s)`,
        )
      },
    })
    const rate = report.ms ? Math.round(report.indexed / (report.ms / 1000)) : report.indexed
    say(
      `${command === 'reindex' ? 'reindexed' : 'synced'} ${report.indexed.toLocaleString('en')} products (${report.active} active, ${report.inactive} inactive) in ${(report.ms / 1000).toFixed(1)} s, ${rate.toLocaleString('en')}/s`,
      { command, ...report, perSecond: rate },
    )
    return 0
  } finally {
    await platform.close?.()
  }
}

process.exitCode = await main()
