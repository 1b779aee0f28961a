/**
 * @module @glam/catalog
 * Shop feeds read in bounded memory and checked against the Google Merchant product data
 * specification: `validateFeed(bytes, options, sink)` answers a report with every rejected row
 * explained by reason code and hands valid products to the sink in batches.
 */
export { type Field, type MappingName, mappingNames } from './mapping.ts'
export { type Money, parsePrice } from './price.ts'
export {
  FeedError,
  type FeedOutcome,
  type FeedReason,
  feedReasons,
  type RowReason,
  rowReasons,
} from './reasons.ts'
export type { FeedProduct, RawRecord } from './schema.ts'
export { type FeedFormat, formats } from './sniff.ts'
export {
  type FeedOptions,
  type FeedReport,
  type InvalidRow,
  type ProductSink,
  rejectedReport,
  type ValidRow,
  validateFeed,
} from './validate.ts'
export {
  type Availability,
  availabilityOf,
  type Condition,
  conditionOf,
  isGtin,
  plainText,
  urlProblem,
} from './values.ts'
