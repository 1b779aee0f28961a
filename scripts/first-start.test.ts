// A fresh production instance made usable by the documented steps alone (README "First start in
// production"): the real server in production mode with a real Redis and a Mailgun stand-in,
// the first admin invited by `npm run admin`, their login by mailed code, then apps by REST.
import { spawnSync } from 'node:child_process'
import { startMailgunServer } from '@glam/testing/mailgun-server'
import { hasRedisServer, startRedis } from '@glam/testing/redis'
import { repoRoot, startNodeRuntime, tempDatabaseUrl, tempDir } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const publicUrl = 'https://glam.example'
const adminKey = 'glam_prod_admin_key_for_the_first_start_test_0123'

describe.runIf(hasRedisServer())('first start in production', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>
  let mailgun: Awaited<ReturnType<typeof startMailgunServer>>
  let server: Awaited<ReturnType<typeof startNodeRuntime>>
  let env: Record<string, string>

  beforeAll(async () => {
    redis = await startRedis()
    mailgun = await startMailgunServer({ domain: 'mg.glam.example' })
    env = {
      GLAM_ENV: 'production',
      GLAM_PUBLIC_URL: publicUrl,
      GLAM_SECRET: 'production-secret-for-the-first-start-test-0123456789',
      GLAM_MASTER_KEY: 'production-master-key-for-the-first-start-test-012345',
      MAIL_FROM: 'Glam <no-reply@glam.example>',
      MAILGUN_API_KEY: mailgun.apiKey,
      MAILGUN_DOMAIN: mailgun.domain,
      MAILGUN_BASE_URL: mailgun.url,
      MAILGUN_WEBHOOK_SIGNING_KEY: mailgun.webhookSigningKey,
      REDIS_URL: redis.url,
      GLAM_ADMIN_API_KEY: adminKey,
      DATABASE_URL: tempDatabaseUrl('production'),
      CHDB_PATH: tempDir('chdb'),
      CLICKHOUSE_FRONT_PORT: '0',
      GLAM_SCHEDULER: 'false',
    }
    server = await startNodeRuntime(env)
  })
  afterAll(async () => {
    await server?.stop()
    await mailgun?.stop()
    await redis?.stop()
  })

  const admin = (args: string[]) =>
    spawnSync('npm', ['run', '-s', 'admin', '--', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    })
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: publicUrl, ...headers },
      body: JSON.stringify(body),
    })

  it('invites the first admin, who logs in with a mailed code and registers an app', async () => {
    const invited = admin(['invite', 'boss@company.example', '--app', 'dashboard', '--role', 'admin'])
    expect(invited.stderr).toBe('')
    expect(invited.status).toBe(0)

    expect((await post('/auth/start', { email: 'boss@company.example', app: 'dashboard' })).status).toBe(202)
    let code: string | undefined
    for (let i = 0; i < 100 && !code; i++) {
      const mail = mailgun.messages.find((m) => m.to.includes('boss@company.example'))
      code = mail && /\b(\d{6})\b/.exec(mail.text ?? '')?.[1]
      if (!code) await new Promise((r) => setTimeout(r, 50))
    }
    expect(code).toMatch(/^\d{6}$/)
    const verified = await post('/auth/verify', { email: 'boss@company.example', code })
    expect(verified.status).toBe(200)
    const cookie = verified.headers.get('set-cookie')!.split(';')[0]!
    expect(cookie).toMatch(/^__Host-glam_session=/)

    const apps = await fetch(`${server.url}/api/apps`, { headers: { cookie } })
    expect(apps.status).toBe(200)
    expect(((await apps.json()) as { items: { id: string; origins: string[] }[] }).items).toEqual([
      expect.objectContaining({ id: 'dashboard', origins: [] }),
    ])
    const created = await post(
      '/api/apps',
      { id: 'reports', name: 'Reports', origins: ['https://reports.company.example'], roles: ['viewer'] },
      { cookie },
    )
    expect(created.status).toBe(201)
    // Production refuses private and Glam-owned origins.
    for (const origin of ['http://10.0.0.7', 'https://glam.example', 'http://127.0.0.1:3000'])
      expect(
        (await post('/api/apps', { id: 'bad', name: 'Bad', origins: [origin] }, { cookie })).status,
      ).toBe(400)
    // The same change from another site is refused.
    const forged = await post(
      '/api/apps',
      { id: 'forged', name: 'Forged' },
      { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    )
    expect(forged.status).toBe(403)
  })
})
