/** The report answers as the dashboard's documents ask for them. */
export interface Figures {
  clicks: number
  visitors: number
  botClicks: number | null
  botShare: number | null
  orders: number
  cancelled: number
  items: number
  refunds: number
  conversionRate: number | null
  reporting: {
    currency: string
    netMinor: number
    grossMinor: number
    averageOrderValueMinor: number | null
    missingRates: string[]
  }
}

export interface Window {
  from: string
  to: string
  timezone: string
  currency: string
  source: string | null
}

export interface CampaignRow {
  campaign: {
    id: string
    name: string
    status: string
    customerId: string | null
    startsAt: string | null
    endsAt: string | null
  }
  figures: Figures
  sparkline: { day: string; clicks: number; orders: number }[]
}

export interface InfluencerRow {
  influencerId: string
  handle: string | null
  name: string | null
  figures: Figures
}

export interface LinkRow {
  linkId: string
  slug: string | null
  influencerId: string | null
  destination: string | null
  figures: Figures
}

export interface Split {
  key: string
  clicks: number
  share: number
  botClicks: number | null
}

export interface Overview extends Window {
  bucket: 'hour' | 'day'
  campaign: { id: string; name: string; status: string; timezone: string }
  totals: Figures
  funnel: { clicks: number; visitors: number; orders: number; conversionRate: number | null }
  series: { bucket: string; clicks: number; visitors: number; orders: number; botClicks: number | null }[]
  countries: Split[]
  devices: Split[]
  previous: {
    from: string
    to: string
    change: { clicks: number | null; visitors: number | null; orders: number | null; revenue: number | null }
  } | null
}

export interface OrderRow {
  id: string
  orderRef: string
  placedAt: string
  status: string
  currency: string
  totalMinor: number
  refundedMinor: number
  netMinor: number
  coupon: string | null
  attributed: boolean
  attributedBy: string
  campaignId: string | null
  influencerId: string | null
  linkId: string | null
  attributionModel: string | null
  source: string | null
}
