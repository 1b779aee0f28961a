/**
 * Share links: a client report that opens without a login.
 *
 * - `POST /api/share-links` `{ view, filters, label?, expiresInDays? }` (1–90 days, default 30):
 *   the report is run once as its creator (so a link to what the creator may not see cannot be
 *   made), its filters are fixed, and the answer carries the token once (`url`: `/r/<token>`).
 * - `GET /api/share-links`, `DELETE /api/share-links/:id` (revoke: the link stops at once).
 * - `GET /r/<token>`: the report as a page (server-rendered, no JavaScript, read only);
 *   `?format=json` as JSON; `/r/<token>/export.csv` as CSV. It runs as the link's customer with
 *   a client's rights (no internal fields), whatever the URL's query says. Every use is audited
 *   (`share_link.opened`). An unknown, expired or revoked token answers the same 404.
 */
import { requireCaller } from '@glam/auth'
import { toMajor } from '@glam/commerce/money'
import { type AppEnv, GlamError, type Principal, pageLayout, validationHook } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { ShareLinkView } from '@glam/db/repositories/share-links'
import { visibility } from '@glam/db/repositories/visibility'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { parseViewInput, reportCsv, runView } from './http.ts'
import { type ReportViewName, reportViewNames } from './views.ts'

const createBody = z.strictObject({
  view: z.enum(reportViewNames as [ReportViewName, ...ReportViewName[]]),
  filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  label: z.string().trim().min(1).max(200).optional(),
  expiresInDays: z.number().int().min(1).max(90).default(30),
})

const asQuery = (filters: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)]))

const shown = (l: ShareLinkView) => ({
  id: l.id,
  customerId: l.customerId,
  view: l.view,
  filters: l.filters,
  label: l.label,
  expiresAt: l.expiresAt.toISOString(),
  revokedAt: l.revokedAt?.toISOString() ?? null,
  lastUsedAt: l.lastUsedAt?.toISOString() ?? null,
  uses: l.uses,
  createdAt: l.createdAt.toISOString(),
})

/** The customer a report belongs to: the caller's, or the one its filters name. */
async function customerOf(c: Context<AppEnv>, filters: Record<string, string>): Promise<string | null> {
  const principal = c.var.principal!
  if (principal.customerId) return principal.customerId
  if (filters.customer) return filters.customer
  const see = visibility(repositoriesOf(c.var.platform), principal)
  if (filters.campaign) return (await see.campaign(filters.campaign))?.customerId ?? null
  if (filters.link) return (await see.link(filters.link))?.customerId ?? null
  return null
}

const audit = (c: Context<AppEnv>, action: string, link: ShareLinkView, actor?: Principal) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: actor ? actor.kind : 'system',
    actorId: actor?.id ?? null,
    action,
    targetType: 'share_link',
    targetId: link.id,
    details: { customerId: link.customerId, view: link.view },
    requestId: c.var.requestId,
  })

export function createShareLinksApp() {
  return new Hono<AppEnv>()
    .post('/', requireCaller('reports:read'), zValidator('json', createBody, validationHook), async (c) => {
      const principal = c.var.principal!
      if (principal.influencerId)
        throw new GlamError('FORBIDDEN', 'Share links are made by customers and staff.')
      const body = c.req.valid('json')
      const filters = asQuery(body.filters)
      // Checked and run as the creator: bad filters are 400, a record they may not see 404.
      parseViewInput(body.view, filters)
      const customerId = await customerOf(c, filters)
      if (!customerId)
        throw new GlamError(
          'VALIDATION_FAILED',
          'A share link is for one customer: name its campaign or customer.',
          {
            details: [
              { path: 'filters.campaign', code: 'invalid_value', message: 'name a campaign or customer' },
            ],
          },
        )
      const locked = { ...filters, customer: customerId }
      await runView(c.var.platform, principal, body.view, parseViewInput(body.view, locked))
      const repos = repositoriesOf(c.var.platform)
      const { token, link } = await repos.shareLinks.create({
        customerId,
        view: body.view,
        filters: locked,
        label: body.label ?? null,
        expiresAt: new Date(c.var.platform.clock.now().getTime() + body.expiresInDays * 86_400_000),
        createdBy: principal.id,
      })
      await audit(c, 'share_link.created', link, principal)
      c.var.log.info('share_link.created', { shareLinkId: link.id, view: link.view, customerId })
      return c.json({ token, url: new URL(`/r/${token}`, c.req.url).toString(), shareLink: shown(link) }, 201)
    })
    .get('/', requireCaller('reports:read'), async (c) => {
      const principal = c.var.principal!
      if (principal.influencerId)
        throw new GlamError('FORBIDDEN', 'Share links are made by customers and staff.')
      const customer = principal.customerId ?? c.req.query('customer')
      const page = await repositoriesOf(c.var.platform).shareLinks.list({
        ...(customer && { customerId: customer }),
        limit: Number(c.req.query('limit') ?? 50),
        ...(c.req.query('cursor') && { cursor: c.req.query('cursor') }),
      })
      return c.json({ items: page.items.map(shown), nextCursor: page.nextCursor })
    })
    .delete('/:id', requireCaller('reports:read'), async (c) => {
      const principal = c.var.principal!
      const repos = repositoriesOf(c.var.platform)
      const link = z.uuid().safeParse(c.req.param('id')).success
        ? await repos.shareLinks.get(c.req.param('id'))
        : null
      if (
        !link ||
        principal.influencerId ||
        (principal.customerId && link.customerId !== principal.customerId)
      )
        throw new GlamError('NOT_FOUND', 'No such share link.')
      const revoked = (await repos.shareLinks.revoke(link.id))!
      if (!link.revokedAt) await audit(c, 'share_link.revoked', revoked, principal)
      return c.json({ shareLink: shown(revoked) })
    })
}

// --- /r/<token> ----------------------------------------------------------------------------

const style = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .4em}
.meta{color:#555}dl{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}dl div{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:120px}
dt{color:#555;font-size:.85em}dd{margin:0;font-size:1.3em;font-weight:600}table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e5e5e5;padding:6px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
a{color:#0b57d0}footer{margin-top:32px;color:#777;font-size:.85em}`
const layout = pageLayout({ robots: 'noindex, nofollow', style })

// biome-ignore lint/suspicious/noExplicitAny: a view's JSON answer, rendered by shape
type Json = Record<string, any>

const money = (minor: number | null | undefined, currency: string) =>
  minor === null || minor === undefined ? '–' : `${toMajor(minor, currency)} ${currency}`
const count = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString('en'))
const percent = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : `${(n * 100).toFixed(2)} %`

function Figures({ f }: { f: Json }) {
  return (
    <dl>
      <div>
        <dt>Clicks</dt>
        <dd>{count(f.clicks)}</dd>
      </div>
      <div>
        <dt>Visitors</dt>
        <dd>{count(f.visitors)}</dd>
      </div>
      <div>
        <dt>Orders</dt>
        <dd>{count(f.orders)}</dd>
      </div>
      <div>
        <dt>Conversion rate</dt>
        <dd>{percent(f.conversionRate)}</dd>
      </div>
      {f.revenue.map((m: Json) => (
        <div>
          <dt>Net revenue {m.currency}</dt>
          <dd>{money(m.netMinor, m.currency)}</dd>
        </div>
      ))}
      <div>
        <dt>Net revenue in {f.reporting.currency}</dt>
        <dd>{money(f.reporting.netMinor, f.reporting.currency)}</dd>
      </div>
    </dl>
  )
}

function Table({ head, rows }: { head: string[]; rows: (string | number)[][] }) {
  return (
    <table>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            {r.map((v) => (
              <td>{typeof v === 'number' ? count(v) : v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const figureRow = (f: Json) => [
  f.clicks,
  f.visitors,
  f.orders,
  percent(f.conversionRate),
  money(f.reporting.netMinor, f.reporting.currency),
]
const figureHead = (currency: string) => [
  'Clicks',
  'Visitors',
  'Orders',
  'Conversion rate',
  `Net revenue (${currency})`,
]

function ReportBody({ view, report }: { view: ReportViewName; report: Json }) {
  if (view === 'campaign-overview')
    return (
      <>
        <h1>{report.campaign.name}</h1>
        <Figures f={report.totals} />
        <h2>By {report.bucket}</h2>
        <Table
          head={[report.bucket === 'hour' ? 'Hour' : 'Day', 'Clicks', 'Visitors', 'Orders']}
          rows={report.series.map((p: Json) => [p.bucket, p.clicks, p.visitors, p.orders])}
        />
        <h2>Countries</h2>
        <Table
          head={['Country', 'Clicks', 'Share']}
          rows={report.countries.map((s: Json) => [s.key, s.clicks, percent(s.share)])}
        />
        <h2>Devices</h2>
        <Table
          head={['Device', 'Clicks', 'Share']}
          rows={report.devices.map((s: Json) => [s.key, s.clicks, percent(s.share)])}
        />
      </>
    )
  if (view === 'orders')
    return (
      <>
        <h1>Orders</h1>
        <Table
          head={['Order', 'Placed', 'Status', 'Total', 'Refunded', 'Attributed by']}
          rows={report.rows.map((o: Json) => [
            o.orderRef,
            o.placedAt,
            o.status,
            money(o.totalMinor, o.currency),
            money(o.refundedMinor, o.currency),
            o.attributedBy,
          ])}
        />
      </>
    )
  const name = (r: Json) =>
    view === 'campaigns'
      ? r.campaign.name
      : view === 'influencers'
        ? (r.influencer.handle ?? r.influencer.id)
        : (r.link.slug ?? r.link.id)
  return (
    <>
      <h1>{view === 'campaigns' ? 'Campaigns' : view === 'influencers' ? 'Influencers' : 'Links'}</h1>
      <Table
        head={[
          view === 'campaigns' ? 'Campaign' : view === 'influencers' ? 'Influencer' : 'Link',
          ...figureHead(report.currency),
        ]}
        rows={report.rows.map((r: Json) => [name(r), ...figureRow(r.figures)])}
      />
    </>
  )
}

const notValid = (c: Context<AppEnv>) =>
  c.html(
    layout({
      title: 'Link not valid',
      body: (
        <main>
          <h1>This link is not valid</h1>
          <p>It may have expired or been revoked. Ask whoever sent it for a new one.</p>
        </main>
      ),
    }),
    404,
    { 'Cache-Control': 'no-store' },
  )

/** The principal a share link's report runs as: its customer, a client's rights, nothing more. */
const sharePrincipal = (link: ShareLinkView): Principal => ({
  kind: 'api_key',
  id: `share-link:${link.id}`,
  customerId: link.customerId,
  scopes: ['reports:read'],
})

export function createSharedReportApp() {
  const open = async (c: Context<AppEnv>) => {
    const link = await repositoriesOf(c.var.platform).shareLinks.open(c.req.param('token') ?? '')
    if (!link) return null
    const view = link.view as ReportViewName
    const input = parseViewInput(view, asQuery(link.filters))
    await audit(c, 'share_link.opened', link)
    c.var.log.info('share_link.opened', { shareLinkId: link.id, view })
    return { link, view, input, principal: sharePrincipal(link) }
  }
  const headers = {
    'Cache-Control': 'private, no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex',
  }
  return new Hono<AppEnv>()
    .get('/:token/export.csv', async (c) => {
      const shared = await open(c)
      if (!shared) throw new GlamError('NOT_FOUND', 'This link is not valid: expired, revoked or never made.')
      await runView(c.var.platform, shared.principal, shared.view, { ...shared.input, limit: 1 })
      return c.body(reportCsv(c.var.platform, shared.principal, shared.view, shared.input, c.var.log), 200, {
        ...headers,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${shared.view}.csv"`,
      })
    })
    .get('/:token', async (c) => {
      const shared = await open(c)
      const json = c.req.query('format') === 'json'
      if (!shared) {
        if (json) throw new GlamError('NOT_FOUND', 'This link is not valid: expired, revoked or never made.')
        return notValid(c)
      }
      const report = (await runView(c.var.platform, shared.principal, shared.view, shared.input)) as Json
      if (json)
        return c.json(
          {
            shareLink: {
              view: shared.view,
              label: shared.link.label,
              expiresAt: shared.link.expiresAt.toISOString(),
            },
            report,
          },
          200,
          headers,
        )
      const token = c.req.param('token')
      return c.html(
        layout({
          title: shared.link.label ?? 'Shared report',
          body: (
            <main>
              <p class="meta">
                {shared.link.label ?? 'Shared report'} · {new Date(report.from).toISOString().slice(0, 10)} to{' '}
                {new Date(report.to).toISOString().slice(0, 10)} ({report.timezone}) · read only
              </p>
              <ReportBody view={shared.view} report={report} />
              <p>
                <a href={`/r/${token}/export.csv`}>Download as CSV</a>
              </p>
              <footer>
                Shared with Glam · valid until {shared.link.expiresAt.toISOString().slice(0, 10)}
              </footer>
            </main>
          ),
        }),
        200,
        headers,
      )
    })
}
