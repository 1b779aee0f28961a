/** The reporting backend's CSV of a view, with the filters on screen (`/api/exports/reports/<view>.csv`). */
export type ExportView = 'campaigns' | 'campaign-overview' | 'influencers' | 'links' | 'orders'

export function csvUrl(
  view: ExportView,
  params: Record<string, string | number | boolean | null | undefined>,
) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v))
  return `/api/exports/reports/${view}.csv?${q}`
}
