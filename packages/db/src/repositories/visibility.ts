/**
 * Lookups by id as a caller may see them: a record the caller has no access to answers exactly
 * like one that does not exist (null), so "forbidden" and "missing" cannot be told apart.
 * Platform-wide callers see every record; a customer-limited caller (a client, a customer's API
 * key) its customer's; an influencer their own links, the campaigns they take part in and the
 * customers they work for.
 *
 * ```ts
 * const see = visibility(repositoriesOf(platform), principal)
 * const campaign = await see.campaign(id)
 * if (!campaign) throw new GlamError('NOT_FOUND', 'No such campaign.')
 * ```
 */
import type { Campaign } from './campaigns.ts'
import type { Customer } from './customers.ts'
import type { Repositories } from './index.ts'
import type { Influencer } from './influencers.ts'
import type { Link } from './links.ts'
import type { Shop } from './shops.ts'

/** Who is looking: null limits mean platform-wide. */
export interface Viewer {
  customerId?: string | null
  influencerId?: string | null
}

type Repos = Pick<Repositories, 'customers' | 'campaigns' | 'influencers' | 'links' | 'shops'>

export function visibility(repos: Repos, viewer: Viewer) {
  const customerLimit = viewer.customerId ?? null
  const influencerLimit = viewer.influencerId ?? null
  return {
    async customer(id: string): Promise<Customer | null> {
      if (customerLimit && id !== customerLimit) return null
      const customer = await repos.customers.get(id)
      if (!customer) return null
      if (influencerLimit && !(await repos.campaigns.influencerWorksFor(influencerLimit, id))) return null
      return customer
    },
    async campaign(id: string): Promise<Campaign | null> {
      const campaign = await repos.campaigns.get(id)
      if (!campaign) return null
      if (customerLimit && campaign.customerId !== customerLimit) return null
      if (influencerLimit && !(await repos.campaigns.hasInfluencer(id, influencerLimit))) return null
      return campaign
    },
    async influencer(id: string): Promise<Influencer | null> {
      if (influencerLimit && id !== influencerLimit) return null
      const influencer = await repos.influencers.get(id)
      if (!influencer) return null
      if (customerLimit && !(await repos.campaigns.influencerWorksFor(id, customerLimit))) return null
      return influencer
    },
    async link(id: string): Promise<Link | null> {
      const link = await repos.links.get(id)
      if (!link) return null
      if (customerLimit && link.customerId !== customerLimit) return null
      if (influencerLimit && link.influencerId !== influencerLimit) return null
      return link
    },
    /** Shops belong to a customer (or to none: platform-wide); influencers see none. */
    async shop(id: string): Promise<Shop | null> {
      if (influencerLimit) return null
      const shop = await repos.shops.get(id)
      if (!shop) return null
      if (customerLimit && shop.customerId !== customerLimit) return null
      return shop
    },
  }
}
