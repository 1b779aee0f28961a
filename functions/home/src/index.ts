/**
 * @module @glam/home
 * The developer landing page at `/about` (the portal has `/`): what this Glam instance is, which runtime serves it,
 * the state of each port, and the newest public campaign image as its hero (the Summer Glow
 * demo image under `npm start`). Server-rendered, escaped, no script needed.
 */
import { assetPath } from '@glam/assets/urls'
import { type AppEnv, checkPorts, defineFunction, type PortsReport, pageLayout } from '@glam/core'
import { variantImage } from '@glam/images/srcset'
import { type Context, Hono } from 'hono'
import { html } from 'hono/html'

// A small lipstick-pink square; browsers ask for /favicon.ico on every page.
const favicon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#d6336c"/><text x="8" y="12" font-size="10" text-anchor="middle" fill="#fff" font-family="sans-serif">G</text></svg>'

const layout = pageLayout({
  title: 'Glam',
  style: `body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #222 }
table { border-collapse: collapse } td, th { padding: .25rem .75rem; text-align: left; border-bottom: 1px solid #eee }
.ok { color: #1a7f37 } .degraded { color: #9a6700 } .down { color: #cf222e }
.hero { display: block; width: 100%; height: auto; border-radius: .75rem; margin: 1.5rem 0 }`,
})

interface Hero {
  src: string
  /** Variants where this runtime can have them (sharp here, or a container behind it). */
  srcset?: string
  sizes?: string
  style?: string
  width: number | null
  height: number | null
  alt: string
}

/** The hero spans the 44rem column, or the screen on a phone. */
const heroSizes = '(min-width: 46rem) 44rem, 100vw'

/** `summer-glow-campaign.jpg` → `Summer Glow Campaign`. */
const altOf = (name: string) =>
  name
    .replace(/\.[a-z0-9]{1,8}$/i, '')
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ')

/**
 * The newest public campaign image, or none: none is the normal case where nobody uploaded one
 * (the worker, which seeds no demo blobs; production before its first campaign), and without a
 * database (no SQL, or down) the page shows its ports without a hero rather than failing.
 */
async function campaignHero(c: Context<AppEnv>, report: PortsReport): Promise<Hero | null> {
  const { platform } = c.var
  if (platform.database.dialect === 'none' || report.ports.database?.status === 'down') return null
  try {
    // A few, in case an app made the newest ones private.
    const { items } = await platform.repos.assets.list({ type: 'campaign-image', limit: 10 })
    const asset = items.find((a) => a.visibility === 'public')
    if (!asset) return null
    const variants = platform.images || platform.config.imagesOrigin
    if (variants) {
      const img = variantImage(asset, { preset: 'hero', sizes: heroSizes, eager: true })
      return { ...img, width: asset.width, height: asset.height, alt: altOf(asset.name) || 'Campaign image' }
    }
    return {
      src: assetPath(platform, asset).path,
      width: asset.width,
      height: asset.height,
      alt: altOf(asset.name) || 'Campaign image',
    }
  } catch (error) {
    c.var.log.warn('home.campaign_image_failed', { error })
    return null
  }
}

export function createHomeApp() {
  return new Hono<AppEnv>()
    .get('/favicon.ico', (c) =>
      c.body(favicon, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }),
    )
    .get('/about', async (c) => {
      const { platform } = c.var
      const report = await checkPorts(platform)
      const hero = await campaignHero(c, report)
      const rows = Object.entries(report.ports).map(([name, port]) => ({
        name,
        adapter: port.adapter,
        status: port.status,
      }))
      c.header('Cache-Control', 'no-store')
      return c.html(
        layout({
          body: html`<main>
      <h1>Glam</h1>
      <p>Influencer commerce: shortlinks, conversion pixel, login, media and analytics.</p>
      ${hero ? html`<img id="campaign-image" class="hero" src="${hero.src}"${hero.srcset ? html` srcset="${hero.srcset}" sizes="${hero.sizes}"` : ''} alt="${hero.alt}"${hero.width && hero.height ? html` width="${hero.width}" height="${hero.height}"` : ''}${hero.style ? html` style="${hero.style}"` : ''}>` : ''}
      <p id="runtime">Runtime: <strong>${platform.runtime}</strong>, mode <strong>${platform.config.env}</strong></p>
      <table id="ports">
        <thead><tr><th>Port</th><th>Adapter</th><th>State</th></tr></thead>
        <tbody>
          ${rows.map((r) => html`<tr data-port="${r.name}"><td>${r.name}</td><td>${r.adapter}</td><td class="${r.status}">${r.status}</td></tr>`)}
        </tbody>
      </table>
      <h2>Try it</h2>
      <ul id="links">
        <li><a href="/summer-lena">/summer-lena</a>: a demo shortlink (lena, campaign Summer Glow) into the demo shop; buy something and the pixel attributes the order</li>
        <li><a href="/app/">/app/</a>: the dashboard (campaigns, charts, tables, exports); log in as <code>admin@demo.glam</code>, <code>client@demo.glam</code>, <code>client2@demo.glam</code> or <code>lena@demo.glam</code> with a code from the mailbox</li>
        <li><a href="/auth/login?app=dashboard">/auth/login</a>: the login alone (your grants and sessions at /auth/account)</li>
        ${platform.config.graphiql ? html`<li><a href="/graphql">/graphql</a>: GraphiQL (after logging in), with the dashboard query</li>` : ''}
        <li><a href="/api/docs">/api/docs</a>: the REST API reference</li>
        ${platform.config.debugRoutes ? html`<li><a href="/dev/mailbox">/dev/mailbox</a>: mail sent in development</li>` : ''}
        <li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></li>
      </ul>
    </main>`,
        }),
      )
    })
}

/** The developer landing page and the favicon. */
export const homeFunction = defineFunction({
  name: 'home',
  description: 'The developer landing page at `/about` and `/favicon.ico`.',
  mounts: [{ path: '/', app: () => createHomeApp() }],
  claims: ['/about', '/favicon.ico'],
  runtimes: ['edge', 'container'],
})
