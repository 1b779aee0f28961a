// `npm run admin`: the first start of a fresh instance, end to end as child processes.
import { spawnSync } from 'node:child_process'
import { connectDatabase, createRepositories } from '@glam/db'
import { repoRoot, tempDatabaseUrl } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

const databaseUrl = tempDatabaseUrl('admin')
const environment = (env: Record<string, string>) => ({
  ...process.env,
  DATABASE_URL: databaseUrl,
  GLAM_ENV: 'test',
  GLAM_DEMO_DATA: 'false',
  ...env,
})
/** The script itself (what `npm run admin --` runs after its install check). */
const admin = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    cwd: repoRoot,
    env: environment(env),
    encoding: 'utf8',
    timeout: 60_000,
  })
/** The README's command, once: `npm run -s admin -- …`. */
const viaNpm = (args: string[]) =>
  spawnSync('npm', ['run', '-s', 'admin', '--', ...args], {
    cwd: repoRoot,
    env: environment({}),
    encoding: 'utf8',
    timeout: 60_000,
  })

describe('npm run admin', () => {
  it('creates an app, refuses Glam origins, invites the first admin, lists apps', {
    timeout: 120_000,
  }, async () => {
    const refused = admin(['create-app', 'portal', '--origin', 'http://127.0.0.1:3000'])
    expect(refused.status).toBe(65)
    expect(refused.stderr).toMatch(/origins\.0: is served by Glam itself/)

    const created = admin([
      'create-app',
      'portal',
      '--origin',
      'HTTPS://Portal.Example/',
      '--policy',
      'open',
      '--roles',
      'member,editor',
      '--default-role',
      'member',
    ])
    expect(created.stderr).toBe('')
    expect(created.status).toBe(0)
    expect(created.stdout).toMatch(
      /^created app portal \(open; roles member,editor; origins https:\/\/portal\.example\)/,
    )

    const updated = admin(['create-app', 'portal', '--name', 'Portal'])
    expect(updated.status).toBe(0)
    expect(updated.stdout).toMatch(/^updated app portal/)

    const invited = admin(['invite', 'Boss@Company.Example', '--app', 'dashboard', '--role', 'admin'])
    expect(invited.status).toBe(0)
    expect(invited.stdout).toMatch(/^boss@company\.example holds admin in dashboard/)

    expect(admin(['invite', 'x@company.example', '--app', 'dashboard', '--role', 'client']).status).toBe(65)
    expect(admin(['invite', 'not-an-address', '--app', 'dashboard', '--role', 'admin']).status).toBe(65)
    expect(admin(['invite', 'x@company.example', '--app', 'nope', '--role', 'admin']).status).toBe(65)
    expect(admin(['frobnicate']).status).toBe(64)
    expect(admin(['create-app', 'x', '--bogus']).status).toBe(64)

    const list = viaNpm(['apps'])
    expect(list.status).toBe(0)
    expect(list.stdout).toMatch(/^dashboard\s+invite\s+roles admin,staff,client,influencer/m)
    expect(list.stdout).toMatch(
      /^portal\s+open\s+roles member,editor \(default member\)\s+origins https:\/\/portal\.example/m,
    )

    const database = await connectDatabase(databaseUrl)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: 'x'.repeat(32) })
    const boss = await repos.users.byEmail('boss@company.example')
    expect((await repos.users.grants(boss!.id, 'dashboard')).map((g) => g.role)).toEqual(['admin'])
    await database.close()
  })

  it('lists every problem of a production configuration at once', () => {
    const result = admin(['apps'], { GLAM_ENV: 'production' })
    expect(result.status).toBe(1)
    for (const name of ['GLAM_PUBLIC_URL', 'GLAM_SECRET', 'GLAM_MASTER_KEY', 'MAILGUN_API_KEY', 'REDIS_URL'])
      expect(result.stderr).toContain(name)
  })
})
