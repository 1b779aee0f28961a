// `npm run events -- backfill [--json]`: the ClickHouse rollups emptied and filled again from the
// raw tables, a month at a time (data written before the rollups existed, or after a change to
// their definitions), then the last hours repaired.
// `npm run events -- verify [--from <time>] [--to <time>] [--json]`: every hourly rollup group
// compared with the raw tables over the window (default: the last 7 days); exit 1 when any differ.
// `npm run events -- repair [--from] [--to] [--json]`: the differences inserted as corrections.
// Against `npm start`'s events store (the embedded chDB, shared while `npm start` runs) or
// CLICKHOUSE_URL.
import { parseArgs } from 'node:util'
import { parseConfig } from '@glam/core'
import type { EventBackend } from '@glam/events'
import { rebuildRollups, repairRollups, verifyRollups } from '@glam/events/rollups'

const usage =
  'usage: npm run events -- backfill [--json]\n       npm run events -- verify [--from <ISO time>] [--to <ISO time>] [--json]\n       npm run events -- repair [--from <ISO time>] [--to <ISO time>] [--json]'

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false } },
  })
  const say = (text: string, data: Record<string, unknown>) =>
    console.log(values.json ? JSON.stringify(data) : text)
  const refuse = (code: string, message: string) => {
    if (values.json) console.log(JSON.stringify({ error: { code, message } }))
    else console.error(`${message}\n${usage}`)
    return 64
  }
  const [command] = positionals
  if (!['backfill', 'verify', 'repair'].includes(command ?? ''))
    return refuse('USAGE', command ? `unknown command ${command}` : 'name a command')
  const now = new Date()
  const to = values.to ? new Date(values.to) : now
  const from = values.from ? new Date(values.from) : new Date(to.getTime() - 7 * 86_400_000)
  if (Number.isNaN(from.getTime())) return refuse('INVALID_TIME', `--from is not a time: ${values.from}`)
  if (Number.isNaN(to.getTime())) return refuse('INVALID_TIME', `--to is not a time: ${values.to}`)
  if (from >= to) return refuse('INVALID_TIME', '--from must be before --to')

  await import('@glam/platform/container-routes')
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env })
  if (config.events !== 'clickhouse')
    return refuse('NO_EVENTS_STORE', `GLAM_EVENTS=${config.events}: the rollups live in ClickHouse`)
  const { prepareNodePlatform } = await import('@glam/platform/node/prepare')
  const platform = await prepareNodePlatform(config)
  try {
    const backend = platform.analytics as unknown as EventBackend
    const answers = await backend.query('SELECT 1').then(
      () => true,
      () => false,
    )
    if (!answers || typeof backend.command !== 'function')
      return refuse(
        'NO_EVENTS_STORE',
        `ClickHouse does not answer at ${config.clickhouseUrl ?? 'the embedded chDB front'}`,
      )
    if (command === 'backfill') {
      const started = performance.now()
      const { months } = await rebuildRollups(backend, {
        onMonth: (m) => values.json || console.error(`rolling up ${m.slice(0, 4)}-${m.slice(4)}`),
      })
      const seconds = Math.round((performance.now() - started) / 100) / 10
      say(`rollups rebuilt from the raw tables: ${months.length} months in ${seconds} s`, {
        command,
        months,
        seconds,
      })
      return 0
    }
    if (command === 'repair') {
      const corrected = await repairRollups(backend, { from, to })
      say(
        `groups corrected: ${Object.entries(corrected)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
        { command, from: from.toISOString(), to: to.toISOString(), corrected },
      )
      return 0
    }
    const checks = await verifyRollups(backend, { from, to })
    const bad = checks.filter((c) => c.mismatched > 0)
    say(checks.map((c) => `${c.rollup}: ${c.groups} groups, ${c.mismatched} differ`).join('\n'), {
      command,
      from: from.toISOString(),
      to: to.toISOString(),
      checks,
    })
    return bad.length > 0 ? 1 : 0
  } finally {
    await platform.close?.()
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  },
)
