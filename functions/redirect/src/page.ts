import { pageLayout } from '@glam/core'
import { html } from 'hono/html'

// Both layouts are made once, at load: per request a page costs its body and one join with the shell.
const linkLayout = pageLayout({
  robots: 'noindex',
  style: `body { font: 17px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #222 }
a.button { display: inline-block; padding: .6rem 1rem; background: #d6336c; color: #fff; border-radius: .4rem; text-decoration: none }`,
})

const interstitialLayout = pageLayout({
  title: 'Open in your browser · Glam',
  robots: 'noindex',
  style: `body { font: 17px/1.5 system-ui, sans-serif; max-width: 30rem; margin: 3rem auto; padding: 0 1rem; color: #222 }
a.button { display: block; text-align: center; padding: .8rem 1rem; margin: .75rem 0; background: #d6336c; color: #fff; border-radius: .5rem; text-decoration: none }
a.secondary { background: #eee; color: #222 }`,
})

/** The page a browser sees for an unknown, paused or expired link: say so, and offer a way on. */
export function linkPage(options: {
  status: 404 | 410
  title: string
  text: string
  landingUrl: string | null
}) {
  return linkLayout({
    title: `${options.title} · Glam`,
    body: html`<main>
      <h1>${options.title}</h1>
      <p>${options.text}</p>
      ${options.landingUrl ? html`<p><a class="button" href="${options.landingUrl}">Visit the shop</a></p>` : ''}
    </main>`,
  })
}

/**
 * The optional interstitial for in-app browsers: checkout in Instagram's or TikTok's browser
 * loses carts and logins, so offer the real browser (an Android intent; instructions on iOS) and
 * a plain link onwards. No script: it works everywhere and cannot be blocked.
 */
export function interstitialPage(options: {
  destination: string
  app: string
  os: 'ios' | 'android' | 'other'
}) {
  const url = new URL(options.destination)
  const intent = `intent://${url.host}${url.pathname}${url.search}#Intent;scheme=${url.protocol.replace(':', '')};S.browser_fallback_url=${encodeURIComponent(options.destination)};end`
  const appName =
    { instagram: 'Instagram', tiktok: 'TikTok', facebook: 'Facebook' }[options.app] ?? 'this app'
  return interstitialLayout({
    body: html`<main>
      <h1>Open in your browser</h1>
      <p>You are in ${appName}'s built-in browser. For a smooth checkout, open the shop in your own browser.</p>
      ${options.os === 'android' ? html`<a class="button" id="open-browser" href="${intent}">Open in browser</a>` : ''}
      ${options.os === 'ios' ? html`<p id="ios-hint">Tap <strong>···</strong> (top right), then <strong>Open in external browser</strong>.</p>` : ''}
      <a class="button secondary" id="continue" href="${options.destination}">Continue here</a>
    </main>`,
  })
}
