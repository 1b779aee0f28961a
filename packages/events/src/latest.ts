/**
 * Each order's latest version from the raw `conversions` table, for the queries that read it
 * directly (stats, GraphQL stats, exports, raw reports). Not `FINAL`: a server report may move
 * an order to another campaign, influencer or time, which is another sorting key, so FINAL
 * keeps both versions and the order counts twice. The filter picks the candidate orders (any
 * version matching it), their newest version is taken, and the same filter then applies to that
 * version: an order counts where its latest version is, once.
 *
 * ```ts
 * `SELECT count() FROM ${latestConversions('{db:Identifier}.conversions', where)} WHERE ${where}`
 * ```
 */
export const latestConversions = (table: string, where: string): string =>
  `(SELECT * FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${where}) ORDER BY id, version DESC LIMIT 1 BY id)`
