/** The reports function's OpenAPI paths: one per view, as JSON and as CSV. */
import { errorResponses, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { reportViews } from './views.ts'

const summaries: Record<keyof typeof reportViews, string> = {
  campaigns: 'Campaigns with totals and a daily sparkline',
  'campaign-overview':
    'A campaign: totals, time series by hour or day in its time zone, funnel, country and device split, the previous period',
  influencers:
    'Influencers of a campaign or customer: clicks, visitors, orders, revenue, conversion rate; sortable, paged',
  links: 'Links of a campaign or customer: the same figures per link',
  orders: 'Orders, attributed and unattributed, with refunds and cancels; keyset pages',
}

const shareLinks: OpenApiPaths = {
  '/api/share-links': {
    get: {
      summary: 'Share links of the caller\u2019s customer (staff: `?customer=`), newest first',
      responses: { 200: ok('`{ items, nextCursor }` (never the token)'), ...errorResponses },
    },
    post: {
      summary: 'Make a share link',
      description:
        'Body `{ view, filters, label?, expiresInDays? }` (1\u201390, default 30). The report is run once as the creator; its filters are fixed. Answers 201 `{ token, url, shareLink }`: the token is shown this once. `/r/<token>` opens the report without a login (read only, a client\u2019s view); `/r/<token>?format=json` as JSON, `/r/<token>/export.csv` as CSV. Every use is audited.',
      responses: { 201: ok('`{ token, url, shareLink }`'), ...errorResponses },
    },
  },
  '/api/share-links/{id}': {
    delete: {
      summary: 'Revoke a share link (it stops at once; again: no change)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: ok('`{ shareLink }`'), ...errorResponses },
    },
  },
}

export const reportsOpenapi: OpenApiPaths = {
  ...shareLinks,
  ...reportPaths(),
}

function reportPaths(): OpenApiPaths {
  return Object.fromEntries(
    Object.entries(reportViews).flatMap(([name, view]) => [
      [
        `/api/reports/${name}`,
        {
          get: {
            summary: summaries[name as keyof typeof reportViews],
            description:
              'Figures from the hourly ClickHouse rollups; revenue per currency and converted into `currency` with the day\u2019s rate (`/api/fx-rates`). Clients see their customer only, influencers their own results; bot share, attribution paths and click ids are for platform staff.',
            parameters: queryParameters(view.input),
            responses: { 200: ok('The report as JSON'), ...errorResponses },
          },
        },
      ],
      [
        `/api/exports/reports/${name}.csv`,
        {
          get: {
            summary: `${summaries[name as keyof typeof reportViews]} (CSV)`,
            description:
              'The same report, exactly as filtered, as CSV: every row (no cap; `limit`/`offset` ignored), streamed; formula cells neutralised.',
            parameters: queryParameters(view.input),
            responses: { 200: ok('text/csv'), ...errorResponses },
          },
        },
      ],
    ]),
  )
}
