/** Object refs for every domain type, declared first so domain files can point at each other. */
import type { Asset } from '@glam/db/repositories/assets'
import type { Campaign } from '@glam/db/repositories/campaigns'
import type { Feed, FeedRun } from '@glam/db/repositories/catalog'
import type { Customer } from '@glam/db/repositories/customers'
import type { Influencer } from '@glam/db/repositories/influencers'
import type { Link } from '@glam/db/repositories/links'
import type { Order, OrderLine } from '@glam/db/repositories/orders'
import type { Shop } from '@glam/db/repositories/shops'
import type { Grant, User } from '@glam/db/repositories/users'
import { builder } from '../builder.ts'

export const CustomerRef = builder.objectRef<Customer>('Customer')
export const ShopRef = builder.objectRef<Shop>('Shop')
export const InfluencerRef = builder.objectRef<Influencer>('Influencer')
export const CampaignRef = builder.objectRef<Campaign>('Campaign')
export const CampaignInfluencerRef = builder.objectRef<{ campaign: Campaign; influencerId: string }>(
  'CampaignInfluencer',
)
export const LinkRef = builder.objectRef<Link>('Link')
export const OrderRef = builder.objectRef<Order>('Order')
export const OrderLineRef = builder.objectRef<OrderLine>('OrderLine')
export const UserRef = builder.objectRef<User>('User')
export const GrantRef = builder.objectRef<Grant>('Grant')
export const AssetRef = builder.objectRef<Asset>('Asset')
export const FeedRef = builder.objectRef<Feed>('Feed')
export const FeedRunRef = builder.objectRef<FeedRun>('FeedRun')
