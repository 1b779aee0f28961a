/** The exports function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, idParam, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { campaignEventsQuery } from './campaign-events.ts'

const who =
  'Admins and staff get every row and column; a client only its own customer’s campaigns, without the internal columns and without bot clicks; influencers get no export. Another customer’s campaign answers 404 like a missing one; ClickHouse unreachable answers 503'

export const exportsOpenapi: OpenApiPaths = {
  '/api/exports/campaigns/{id}/orders.csv': {
    get: {
      summary: "A campaign's orders with their lines (CSV, streamed)",
      parameters: [idParam],
      responses: { 200: ok('CSV, one row per order line', 'text/csv'), ...errorResponses },
    },
  },
  '/api/exports/campaigns/{id}/clicks.csv': {
    get: {
      summary: `Every click of a campaign over [from, to), oldest first (CSV from ClickHouse, streamed, no row cap; formula cells neutralised). Columns: time, click_id*, link, link_id, influencer, country, device, os, browser, referrer_host, in_app, is_bot*, bot_reason*, fallback_reason (* internal). ${who}`,
      parameters: [idParam, ...queryParameters(campaignEventsQuery)],
      responses: { 200: ok('CSV, one row per click', 'text/csv'), ...errorResponses },
    },
  },
  '/api/exports/campaigns/{id}/conversions.csv': {
    get: {
      summary: `Every order of a campaign over [from, to) in its latest version (refunds and cancels included), oldest first (CSV from ClickHouse, streamed, no row cap; formula cells neutralised). Columns: order_id, placed_at, status, currency, total, refunded, net, items, coupon, click_id*, link, influencer, attribution, source (* internal). ${who}`,
      parameters: [idParam, ...queryParameters(campaignEventsQuery)],
      responses: { 200: ok('CSV, one row per order', 'text/csv'), ...errorResponses },
    },
  },
}
