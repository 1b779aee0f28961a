/**
 * The suppression list and the Mailgun events: addresses are kept lower-cased; an event is
 * recorded once per id (Mailgun retries a webhook until it gets a 2xx, and may send it twice).
 *
 * ```ts
 * if (await repos.mail.suppressed('lena@example.com')) … // skip the send
 * await repos.mail.suppress({ email, reason: 'bounced', source: 'mailgun', eventId })
 * ```
 */
import { and, asc, desc, eq, gt, inArray, like } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { suppressionReasons } from '../schema/mail-values.ts'
import { isUniqueViolation, pageSize, type RepoContext } from './context.ts'

export type MailSuppression = RepoContext['database']['t']['mailSuppressions']['$inferSelect']
export type MailEvent = RepoContext['database']['t']['mailEvents']['$inferSelect']
export type SuppressionReason = (typeof suppressionReasons)[number]

/** The key an address is kept under: trimmed and lower-cased (mailbox providers fold case). */
export const addressKey = (email: string) => email.trim().toLowerCase()

export function mailRepository({ database }: RepoContext) {
  const { db, t } = database
  return {
    /** The entry that stops mail to this address, or null. */
    async suppressed(email: string): Promise<MailSuppression | null> {
      const [row] = await db
        .select()
        .from(t.mailSuppressions)
        .where(eq(t.mailSuppressions.email, addressKey(email)))
        .limit(1)
      return row ?? null
    },
    /** The addresses among these (lower-cased) that are suppressed. */
    async suppressedAmong(emails: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>()
      const keys = [...new Set(emails.map(addressKey))]
      for (let i = 0; i < keys.length; i += 500) {
        const rows = await db
          .select({ email: t.mailSuppressions.email })
          .from(t.mailSuppressions)
          .where(inArray(t.mailSuppressions.email, keys.slice(i, i + 500)))
        for (const r of rows) found.add(r.email)
      }
      return found
    },
    /** Adds an address (the first reason stays: a later event does not rewrite the history). */
    async suppress(input: {
      email: string
      reason: SuppressionReason
      source: 'mailgun' | 'staff'
      detail?: string | null
      eventId?: string | null
    }): Promise<boolean> {
      try {
        await db.insert(t.mailSuppressions).values({
          email: addressKey(input.email),
          reason: input.reason,
          source: input.source,
          detail: input.detail?.slice(0, 500) ?? null,
          eventId: input.eventId ?? null,
        })
        return true
      } catch (err) {
        // A plain insert and the key decide (MySQL's upsert counts cannot tell new from known).
        if (isUniqueViolation(err)) return false
        throw err
      }
    },
    /** Lifts an entry; false when there was none. */
    async lift(email: string): Promise<MailSuppression | null> {
      const key = addressKey(email)
      const [row] = await db
        .select()
        .from(t.mailSuppressions)
        .where(eq(t.mailSuppressions.email, key))
        .limit(1)
      if (!row) return null
      await db.delete(t.mailSuppressions).where(eq(t.mailSuppressions.email, key))
      return row
    },
    /** Entries by address, `after` the cursor; `q` matches a part of the address. */
    async listSuppressions(options: { q?: string; cursor?: string; limit?: number } = {}) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.mailSuppressions)
        .where(
          and(
            options.q
              ? like(t.mailSuppressions.email, `%${options.q.toLowerCase().replace(/[\\%_]/g, '')}%`)
              : undefined,
            options.cursor ? gt(t.mailSuppressions.email, options.cursor) : undefined,
          ),
        )
        .orderBy(asc(t.mailSuppressions.email))
        .limit(size + 1)
      const items = rows.slice(0, size)
      return { items, nextCursor: rows.length > size ? items[items.length - 1]!.email : null }
    },
    /** Records an event once: false when its id was recorded before. */
    async recordEvent(input: Omit<MailEvent, 'createdAt' | 'id'> & { id?: string }): Promise<boolean> {
      try {
        await db.insert(t.mailEvents).values({
          ...input,
          id: input.id ?? `glam-${newId()}`,
          email: addressKey(input.email),
          reason: input.reason?.slice(0, 500) ?? null,
        })
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },
    /** An address's events, newest first. */
    async events(email: string, limit = 50): Promise<MailEvent[]> {
      return db
        .select()
        .from(t.mailEvents)
        .where(eq(t.mailEvents.email, addressKey(email)))
        .orderBy(desc(t.mailEvents.occurredAt))
        .limit(Math.min(limit, 200))
    },
  }
}
