/**
 * Registering the apps that sign people in through Glam, with one set of rules for the REST API
 * (`/api/apps`), the admin CLI (`npm run admin -- create-app`) and start-up: ids, normalised
 * origins that are never Glam itself, sign-up policies, roles, and a default role that open
 * sign-up can hand out safely.
 *
 * ```ts
 * const input = checked(appInputSchema(config), body)
 * await saveApp(platform, input)
 * ```
 */
import type { Config, Platform } from '@glam/core'
import type { App } from '@glam/db/repositories/apps'
import { type Repositories, repositoriesOf } from '@glam/db/repositories/index'
import { z } from 'zod'
import { appOriginsSchema, forgetAppOrigins, isGlamOrigin } from './origins.ts'
import { apiApp } from './principal.ts'

export const appIdPattern = /^[a-z0-9][a-z0-9-]{0,63}$/
const role = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, - and _')
/** Roles that carry platform-wide power or need a scope: never handed out by sign-up. */
const unsafeDefaultRoles = new Set(['admin', 'staff', 'client', 'influencer'])
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'a domain such as brand.example',
  )

/** The built-in roles of the dashboard app (the REST API and GraphQL read its grants). */
export const dashboardRoles = ['admin', 'staff', 'client', 'influencer', 'viewer', 'editor']

const fields = (config: Config, requestUrl?: string) => ({
  name: z.string().trim().min(1).max(200),
  origins: appOriginsSchema(config, requestUrl),
  signup: z.enum(['invite', 'open', 'domain']),
  signupDomains: z.array(domain).max(50),
  roles: z.array(role).min(1).max(20),
  defaultRole: role.nullable(),
})

type AppFields = z.output<z.ZodObject<ReturnType<typeof fields>>>

function policyIssues(app: AppFields & { id: string }, ctx: z.RefinementCtx) {
  if (new Set(app.roles).size !== app.roles.length)
    ctx.addIssue({ code: 'custom', path: ['roles'], message: 'roles must be distinct' })
  if (app.id === apiApp) {
    const missing = ['admin', 'staff', 'client', 'influencer'].filter((r) => !app.roles.includes(r))
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['roles'],
        message: `the dashboard app needs the roles ${missing.join(', ')}`,
      })
  }
  if (app.defaultRole !== null) {
    if (!app.roles.includes(app.defaultRole))
      ctx.addIssue({ code: 'custom', path: ['defaultRole'], message: 'must be one of the roles' })
    if (unsafeDefaultRoles.has(app.defaultRole))
      ctx.addIssue({
        code: 'custom',
        path: ['defaultRole'],
        message: `${app.defaultRole} is platform-wide or needs a scope; grant it by invitation`,
      })
  }
  if (app.signup !== 'invite' && app.defaultRole === null)
    ctx.addIssue({
      code: 'custom',
      path: ['defaultRole'],
      message: `${app.signup} sign-up needs a defaultRole`,
    })
  if (app.signup === 'domain' && app.signupDomains.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['signupDomains'],
      message: 'domain sign-up needs at least one domain',
    })
}

/**
 * A new app: id and name required; origins, policy and roles default to an invite-only app.
 * `requestUrl`: the registering request's URL, whose origin is Glam's too.
 */
export const appInputSchema = (config: Config, requestUrl?: string) => {
  const f = fields(config, requestUrl)
  return z
    .strictObject({
      id: z.string().regex(appIdPattern, 'lower-case letters, digits and - (at most 64)'),
      name: f.name,
      origins: f.origins.default([]),
      signup: f.signup.default('invite'),
      signupDomains: f.signupDomains.default([]),
      roles: f.roles.default(['admin', 'member']),
      defaultRole: f.defaultRole.default(null),
    })
    .superRefine(policyIssues)
}

/** A change to an app: any of its fields but the id. */
export const appPatchSchema = (config: Config, requestUrl?: string) =>
  z.strictObject(fields(config, requestUrl)).partial()

export type AppInput = z.output<ReturnType<typeof appInputSchema>>

/** The app with a patch applied, checked against the same policy rules as a new one. */
export function patchedApp(
  config: Config,
  app: App,
  patch: z.output<ReturnType<typeof appPatchSchema>>,
  requestUrl?: string,
) {
  const merged = {
    id: app.id,
    name: patch.name ?? app.name,
    // Stored origins that are Glam's own (registered before that rule) are dropped, not carried on.
    origins: patch.origins ?? app.origins.filter((o) => !isGlamOrigin(o, config, requestUrl)),
    signup: patch.signup ?? app.signup,
    signupDomains: patch.signupDomains ?? app.signupDomains,
    roles: patch.roles ?? app.roles,
    defaultRole: patch.defaultRole === undefined ? app.defaultRole : patch.defaultRole,
  }
  return appInputSchema(config, requestUrl).safeParse(merged)
}

/** Stores an app and forgets cached app origins so CORS and CSRF see the change at once. */
export async function saveApp(platform: Platform, input: AppInput): Promise<App> {
  const saved = await repositoriesOf(platform).apps.upsert(input)
  forgetAppOrigins(platform)
  return saved
}

/** The dashboard app, which the REST API and GraphQL read grants for: created when missing, never changed. */
export async function ensureDashboardApp(repos: Pick<Repositories, 'apps'>): Promise<App> {
  const existing = await repos.apps.get(apiApp)
  if (existing) return existing
  return repos.apps.upsert({
    id: apiApp,
    name: 'Glam dashboard',
    origins: [],
    signup: 'invite',
    signupDomains: [],
    roles: dashboardRoles,
    defaultRole: null,
  })
}
