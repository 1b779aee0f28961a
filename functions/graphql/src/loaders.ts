/**
 * Per-request dataloaders: each kind of record costs one SQL query per batch (and each stats
 * shape one ClickHouse query per batch), however many parents a query resolves.
 */
import type { Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import DataLoader from 'dataloader'
import { createStatsLoaders } from './stats.ts'

const byId = <T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) =>
  new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await load(ids)).map((r) => [r.id, r]))
    return ids.map((id) => rows.get(id) ?? null)
  })

const groupedBy = <T>(key: keyof T, load: (ids: readonly string[]) => Promise<T[]>) =>
  new DataLoader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>()
    for (const row of await load(ids)) {
      const k = row[key] as string
      const list = groups.get(k)
      if (list) list.push(row)
      else groups.set(k, [row])
    }
    return ids.map((id) => groups.get(id) ?? [])
  })

export function createLoaders(platform: Platform) {
  const repos = repositoriesOf(platform)
  const { batch } = repos
  return {
    customer: byId(batch.customers),
    campaign: byId(batch.campaigns),
    link: byId(batch.links),
    shop: byId(batch.shops),
    influencer: byId(batch.influencers),
    user: byId(batch.users),
    linksOfCampaign: groupedBy('campaignId', batch.linksOfCampaigns),
    influencersOfCampaign: groupedBy('campaignId', batch.campaignInfluencers),
    grantsOfUser: groupedBy('userId', (ids) => batch.grantsOfUsers(ids)),
    orderLines: groupedBy('orderId', (ids) => repos.orders.lines(ids)),
    ...createStatsLoaders(platform),
  }
}
export type Loaders = ReturnType<typeof createLoaders>
