import { desc, eq, inArray, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

export type Influencer = RepoContext['database']['t']['influencers']['$inferSelect']

/** Handles are stored without `@`, in lower case (Instagram and TikTok handles are case-insensitive). */
export const normaliseHandle = (handle: string) => handle.trim().replace(/^@+/, '').toLowerCase()

export function influencersRepository({ database, now }: RepoContext) {
  const { db, t } = database
  return {
    async create(input: {
      id?: string
      handle: string
      name: string
      email?: string | null
      channels?: Record<string, string>
    }) {
      const at = now()
      const row: Influencer = {
        id: input.id ?? newId(),
        handle: normaliseHandle(input.handle),
        name: input.name,
        email: input.email?.toLowerCase() ?? null,
        channels: input.channels ?? {},
        createdAt: at,
        updatedAt: at,
      }
      await db.insert(t.influencers).values(row)
      return row
    },
    async get(id: string): Promise<Influencer | null> {
      const [row] = await db.select().from(t.influencers).where(eq(t.influencers.id, id)).limit(1)
      return row ?? null
    },
    async byHandle(handle: string): Promise<Influencer | null> {
      const [row] = await db
        .select()
        .from(t.influencers)
        .where(eq(t.influencers.handle, normaliseHandle(handle)))
        .limit(1)
      return row ?? null
    },
    async update(id: string, patch: Partial<Pick<Influencer, 'name' | 'email' | 'channels'>>) {
      await db
        .update(t.influencers)
        .set({ ...patch, ...(patch.email && { email: patch.email.toLowerCase() }), updatedAt: now() })
        .where(eq(t.influencers.id, id))
      return this.get(id)
    },
    async byIds(ids: readonly string[]): Promise<Influencer[]> {
      if (ids.length === 0) return []
      return db
        .select()
        .from(t.influencers)
        .where(inArray(t.influencers.id, [...ids]))
    },
    async list(options: { limit?: number; cursor?: string } = {}) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.influencers)
        .where(options.cursor ? lt(t.influencers.id, options.cursor) : undefined)
        .orderBy(desc(t.influencers.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
  }
}
