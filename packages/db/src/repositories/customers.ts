import { desc, eq, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

export type Customer = RepoContext['database']['t']['customers']['$inferSelect']

export function customersRepository({ database, now }: RepoContext) {
  const { db, t } = database
  return {
    async create(input: { id?: string; name: string; landingUrl?: string | null }): Promise<Customer> {
      const at = now()
      const row = {
        id: input.id ?? newId(),
        name: input.name,
        landingUrl: input.landingUrl ?? null,
        status: 'active' as const,
        createdAt: at,
        updatedAt: at,
      }
      await db.insert(t.customers).values(row)
      return row
    },
    async get(id: string): Promise<Customer | null> {
      const [row] = await db.select().from(t.customers).where(eq(t.customers.id, id)).limit(1)
      return row ?? null
    },
    async list(options: { limit?: number; cursor?: string } = {}) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.customers)
        .where(options.cursor ? lt(t.customers.id, options.cursor) : undefined)
        .orderBy(desc(t.customers.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
    async update(id: string, patch: Partial<Pick<Customer, 'name' | 'landingUrl' | 'status'>>) {
      await db
        .update(t.customers)
        .set({ ...patch, updatedAt: now() })
        .where(eq(t.customers.id, id))
      return this.get(id)
    },
  }
}
