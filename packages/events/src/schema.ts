/**
 * ClickHouse tables, applied in order at start and recorded in `schema_migrations`.
 *
 * Deduplication: delivery is at least once (a batch whose answer was lost is sent again, a
 * spilled batch may be replayed twice), so every event carries its own id and the tables are
 * ReplacingMergeTree keyed on it: duplicates collapse when parts merge, and reports count
 * `uniqExact(id)` (or read with FINAL), so they are exact before the merge too. Insert dedupe
 * tokens were not chosen: they only catch a retry of the identical block, not a replay of a
 * spilled batch regrouped with other events.
 *
 * Keys fit the reports: partitions by month; ORDER BY starts with customer and campaign (every
 * report filters on them), then the day, then the id. Visitor hashes expire after 90 days
 * (column TTL): raw visitor data past its retention is removed by ClickHouse itself.
 */
export interface ClickHouseMigration {
  version: number
  name: string
  statements: (database: string) => string[]
}

export const clickhouseMigrations: ClickHouseMigration[] = [
  {
    version: 1,
    name: 'clicks and conversions',
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.clicks (
        id UUID,
        time DateTime64(3, 'UTC'),
        link_id UUID,
        campaign_id UUID,
        influencer_id UUID,
        customer_id UUID,
        slug String,
        destination_host LowCardinality(String),
        country LowCardinality(String),
        device LowCardinality(String),
        os LowCardinality(String),
        browser LowCardinality(String),
        referrer_host LowCardinality(String),
        in_app LowCardinality(String),
        is_bot Bool,
        bot_reason LowCardinality(String),
        visitor_hash String TTL toDateTime(time) + INTERVAL 90 DAY,
        user_agent String TTL toDateTime(time) + INTERVAL 90 DAY,
        inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
      ) ENGINE = ReplacingMergeTree(inserted_at)
      PARTITION BY toYYYYMM(time)
      ORDER BY (customer_id, campaign_id, toDate(time), id)`,
      `CREATE TABLE IF NOT EXISTS ${db}.conversions (
        id UUID,
        time DateTime64(3, 'UTC'),
        version UInt64,
        shop_id UUID,
        order_ref String,
        status LowCardinality(String),
        currency LowCardinality(String),
        total_minor Int64,
        refunded_minor Int64,
        items UInt32,
        coupon String,
        click_id String,
        link_id UUID,
        influencer_id UUID,
        campaign_id UUID,
        customer_id UUID,
        attribution_model LowCardinality(String),
        source LowCardinality(String)
      ) ENGINE = ReplacingMergeTree(version)
      PARTITION BY toYYYYMM(time)
      ORDER BY (customer_id, campaign_id, toDate(time), id)`,
      `CREATE TABLE IF NOT EXISTS ${db}.conversion_lines (
        id UUID,
        order_id UUID,
        time DateTime64(3, 'UTC'),
        line_no UInt32,
        sku String,
        name String,
        price_minor Int64,
        quantity UInt32,
        currency LowCardinality(String),
        campaign_id UUID,
        influencer_id UUID,
        customer_id UUID
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(time)
      ORDER BY (customer_id, campaign_id, order_id, line_no)`,
    ],
  },
]

export const eventTables = ['clicks', 'conversions', 'conversion_lines'] as const
export type EventTable = (typeof eventTables)[number]
