/**
 * A link of its own on a running server, clicked as given: for HTTP suites that count clicks
 * back (stats, reports). Made once per server and key (`t.url`), so a suite's cases share it;
 * a failed attempt is forgotten, and the next case tries again and reports its own error.
 */
import { expect } from 'vitest'
import type { HttpTarget } from './suite.ts'

const admin = { authorization: 'Bearer glam_dev_admin' }
const made = new Map<string, Promise<{ id: string; slug: string }>>()

export function clickedLink(
  t: HttpTarget,
  options: {
    prefix: string
    campaignId: string
    /** The link's channel (the API's default, influencer, when absent). */
    channel?: string
    clicks: readonly { userAgent: string; country: string }[]
    /** Resolves when the clicks are where the suite reads them (events are written in batches). */
    arrived: (id: string) => Promise<void>
  },
): Promise<{ id: string; slug: string }> {
  const key = `${t.url} ${options.prefix}`
  let link = made.get(key)
  if (!link) {
    link = (async () => {
      const slug = `${options.prefix}-${t.runtime}-${Date.now().toString(36)}`
      const created = await t.fetch('/api/links', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({
          slug,
          destination: 'https://shop.example/',
          campaignId: options.campaignId,
          ...(options.channel && { channel: options.channel }),
        }),
      })
      expect(created.status).toBe(201)
      const { id, channel } = ((await created.json()) as { link: { id: string; channel: string } }).link
      expect(channel).toBe(options.channel ?? 'influencer')
      for (const { userAgent, country } of options.clicks) {
        const click = await t.fetch(`/${slug}`, {
          redirect: 'manual',
          headers: { 'user-agent': userAgent, 'cf-ipcountry': country },
        })
        expect(click.status).toBe(302)
      }
      await options.arrived(id)
      return { id, slug }
    })()
    made.set(key, link)
    link.catch(() => made.delete(key))
  }
  return link
}
