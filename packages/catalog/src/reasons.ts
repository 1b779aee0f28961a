/**
 * What a feed run can say: why a row was rejected (in the order a row's reasons are ranked:
 * its first one is the one listed and counted), why a whole feed was, and the run's outcome.
 */

/** Row reasons, ranked by field: a row's first reason in this order is its reason. */
export const rowReasons = [
  'PARSE_ERROR',
  'MISSING_ID',
  'ID_TOO_LONG',
  'DUPLICATE_ID',
  'MISSING_TITLE',
  'TITLE_TOO_LONG',
  'MISSING_LINK',
  'MISSING_IMAGE_LINK',
  'RELATIVE_URL',
  'INVALID_URL',
  'MISSING_PRICE',
  'INVALID_PRICE',
  'INVALID_CURRENCY',
  'NON_POSITIVE_PRICE',
  'INVALID_SALE_PRICE',
  'MISSING_AVAILABILITY',
  'UNKNOWN_AVAILABILITY',
  'INVALID_GTIN',
  'INVALID_CONDITION',
] as const
export type RowReason = (typeof rowReasons)[number]

/** Why a whole feed was refused: nothing of it counts. */
export const feedReasons = [
  /** The document is not well-formed (truncated XML, an unclosed CSV quote, broken JSON). */
  'PARSE_ERROR',
  /** Neither the format nor the content says what the bytes are, or the archive holds no feed. */
  'UNSUPPORTED_FORMAT',
  /** No column or element maps to a product id or title: the mapping cannot be told. */
  'UNKNOWN_MAPPING',
  /** More bytes (after decompression) than the feed size limit. */
  'FEED_TOO_LARGE',
  /** The feed could not be fetched or read. */
  'FETCH_FAILED',
] as const
export type FeedReason = (typeof feedReasons)[number]

export type FeedOutcome = 'IMPORTED' | 'IMPORTED_WITH_ERRORS' | 'FEED_REJECTED' | 'EMPTY_FEED'

/** A whole-feed failure: thrown by readers, turned into `FEED_REJECTED` by the validator. */
export class FeedError extends Error {
  override name = 'FeedError'
  constructor(
    readonly reason: FeedReason,
    message: string,
    readonly line?: number,
  ) {
    super(message)
  }
}

export const reasonRank: ReadonlyMap<string, number> = new Map(rowReasons.map((r, i) => [r, i]))
