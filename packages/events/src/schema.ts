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
 *
 * A column is added by a migration of its own (`ADD COLUMN IF NOT EXISTS`), nullable or with a
 * default: rows written before it (spilled batches replayed later, queued edge batches) carry no
 * such field, and JSONEachRow fills the default for an omitted one.
 */
import { rollupBackfillStatements, rollupStatements } from './rollup-tables.ts'

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
  {
    version: 2,
    name: 'clicks.fallback_reason',
    // Why a stock-aware link sent the click elsewhere: product_inactive | product_out_of_stock;
    // NULL for every other click (and for rows recorded before this column).
    statements: (db) => [
      `ALTER TABLE ${db}.clicks ADD COLUMN IF NOT EXISTS fallback_reason LowCardinality(Nullable(String)) AFTER bot_reason`,
    ],
  },
  {
    version: 3,
    name: 'product_events',
    // What feed runs changed: price_drop | price_increase | back_in_stock | out_of_stock |
    // inactive (gone from its feed) | reactivated, one row per product, kind and run (the id is
    // derived from them, so a run applied twice collapses to one row). Prices are effective
    // (the sale price when there is one) in minor units. The alerts read it by shop and time.
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.product_events (
        id String,
        time DateTime64(3, 'UTC'),
        kind LowCardinality(String),
        shop_id String,
        product_id String,
        sku String,
        run_id String,
        feed_id Nullable(String),
        currency LowCardinality(String),
        price_before_minor Int64,
        price_after_minor Int64,
        availability_before LowCardinality(String),
        availability_after LowCardinality(String)
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(time)
      ORDER BY (shop_id, kind, time, id)`,
    ],
  },
  {
    version: 4,
    name: 'rollups',
    // Hourly rollups (rollups.ts explains how they stay exact): clicks by link and by country and
    // device, conversions by link, currency and attribution. Conversions gain `previous`: the
    // prior version of the same order as JSON (empty for a new order), so the view subtracts it
    // when a refund, cancel or server report replaces it. Rows already in the raw tables are
    // rolled up at once (the views only see later inserts).
    statements: (db) => [
      `ALTER TABLE ${db}.conversions ADD COLUMN IF NOT EXISTS previous String DEFAULT ''`,
      ...rollupStatements(db),
      ...rollupBackfillStatements(db),
    ],
  },
  {
    version: 5,
    name: 'clicks.channel',
    // Where the clicked link is placed (the link's channel: influencer, portal, look, newsletter,
    // alert); rows recorded before it, and spilled ones replayed later, are influencer clicks.
    statements: (db) => [
      `ALTER TABLE ${db}.clicks ADD COLUMN IF NOT EXISTS channel LowCardinality(String) DEFAULT 'influencer' AFTER slug`,
    ],
  },
]

export const eventTables = ['clicks', 'conversions', 'conversion_lines', 'product_events'] as const
/** Tables the rollup views fill (read by reports; never written by the events writer). */
export const rollupTables = ['clicks_hourly', 'clicks_geo_hourly', 'conversions_hourly'] as const
export type EventTable = (typeof eventTables)[number]
