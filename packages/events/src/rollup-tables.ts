/**
 * The rollup tables, their materialized views and the SQL that rebuilds or repairs them from the
 * raw tables (one definition of every measure, used by all three).
 *
 * - `clicks_hourly`: per customer, campaign, UTC hour, influencer, link and bot flag: clicks
 *   (a plain sum) and visitors (`uniqState` of the visitor hash). Time series, totals, influencer
 *   and link tables read it.
 * - `clicks_geo_hourly`: per customer, campaign, UTC hour, country, device and bot flag: the
 *   country and device splits. Not per link or influencer: that cube would be as large as the raw
 *   table, so a split filtered by link or influencer reads `clicks` (a small slice by its key).
 * - `conversions_hourly`: per customer, campaign, UTC hour, influencer, link, currency and
 *   attribution model: orders, cancelled, items, gross, refunded, orders with a refund.
 *
 * Exactness (how a sum stays exact although delivery is at least once):
 * - Clicks are counted by a sum, so a duplicate must never reach the view: inserts into `clicks`
 *   and `conversions` go through the deduplicating gate (dedupe.ts), which drops rows whose id
 *   (and version) the table holds already. `uniqExactState(id)` was measured instead: exact by
 *   construction, but its states hold every id, so reading them costs what the raw table costs.
 * - Conversions are versioned: a refund, cancel or server report writes the order again with a
 *   higher version and its previous version in `previous` (JSON). The view turns such a row
 *   into two: the new version with sign +1 and the previous one with sign -1, so the sums follow
 *   the latest version, in any order of arrival.
 * - What slips past the gate (two writers inserting the same id at the same moment, a row written
 *   to ClickHouse by hand) is found by `verify` and corrected by `repair` (rollups.ts): both
 *   compare every hourly group with the raw tables over a window, and repair inserts the
 *   difference as a correction row (sums may be negative; adding the raw visitor hashes to a
 *   `uniq` state again changes nothing). The `events-rollups-repair` job runs it hourly.
 */
import { nilUuid } from '@glam/core'

const nil = `'${nilUuid}'`

/** The grouping keys of each rollup, in its ORDER BY. */
export const rollupKeys = {
  clicks_hourly: ['customer_id', 'campaign_id', 'hour', 'influencer_id', 'link_id', 'is_bot'],
  clicks_geo_hourly: ['customer_id', 'campaign_id', 'hour', 'country', 'device', 'is_bot'],
  conversions_hourly: [
    'customer_id',
    'campaign_id',
    'hour',
    'influencer_id',
    'link_id',
    'currency',
    'attribution_model',
  ],
} as const

/** The conversions measures, over rows with `sign`, `status`, `total_minor`, `refunded_minor`, `items`. */
export const conversionMeasures = {
  orders: "sign * (status != 'cancelled')",
  cancelled: "sign * (status = 'cancelled')",
  items: "sign * items * (status != 'cancelled')",
  gross_minor: "sign * total_minor * (status != 'cancelled')",
  refunded_minor: "sign * least(refunded_minor, total_minor) * (status != 'cancelled')",
  refunds: "sign * (refunded_minor > 0 AND status != 'cancelled')",
} as const
export type ConversionMeasure = keyof typeof conversionMeasures
export const conversionMeasureNames = Object.keys(conversionMeasures) as ConversionMeasure[]

const hour = "toStartOfHour(toDateTime(time, 'UTC'))"
const visitors = "uniqState(nullIf(visitor_hash, ''))"

/** A conversion row and, when it replaced one, the previous version with sign -1. */
const signedConversions = (db: string, where = '') => `
  SELECT sign,
    if(sign = 1, customer_id, toUUIDOrZero(JSONExtractString(previous, 'customer_id'))) AS c_customer,
    if(sign = 1, campaign_id, toUUIDOrZero(JSONExtractString(previous, 'campaign_id'))) AS c_campaign,
    if(sign = 1, influencer_id, toUUIDOrZero(JSONExtractString(previous, 'influencer_id'))) AS c_influencer,
    if(sign = 1, link_id, toUUIDOrZero(JSONExtractString(previous, 'link_id'))) AS c_link,
    if(sign = 1, time, parseDateTime64BestEffortOrZero(JSONExtractString(previous, 'time'), 3, 'UTC')) AS c_time,
    if(sign = 1, currency, JSONExtractString(previous, 'currency')) AS c_currency,
    if(sign = 1, attribution_model, JSONExtractString(previous, 'attribution_model')) AS c_model,
    if(sign = 1, status, JSONExtractString(previous, 'status')) AS c_status,
    if(sign = 1, total_minor, JSONExtractInt(previous, 'total_minor')) AS c_total,
    if(sign = 1, refunded_minor, JSONExtractInt(previous, 'refunded_minor')) AS c_refunded,
    if(sign = 1, toInt64(items), JSONExtractInt(previous, 'items')) AS c_items
  FROM ${db}.conversions
  ARRAY JOIN if(previous = '', [toInt8(1)], [toInt8(1), toInt8(-1)]) AS sign
  ${where}`

/** The conversions measures over `signedConversions` (its `c_` columns). */
const signedMeasures = () =>
  conversionMeasureNames
    .map(
      (name) =>
        `toInt64(sum(${conversionMeasures[name]
          .replace(/\bstatus\b/g, 'c_status')
          .replace(/\btotal_minor\b/g, 'c_total')
          .replace(/\brefunded_minor\b/g, 'c_refunded')
          .replace(/\bitems\b/g, 'c_items')})) AS ${name}`,
    )
    .join(',\n    ')

/**
 * The measures of the latest versions (`conversions FINAL`), sign 1, named `m_<measure>` (an alias
 * equal to a column name would stand for the aggregate inside the other measures).
 */
export const finalMeasures = () =>
  conversionMeasureNames
    .map((name) => `toInt64(sum(${conversionMeasures[name].replace(/\bsign\b/g, '1')})) AS m_${name}`)
    .join(',\n    ')

export function rollupStatements(db: string): string[] {
  const sums = (names: readonly string[]) =>
    names.map((n) => `${n} SimpleAggregateFunction(sum, Int64)`).join(',\n        ')
  return [
    `CREATE TABLE IF NOT EXISTS ${db}.clicks_hourly (
        customer_id UUID,
        campaign_id UUID,
        hour DateTime('UTC'),
        influencer_id UUID,
        link_id UUID,
        is_bot Bool,
        clicks SimpleAggregateFunction(sum, Int64),
        visitors AggregateFunction(uniq, Nullable(String))
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(hour)
      ORDER BY (${rollupKeys.clicks_hourly.join(', ')})`,
    `CREATE TABLE IF NOT EXISTS ${db}.clicks_geo_hourly (
        customer_id UUID,
        campaign_id UUID,
        hour DateTime('UTC'),
        country LowCardinality(String),
        device LowCardinality(String),
        is_bot Bool,
        clicks SimpleAggregateFunction(sum, Int64),
        visitors AggregateFunction(uniq, Nullable(String))
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(hour)
      ORDER BY (${rollupKeys.clicks_geo_hourly.join(', ')})`,
    `CREATE TABLE IF NOT EXISTS ${db}.conversions_hourly (
        customer_id UUID,
        campaign_id UUID,
        hour DateTime('UTC'),
        influencer_id UUID,
        link_id UUID,
        currency LowCardinality(String),
        attribution_model LowCardinality(String),
        ${sums(conversionMeasureNames)}
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(hour)
      ORDER BY (${rollupKeys.conversions_hourly.join(', ')})`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.clicks_hourly_mv TO ${db}.clicks_hourly AS
      SELECT customer_id, campaign_id, ${hour} AS hour, influencer_id, link_id, is_bot,
        toInt64(count()) AS clicks, ${visitors} AS visitors
      FROM ${db}.clicks
      GROUP BY customer_id, campaign_id, hour, influencer_id, link_id, is_bot`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.clicks_geo_hourly_mv TO ${db}.clicks_geo_hourly AS
      SELECT customer_id, campaign_id, ${hour} AS hour, country, device, is_bot,
        toInt64(count()) AS clicks, ${visitors} AS visitors
      FROM ${db}.clicks
      GROUP BY customer_id, campaign_id, hour, country, device, is_bot`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.conversions_hourly_mv TO ${db}.conversions_hourly AS
      SELECT c_customer AS customer_id, c_campaign AS campaign_id,
        toStartOfHour(toDateTime(c_time, 'UTC')) AS hour, c_influencer AS influencer_id, c_link AS link_id,
        c_currency AS currency, c_model AS attribution_model,
        ${signedMeasures()}
      FROM (${signedConversions(db)})
      GROUP BY customer_id, campaign_id, hour, influencer_id, link_id, currency, attribution_model`,
  ]
}

/**
 * Raw-table aggregates per rollup group, exact, over an optional window (`{from}`, `{to}`, whole
 * hours): clicks by `uniqExact(id)`, conversions from each order's latest version (`LIMIT 1 BY
 * id`, not `FINAL`: a server report may move an order to another campaign, which is another
 * sorting key, so FINAL would keep both versions).
 */
export function rawAggregates(db: string, window = false) {
  const clicksWhere = window
    ? "WHERE time >= toDateTime64({from:String}, 3, 'UTC') AND time < toDateTime64({to:String}, 3, 'UTC')"
    : ''
  return {
    clicks_hourly: `SELECT customer_id, campaign_id, ${hour} AS hour, influencer_id, link_id, is_bot,
        toInt64(uniqExact(id)) AS clicks, ${visitors} AS visitors
      FROM ${db}.clicks ${clicksWhere}
      GROUP BY customer_id, campaign_id, hour, influencer_id, link_id, is_bot`,
    clicks_geo_hourly: `SELECT customer_id, campaign_id, ${hour} AS hour, country, device, is_bot,
        toInt64(uniqExact(id)) AS clicks, ${visitors} AS visitors
      FROM ${db}.clicks ${clicksWhere}
      GROUP BY customer_id, campaign_id, hour, country, device, is_bot`,
    conversions_hourly: `SELECT customer_id, campaign_id, ${hour} AS hour, influencer_id, link_id,
        currency, attribution_model,
        ${finalMeasures()}
      FROM (SELECT * FROM ${db}.conversions ORDER BY id, version DESC LIMIT 1 BY id) ${clicksWhere}
      GROUP BY customer_id, campaign_id, hour, influencer_id, link_id, currency, attribution_model`,
  } as const
}

export const rollupNames = Object.keys(rollupKeys) as (keyof typeof rollupKeys)[]
export type RollupName = (typeof rollupNames)[number]

/** The rollups filled from everything in the raw tables (the migration's first fill, and rebuild). */
export const rollupBackfillStatements = (db: string) =>
  rollupNames.map((name) => `INSERT INTO ${db}.${name} ${rawAggregates(db)[name]}`)

export { nil as nilUuidLiteral }
