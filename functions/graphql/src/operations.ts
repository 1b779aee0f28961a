/**
 * The GraphQL documents the dashboard app (web/dashboard) sends, by name. Plain strings with no
 * imports: the app bundles this file, and the server registers each document as a persisted
 * operation (persisted.ts), so in production a browser session can run these and nothing else.
 * The app sends `extensions.persistedQuery.sha256Hash` (hex SHA-256 of the exact string).
 */

const figures =
  'clicks visitors botClicks botShare orders cancelled items refunds conversionRate reporting { currency netMinor grossMinor averageOrderValueMinor missingRates }'

export const dashboardOperations = {
  DashboardMe: `query DashboardMe {
  me { kind roles email customer { id name } influencer { id handle name } }
}`,
  DashboardCustomers: `query DashboardCustomers {
  customers(first: 100) { edges { node { id name status } } }
}`,
  DashboardCampaigns: `query DashboardCampaigns($filter: ReportFilter, $sort: String, $order: String, $limit: Int, $offset: Int, $status: String) {
  reportCampaigns(filter: $filter, sort: $sort, order: $order, limit: $limit, offset: $offset, status: $status) {
    from to timezone currency source total
    rows {
      campaign { id name status customerId timezone startsAt endsAt }
      figures { ${figures} }
      sparkline { day clicks orders }
    }
  }
}`,
  DashboardOverview: `query DashboardOverview($campaign: ID!, $filter: ReportFilter, $bucket: String) {
  reportCampaignOverview(campaign: $campaign, filter: $filter, bucket: $bucket) {
    from to timezone currency source bucket
    campaign { id name status timezone }
    totals { ${figures} }
    funnel { clicks visitors orders conversionRate }
    series { bucket clicks visitors orders botClicks revenue { currency netMinor } }
    countries { key clicks share botClicks }
    devices { key clicks share botClicks }
    previous { from to totals { clicks visitors orders reporting { currency netMinor } } change { clicks visitors orders revenue } }
  }
}`,
  DashboardCampaign: `query DashboardCampaign($id: ID!) {
  campaign(id: $id) { id name status timezone }
}`,
  DashboardInfluencers: `query DashboardInfluencers($filter: ReportFilter, $sort: String, $order: String, $limit: Int, $offset: Int, $q: String) {
  reportInfluencers(filter: $filter, sort: $sort, order: $order, limit: $limit, offset: $offset, q: $q) {
    from to timezone currency source total
    rows { influencerId handle name figures { ${figures} } }
  }
}`,
  DashboardLinks: `query DashboardLinks($filter: ReportFilter, $sort: String, $order: String, $limit: Int, $offset: Int, $q: String) {
  reportLinks(filter: $filter, sort: $sort, order: $order, limit: $limit, offset: $offset, q: $q) {
    from to timezone currency source total
    rows { linkId slug influencerId destination figures { ${figures} } }
  }
}`,
  DashboardOrders: `query DashboardOrders($filter: ReportFilter, $kind: String, $cursor: String, $limit: Int) {
  reportOrders(filter: $filter, kind: $kind, cursor: $cursor, limit: $limit) {
    from to timezone currency source nextCursor
    rows { id orderRef placedAt status currency totalMinor refundedMinor netMinor coupon attributed attributedBy campaignId influencerId linkId attributionModel source }
  }
}`,
  DashboardLink: `query DashboardLink($id: ID!) {
  link(id: $id) {
    id slug shortUrl destination status redirectStatus createdAt
    campaign { id name }
    influencer { id handle name }
  }
}`,
  DashboardApiKeys: `query DashboardApiKeys($customerId: ID) {
  apiKeys(customerId: $customerId, first: 100) {
    edges { node { id name prefix scopes customerId createdAt lastUsedAt revokedAt } }
  }
}`,
  DashboardCreateApiKey: `mutation DashboardCreateApiKey($customerId: ID, $name: String!, $scopes: [String!]!) {
  createApiKey(customerId: $customerId, name: $name, scopes: $scopes) {
    __typename
    ... on MutationCreateApiKeySuccess { data { key apiKey { id name prefix } } }
    ... on Error { message }
  }
}`,
  DashboardRevokeApiKey: `mutation DashboardRevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) { id revokedAt }
}`,
} as const satisfies Record<string, string>
