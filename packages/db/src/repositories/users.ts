import { and, desc, eq, inArray, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { type Page, pageSize, type RepoContext, toPage } from './context.ts'

type T = RepoContext['database']['t']
export type User = T['users']['$inferSelect']
export type Grant = T['grants']['$inferSelect']
/** The dashboard's roles and the portal's (`member`, `editor`). */
export type Role = 'admin' | 'staff' | 'client' | 'influencer' | 'viewer' | 'editor' | 'member'
export type Scope = { type: 'customer' | 'influencer'; id: string } | null

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export function usersRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  return {
    async byEmail(email: string): Promise<User | null> {
      const [row] = await db
        .select()
        .from(t.users)
        .where(eq(t.users.email, normaliseEmail(email)))
        .limit(1)
      return row ?? null
    },
    async get(id: string): Promise<User | null> {
      const [row] = await db.select().from(t.users).where(eq(t.users.id, id)).limit(1)
      return row ?? null
    },
    /** The user with this e-mail, created if new (ids stay stable across calls). */
    async ensure(input: { id?: string; email: string; name?: string | null }): Promise<User> {
      const at = now()
      await ops.insertIgnore(t.users, [
        {
          id: input.id ?? newId(),
          email: normaliseEmail(input.email),
          name: input.name ?? null,
          status: 'active',
          createdAt: at,
          updatedAt: at,
        },
      ])
      return (await this.byEmail(input.email))!
    },
    async touchLogin(id: string) {
      const at = now()
      await db.update(t.users).set({ lastLoginAt: at, updatedAt: at }).where(eq(t.users.id, id))
    },
    async list(input: { email?: string; limit?: number } = {}): Promise<User[]> {
      return db
        .select()
        .from(t.users)
        .where(input.email ? eq(t.users.email, normaliseEmail(input.email)) : undefined)
        .orderBy(t.users.email)
        .limit(Math.min(100, input.limit ?? 50))
    },
    /** Users newest first, a page at a time (`cursor`: the last id of the previous page). */
    async page(input: { email?: string; limit?: number; cursor?: string } = {}): Promise<Page<User>> {
      const size = pageSize(input.limit)
      const rows = await db
        .select()
        .from(t.users)
        .where(
          and(
            input.email ? eq(t.users.email, normaliseEmail(input.email)) : undefined,
            input.cursor ? lt(t.users.id, input.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.users.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
    async grant(input: {
      id?: string
      userId: string
      app: string
      role: Role
      scope?: Scope
      createdBy?: string | null
    }) {
      await ops.insertIgnore(t.grants, [
        {
          id: input.id ?? newId(),
          userId: input.userId,
          app: input.app,
          role: input.role,
          scopeType: input.scope?.type ?? '',
          scopeId: input.scope?.id ?? '',
          createdBy: input.createdBy ?? null,
          createdAt: now(),
        },
      ])
    },
    async revoke(input: { userId: string; app: string; role: Role; scope?: Scope }): Promise<boolean> {
      const result = await db
        .delete(t.grants)
        .where(
          and(
            eq(t.grants.userId, input.userId),
            eq(t.grants.app, input.app),
            eq(t.grants.role, input.role),
            eq(t.grants.scopeType, input.scope?.type ?? ''),
            eq(t.grants.scopeId, input.scope?.id ?? ''),
          ),
        )
      return ops.affectedRows(result) > 0
    },
    async grants(userId: string, app?: string): Promise<Grant[]> {
      return db
        .select()
        .from(t.grants)
        .where(and(eq(t.grants.userId, userId), app ? eq(t.grants.app, app) : undefined))
    },
    async grantsOf(userIds: readonly string[]): Promise<Grant[]> {
      if (userIds.length === 0) return []
      return db
        .select()
        .from(t.grants)
        .where(inArray(t.grants.userId, [...userIds]))
    },
  }
}
