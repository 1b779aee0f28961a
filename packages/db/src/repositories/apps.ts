import { asc, eq } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

export type App = RepoContext['database']['t']['apps']['$inferSelect']
export type AppInput = Pick<App, 'id' | 'name' | 'origins' | 'roles'> &
  Partial<Pick<App, 'signup' | 'signupDomains' | 'defaultRole'>>

/** Applications that sign people in through Glam. */
export function appsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  return {
    async get(id: string): Promise<App | null> {
      const [row] = await db.select().from(t.apps).where(eq(t.apps.id, id)).limit(1)
      return row ?? null
    },
    async list(): Promise<App[]> {
      return db.select().from(t.apps).orderBy(asc(t.apps.id))
    },
    /** Registers an app or updates its settings (idempotent: demo data and deploy scripts call it on every start). */
    async upsert(input: AppInput): Promise<App> {
      const at = now()
      const values = {
        name: input.name,
        origins: input.origins,
        roles: input.roles,
        signup: input.signup ?? 'invite',
        signupDomains: input.signupDomains ?? [],
        defaultRole: input.defaultRole ?? null,
        updatedAt: at,
      }
      await ops.upsert(t.apps, [{ id: input.id, createdAt: at, ...values }], {
        target: [t.apps.id],
        update: [
          t.apps.name,
          t.apps.origins,
          t.apps.roles,
          t.apps.signup,
          t.apps.signupDomains,
          t.apps.defaultRole,
          t.apps.updatedAt,
        ],
      })
      return (await this.get(input.id))!
    },
  }
}
