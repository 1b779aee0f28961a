/**
 * Share links: a client report that opens without a login at `/r/<token>`, fixed to the view and
 * filters it was made with, until it expires or is revoked. Only the token's SHA-256 is kept; the
 * token (256 random bits) is shown once, when the link is made.
 *
 * ```ts
 * const { token, link } = await repos.shareLinks.create({ customerId, view: 'campaign-overview', filters, expiresAt, createdBy })
 * const open = await repos.shareLinks.open(token) // null: unknown, expired or revoked; counts the use
 * ```
 */
import { randomToken, sha256Hex } from '@glam/core'
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

export type ShareLink = RepoContext['database']['t']['shareLinks']['$inferSelect']
export type ShareLinkView = Omit<ShareLink, 'tokenHash'>

const view = ({ tokenHash: _, ...rest }: ShareLink): ShareLinkView => rest

/** `glam_r_` and 43 characters of [A-Za-z0-9]: what `/r/<token>` takes. */
export const shareTokenPattern = /^glam_r_[A-Za-z0-9]{43}$/

export function shareLinksRepository({ database, now }: RepoContext) {
  const { db, t } = database
  const byId = async (id: string) => {
    const [row] = await db.select().from(t.shareLinks).where(eq(t.shareLinks.id, id)).limit(1)
    return row ?? null
  }
  return {
    async create(input: {
      customerId: string
      view: string
      filters: Record<string, unknown>
      label?: string | null
      expiresAt: Date
      createdBy: string | null
    }): Promise<{ token: string; link: ShareLinkView }> {
      const token = `glam_r_${randomToken(43)}`
      const row: ShareLink = {
        id: newId(),
        tokenHash: await sha256Hex(token),
        customerId: input.customerId,
        view: input.view,
        filters: input.filters,
        label: input.label ?? null,
        createdBy: input.createdBy,
        expiresAt: input.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        uses: 0,
        createdAt: now(),
      }
      await db.insert(t.shareLinks).values(row)
      return { token, link: view(row) }
    },
    async get(id: string): Promise<ShareLinkView | null> {
      const row = await byId(id)
      return row ? view(row) : null
    },
    /** A customer's links (every customer's without one), newest first. */
    async list(options: { customerId?: string; limit?: number; cursor?: string } = {}) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.shareLinks)
        .where(
          and(
            options.customerId ? eq(t.shareLinks.customerId, options.customerId) : undefined,
            options.cursor ? lt(t.shareLinks.id, options.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.shareLinks.id))
        .limit(size + 1)
      return toPage(rows.map(view), size)
    },
    /** Revokes a link (again: no change). Null when there is none. */
    async revoke(id: string): Promise<ShareLinkView | null> {
      await db
        .update(t.shareLinks)
        .set({ revokedAt: now() })
        .where(and(eq(t.shareLinks.id, id), isNull(t.shareLinks.revokedAt)))
      return this.get(id)
    },
    /**
     * The link a token opens, counting the use; null for a malformed, unknown, expired or revoked
     * token (the four look alike to the caller).
     */
    async open(token: string): Promise<ShareLinkView | null> {
      if (!shareTokenPattern.test(token)) return null
      const at = now()
      const hash = await sha256Hex(token)
      const [row] = await db.select().from(t.shareLinks).where(eq(t.shareLinks.tokenHash, hash)).limit(1)
      if (!row || row.revokedAt || row.expiresAt <= at) return null
      await db
        .update(t.shareLinks)
        .set({ uses: sql`${t.shareLinks.uses} + 1`, lastUsedAt: at })
        .where(eq(t.shareLinks.id, row.id))
      return view({ ...row, uses: row.uses + 1, lastUsedAt: at })
    },
  }
}
