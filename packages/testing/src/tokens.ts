/**
 * Dashboard tokens (JWTs) for the demo users, minted in-process: what tests of role-dependent
 * routes use for callers with fewer rights than the admin key. `staff` is made on first use
 * (`staff@demo.glam` with a platform-wide staff grant); the others are the demo data's users.
 *
 * ```ts
 * const tokens = await demoTokens(t, ['client', 'influencer'])
 * await t.app.request('/api/assets', { headers: { authorization: `Bearer ${tokens.client}` } })
 * ```
 */
import { issueToken } from '@glam/auth'
import type { Platform } from '@glam/core'
import { demo } from '@glam/db'
import type { Repositories } from '@glam/db/repositories/index'

export type DemoRole = 'admin' | 'staff' | 'client' | 'influencer'

export const demoEmails: Record<DemoRole, string> = {
  admin: 'admin@demo.glam',
  staff: 'staff@demo.glam',
  client: 'client@demo.glam',
  influencer: 'lena@demo.glam',
}

export async function demoTokens<R extends DemoRole>(
  t: { platform: Platform; repos: Repositories },
  roles: readonly R[],
): Promise<Record<R, string>> {
  const tokens = {} as Record<R, string>
  for (const role of roles) {
    const email = demoEmails[role]
    if (role === 'staff' && !(await t.repos.users.byEmail(email))) {
      const staff = await t.repos.users.ensure({ email })
      await t.repos.users.grant({ userId: staff.id, app: demo.app, role: 'staff' })
    }
    const user = (await t.repos.users.byEmail(email))!
    const grants = await t.repos.users.grants(user.id, demo.app)
    tokens[role] = (await issueToken(t.platform, { userId: user.id, email, app: demo.app, grants })).token
  }
  return tokens
}
