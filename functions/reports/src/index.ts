/**
 * @module @glam/reports
 * The dashboards' reports from the ClickHouse rollups (views.ts): `GET /api/reports/<view>` as
 * JSON, `GET /api/exports/reports/<view>.csv` as CSV, the same in GraphQL; and the job that
 * keeps the rollups equal to the raw tables.
 *
 * ```sh
 * curl '/api/reports/campaign-overview?campaign=<id>&from=2026-11-01&to=2026-12-01&currency=EUR' -H 'authorization: Bearer <token>'
 * curl '/api/exports/reports/influencers.csv?campaign=<id>&sort=revenue' -H 'authorization: Bearer <token>'
 * ```
 */
import { defineFunction } from '@glam/core'
import { createReportExportsApp, createReportsApp } from './http.ts'
import { rollupsRepairJob } from './jobs.ts'
import { reportsOpenapi } from './openapi.ts'
import { createSharedReportApp, createShareLinksApp } from './share-links.tsx'

export { parseViewInput, reportCsv, runView } from './http.ts'
export { type ReportViewName, reportViewNames, reportViews } from './views.ts'

export const reportsFunction = defineFunction({
  name: 'reports',
  description:
    'Dashboard reports under `/api/reports`, their CSV under `/api/exports/reports`, and the rollups repair job.',
  mounts: [
    { path: '/api/reports', app: createReportsApp },
    { path: '/api/exports/reports', app: createReportExportsApp },
    { path: '/api/share-links', app: createShareLinksApp },
    { path: '/r', app: createSharedReportApp },
  ],
  claims: ['/api/reports/*', '/api/exports/reports/*', '/api/share-links/*', '/r/*'],
  runtimes: ['edge', 'container'],
  openapi: reportsOpenapi,
  jobs: [rollupsRepairJob],
  tables: [
    'campaigns',
    'campaign_influencers',
    'customers',
    'influencers',
    'links',
    'orders',
    'shops',
    'fx_rates',
  ],
  clickhouseTables: ['clicks', 'conversions', 'clicks_hourly', 'clicks_geo_hourly', 'conversions_hourly'],
})
