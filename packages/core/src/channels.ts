/**
 * Where a link is placed, copied onto each of its clicks (the ClickHouse `clicks.channel`) and a
 * grouping of `/api/stats/clicks` (`group_by=channel`): an influencer's post (the default), the
 * shopper portal's "buy at the shop" button, a look, a newsletter or a price alert.
 */
export const linkChannels = ['influencer', 'portal', 'look', 'newsletter', 'alert'] as const
export type LinkChannel = (typeof linkChannels)[number]
export const defaultLinkChannel: LinkChannel = 'influencer'
