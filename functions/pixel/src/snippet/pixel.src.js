// biome-ignore-all lint/complexity/useOptionalChain: the source stays ES2017, without optional chaining
/*
 * Glam conversion pixel, served as /pixel.js (minified into generated.ts by
 * scripts/build-snippet.mjs: run `npm run build:snippet -w @glam/pixel` after editing).
 *
 * Remembers the influencer click id of the landing URL in a first-party cookie and reports
 * purchases to Glam. Plain ES2017 in one closure: the only global it touches is
 * `window.glam`, every entry point swallows its own errors, and nothing waits on the network,
 * so the host page never notices it. See ../../README.md for the tag and the payload.
 */
;(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: served as a classic script, not a module
  'use strict'
  const w = window
  const d = document
  const noop = () => {}
  try {
    // A second copy of the tag on the same page must not run twice.
    if (w.glam && w.glam.loaded) return

    const COOKIE = '_glam_cid'
    const ID = /^[A-Za-z0-9_-]{8,64}$/
    const STORED = /^([A-Za-z0-9_-]{8,64})\.(\d{1,15})$/
    const MAX_URL = 8000

    const findScript = () => {
      const all = d.getElementsByTagName('script')
      for (let i = all.length - 1; i >= 0; i--) if (/\/pixel\.js(?:[?#]|$)/.test(all[i].src)) return all[i]
      for (let i = all.length - 1; i >= 0; i--) if (all[i].hasAttribute('data-key')) return all[i]
    }
    const script = d.currentScript || findScript()
    const attr = (name) => (script && script.getAttribute(name)) || ''
    const str = (value) => (value == null ? '' : String(value))
    const httpUrl = (value) => {
      const url = new URL(value, location.href)
      return /^https?:$/.test(url.protocol) ? url.href : ''
    }

    const key = attr('data-key')
    const param = attr('data-param') || 'glam_cid'
    const givenDays = Number(attr('data-days'))
    const days = givenDays > 0 && givenDays <= 400 ? givenDays : 30
    const endpoint =
      (attr('data-endpoint') && httpUrl(attr('data-endpoint'))) ||
      `${new URL((script && script.src) || location.href).origin}/collect`
    let consent = attr('data-consent') !== 'denied'

    const pageId = (() => {
      const value = new URLSearchParams(location.search).get(param)
      return value && ID.test(value) ? value : ''
    })()

    // Only our own cookie is looked at; every other name is skipped unread.
    const readCookie = () => {
      const prefix = `${COOKIE}=`
      for (const part of d.cookie.split(/;\s*/)) {
        if (part.indexOf(prefix) !== 0) continue
        const match = STORED.exec(part.slice(prefix.length))
        if (match) return { id: match[1], at: Number(match[2]) }
      }
    }
    const writeCookie = (value, maxAge) => {
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from many browsers we serve
      d.cookie = `${COOKIE}=${value}; Max-Age=${maxAge}; Path=/; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`
    }
    const remember = () => {
      if (!consent || !pageId) return
      const stored = readCookie()
      // Reloading the landing page keeps the click's time and the cookie's expiry.
      if (stored && stored.id === pageId) return
      writeCookie(`${pageId}.${Date.now()}`, Math.round(days * 86400))
    }

    const setConsent = (granted) => {
      consent = granted === true
      if (consent) remember()
      else writeCookie('', 0)
    }

    const imageUrl = (payload) =>
      `${endpoint}${endpoint.indexOf('?') < 0 ? '?' : '&'}d=${encodeURIComponent(JSON.stringify(payload))}`
    const sendImage = (payload) => {
      let url = imageUrl(payload)
      if (url.length > MAX_URL) {
        payload.truncated = true
        for (const item of payload.items) delete item.name
        url = imageUrl(payload)
      }
      if (url.length > MAX_URL) {
        payload.items = []
        url = imageUrl(payload)
      }
      new Image().src = url
    }
    // sendBeacon, else fetch with keepalive, else an image request; text/plain keeps the
    // POST a CORS-simple request (no preflight). Async failures are not retried: the
    // request may have arrived, and the server dedupes by order anyway.
    const send = (payload) => {
      const json = JSON.stringify(payload)
      try {
        if (navigator.sendBeacon(endpoint, new Blob([json], { type: 'text/plain' }))) return
      } catch (_) {}
      try {
        w.fetch(endpoint, {
          method: 'POST',
          body: json,
          keepalive: true,
          mode: 'cors',
          credentials: 'omit',
          headers: { 'content-type': 'text/plain' },
        }).then(noop, noop)
        return
      } catch (_) {}
      sendImage(payload)
    }

    // Shops' data layers often carry prices as text, in German shops with a decimal comma:
    // "34.90" and "34,90" both mean 34.9; anything else that is not a number stays not a number.
    const num = (v) => Number(typeof v === 'string' ? v.trim().replace(/^(-?\d+),(\d{1,3})$/, '$1.$2') : v)

    const purchase = (order) => {
      if (!order || typeof order !== 'object') return
      const orderId = str(order.orderId)
      if (!orderId) return
      const items = (Array.isArray(order.items) ? order.items : [])
        .filter((item) => item && typeof item === 'object')
        .map((item) => {
          const line = { sku: str(item.sku), price: num(item.price), quantity: num(item.quantity) }
          if (item.name != null) line.name = str(item.name)
          return line
        })
      remember()
      const stored = consent ? readCookie() : undefined
      const clickId = pageId || (stored && stored.id)
      const payload = {
        v: 1,
        key,
        orderId,
        total: num(order.total),
        currency: str(order.currency).toUpperCase(),
        items,
      }
      // What the total holds besides the lines: Glam checks total ≈ lines + shipping + tax − discount.
      for (const field of ['shipping', 'tax', 'discount']) {
        const amount = order[field] == null ? Number.NaN : num(order[field])
        if (Number.isFinite(amount)) payload[field] = amount
      }
      if (order.coupon != null && order.coupon !== '') payload.coupon = str(order.coupon)
      if (clickId) payload.clickId = clickId
      if (stored && stored.id === clickId) payload.clickAt = stored.at
      payload.consent = consent
      payload.url = location.href.split(/[?#]/)[0]
      send(payload)
    }

    const glam = (command, argument) => {
      try {
        if (command === 'purchase') purchase(argument)
        else if (command === 'consent') setConsent(argument)
      } catch (_) {}
    }
    glam.loaded = true

    const queue = w.glam && w.glam.q
    w.glam = glam
    // Commands queued by the stub before this script arrived, in their order (a bounded
    // number: a broken queue must not hold the page).
    for (let i = 0; queue && i < queue.length && i < 1000; i++) {
      try {
        glam.apply(null, queue[i])
      } catch (_) {}
    }
    remember()
  } catch (_) {}
})()
