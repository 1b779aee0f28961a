/** Shared rules for what a caller may see beyond the type checks. */
import type { GraphContext } from '../context.ts'

/** Stands in for a missing owner: matches no caller's customer or influencer. */
export const none = '-'

/** Links an influencer caller may see: only their own. */
export const visibleLinks = <T extends { influencerId: string | null }>(ctx: GraphContext, links: T[]) =>
  ctx.principal?.influencerId ? links.filter((l) => l.influencerId === ctx.principal!.influencerId) : links
