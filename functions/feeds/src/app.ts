/**
 * `POST /api/feeds/validate?format=&mapping=&recordPath=&delimiter=`: a feed in the body (any
 * format, gzip or zip), streamed through the validator; the answer is the report the CLI prints
 * with `--json` (every outcome is a 200: a rejected feed is a finding, not a failed request).
 * Nothing is written.
 */
import { requireCaller } from '@glam/auth'
import { formats, mappingNames, validateFeed } from '@glam/catalog'
import { type AppEnv, GlamError, validationHook } from '@glam/core'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'

export const validateQuery = z.strictObject({
  format: z.enum(formats).optional(),
  mapping: z.enum(mappingNames as ['google', 'de-shop']).optional(),
  recordPath: z.string().min(1).max(200).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  name: z.string().max(200).optional(),
})

export function createFeedsApp() {
  return new Hono<AppEnv>().post(
    '/validate',
    requireCaller('catalog:validate'),
    zValidator('query', validateQuery, validationHook),
    async (c) => {
      const body = c.req.raw.body
      if (!body) throw new GlamError('BAD_REQUEST', 'Send the feed as the request body.')
      const query = c.req.valid('query')
      const config = c.var.platform.config
      const report = await validateFeed(body as unknown as AsyncIterable<Uint8Array>, {
        ...query,
        ...(query.name && { fileName: query.name }),
        maxBytes: config.feedMaxBytes,
      })
      c.var.log.info('feeds.validated', {
        outcome: report.outcome,
        format: report.feed.format,
        rows: report.counts.rowsRead,
        invalid: report.counts.invalid,
        ms: report.durationMs,
      })
      return c.json(report, 200, { 'Cache-Control': 'no-store' })
    },
  )
}
