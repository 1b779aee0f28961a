/**
 * Persisted operations: documents the dashboards send by hash (`extensions.persistedQuery.sha256Hash`,
 * Apollo's format). In production only these run; elsewhere any document does.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { dashboardOperations } from './operations.ts'

const dashboard = /* GraphQL */ `query Dashboard($campaignId: ID!, $from: DateTime, $to: DateTime) {
  campaign(id: $campaignId) {
    id
    name
    status
    timezone
    customer { id name }
    totals(from: $from, to: $to) { clicks visitors orders items revenue { currency grossMinor netMinor } conversionRate }
    influencers {
      influencer { id handle name }
      links { id slug shortUrl status }
      stats(from: $from, to: $to) { clicks visitors orders items revenue { currency grossMinor netMinor averageOrderValueMinor } conversionRate }
    }
  }
}`

const documents: Record<string, string> = { dashboard, ...dashboardOperations }
export const hashOf = (document: string) => bytesToHex(sha256(utf8ToBytes(document)))

export const persistedOperations = {
  dashboard,
  byHash: new Map(Object.values(documents).map((d) => [hashOf(d), d])),
}
