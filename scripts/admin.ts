// `npm run admin -- <command>`: what an operator needs before anyone can log in, against the
// database in DATABASE_URL with the same settings as the server (GLAM_PUBLIC_URL,
// GLAM_HOST_ALIASES decide which origins are Glam's own).
//
//   create-app <id> --origin <url>… [--name <text>] [--policy invite|open|domain] [--domain <d>…]
//              [--roles <a,b>] [--default-role <r>]      create or update an app
//   invite <email> --app <id> --role <role> [--customer <id>] [--influencer <id>]
//                                                          give someone a role (the first admin)
//   apps                                                   list the registered apps
//
// Exit codes: 0 done, 64 usage, 65 invalid input (each problem printed), 1 anything else.
import { hostname, userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { appInputSchema, ensureDashboardApp, patchedApp } from '@glam/auth/apps'
import { ConfigError, issuesOf, parseConfig, scrubString } from '@glam/core'
import { connectDatabase, createRepositories, migrateDatabase } from '@glam/db'
import type { Role } from '@glam/db/repositories/users'
import { z } from 'zod'

const usage = `usage: npm run admin -- create-app <id> --origin <url>… [--name <text>] [--policy invite|open|domain] [--domain <d>…] [--roles <a,b>] [--default-role <r>]
       npm run admin -- invite <email> --app <id> --role <role> [--customer <id>] [--influencer <id>]
       npm run admin -- apps`

class UsageError extends Error {}
class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '))
  }
}

const problemsOf = (error: z.ZodError) => issuesOf(error).map((i) => `${i.path || 'input'}: ${i.message}`)

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        origin: { type: 'string', multiple: true },
        name: { type: 'string' },
        policy: { type: 'string' },
        domain: { type: 'string', multiple: true },
        roles: { type: 'string' },
        'default-role': { type: 'string' },
        app: { type: 'string' },
        role: { type: 'string' },
        customer: { type: 'string' },
        influencer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const { values, positionals } = options(rest)
  if (!command || values.help || !['create-app', 'invite', 'apps'].includes(command)) {
    console.log(usage)
    return values.help ? 0 : 64
  }
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env })
  const database = await connectDatabase(config.databaseUrl)
  try {
    if (database.dialect === 'sqlite') await migrateDatabase(database)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: config.masterKey })
    await ensureDashboardApp(repos)

    if (command === 'apps') {
      for (const app of await repos.apps.list()) {
        console.log(
          `${app.id.padEnd(16)} ${app.signup.padEnd(7)} roles ${app.roles.join(',')}${app.defaultRole ? ` (default ${app.defaultRole})` : ''}  origins ${app.origins.join(' ') || '—'}`,
        )
      }
      return 0
    }

    if (command === 'create-app') {
      const [id] = positionals
      if (!id || positionals.length > 1) throw new UsageError('create-app takes one app id')
      const given = {
        ...(values.name !== undefined && { name: values.name }),
        ...(values.origin && { origins: values.origin }),
        ...(values.policy !== undefined && { signup: values.policy }),
        ...(values.domain && { signupDomains: values.domain }),
        ...(values.roles !== undefined && { roles: values.roles.split(',').map((r) => r.trim()) }),
        ...(values['default-role'] !== undefined && { defaultRole: values['default-role'] || null }),
      }
      const existing = await repos.apps.get(id)
      const result = existing
        ? patchedApp(config, existing, given as never)
        : appInputSchema(config).safeParse({ id, name: id, ...given })
      if (!result.success) throw new InputError(problemsOf(result.error))
      const app = await repos.apps.upsert(result.data)
      await repos.audit.record({
        actorType: 'system',
        actorId: `cli ${userInfo().username}@${hostname()}`,
        action: existing ? 'app.changed' : 'app.created',
        targetType: 'app',
        targetId: app.id,
        details: { ...given, via: 'cli' },
        requestId: null,
      })
      console.log(
        `${existing ? 'updated' : 'created'} app ${app.id} (${app.signup}; roles ${app.roles.join(',')}; origins ${app.origins.join(' ') || 'none: served by Glam'})`,
      )
      return 0
    }

    // invite
    const [email] = positionals
    const parsedEmail = z.email().max(320).safeParse(email)
    if (!email || positionals.length > 1) throw new UsageError('invite takes one e-mail address')
    if (!parsedEmail.success) throw new InputError([`email: ${email} is not an e-mail address`])
    if (!values.app || !values.role) throw new UsageError('invite needs --app and --role')
    const app = await repos.apps.get(values.app)
    if (!app) throw new InputError([`app: no app ${values.app}; create it with create-app first`])
    if (!app.roles.includes(values.role))
      throw new InputError([`role: the app ${app.id} has the roles ${app.roles.join(', ')}`])
    const scope = values.customer
      ? { type: 'customer' as const, id: values.customer }
      : values.influencer
        ? { type: 'influencer' as const, id: values.influencer }
        : null
    if (values.role === 'client' && scope?.type !== 'customer')
      throw new InputError(['customer: the client role needs --customer <id>'])
    if (values.role === 'influencer' && scope?.type !== 'influencer')
      throw new InputError(['influencer: the influencer role needs --influencer <id>'])
    if (scope?.type === 'customer' && !(await repos.customers.get(scope.id)))
      throw new InputError([`customer: no customer ${scope.id}`])
    if (scope?.type === 'influencer' && !(await repos.influencers.get(scope.id)))
      throw new InputError([`influencer: no influencer ${scope.id}`])
    const user = await repos.users.ensure({ email: parsedEmail.data })
    await repos.users.grant({
      userId: user.id,
      app: app.id,
      role: values.role as Role,
      scope,
      createdBy: null,
    })
    await repos.audit.record({
      actorType: 'system',
      actorId: `cli ${userInfo().username}@${hostname()}`,
      action: 'grant.added',
      targetType: 'user',
      targetId: user.id,
      details: { app: app.id, role: values.role, ...(scope && { scope }), via: 'cli' },
      requestId: null,
    })
    console.log(
      `${user.email} holds ${values.role} in ${app.id}; they log in at ${config.publicUrl}/auth/login?app=${app.id} with a code sent by mail`,
    )
    return 0
  } finally {
    await database.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      console.error(`glam admin: ${err.message}\n${usage}`)
      process.exit(64)
    }
    if (err instanceof InputError) {
      for (const p of err.problems) console.error(`glam admin: ${p}`)
      process.exit(65)
    }
    console.error(
      err instanceof ConfigError ? err.message : `glam admin: ${scrubString(String(err?.message ?? err))}`,
    )
    process.exit(1)
  },
)
