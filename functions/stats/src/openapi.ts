/**
 * The stats function's OpenAPI paths (its manifest's `openapi`). The clicks query schema is
 * passed in: it is declared in index.ts, which imports this module.
 */
import { errorResponses, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import type { z } from 'zod'
import { conversionsQuery } from './conversions.ts'

export const statsOpenapi = (clicksQuery: z.ZodType): OpenApiPaths => ({
  '/api/stats/clicks': {
    get: {
      summary: 'Click statistics',
      description:
        'Clicks and unique visitors from ClickHouse; bots excluded unless `bots` says otherwise; days in the campaign\u2019s timezone unless `tz` is given.',
      parameters: queryParameters(clicksQuery),
      responses: { 200: ok('`{ from, to, timezone, groupBy, totals, groups }`'), ...errorResponses },
    },
  },
  '/api/stats/conversions': {
    get: {
      summary: 'Conversion statistics',
      description:
        'Orders, items, revenue gross and net per currency (minor units), average order value, clicks and conversion rate, grouped by campaign, influencer, link or day.',
      parameters: queryParameters(conversionsQuery),
      responses: { 200: ok('`{ totals, groups }`'), ...errorResponses },
    },
  },
})
