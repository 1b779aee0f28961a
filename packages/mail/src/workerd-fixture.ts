/**
 * A worker for `workerd.test.ts`: the Mailgun adapter and the templates as the edge runs them
 * (bundled like wrangler does, under Miniflare; `FormData` and `fetch` are workerd's own).
 */
import { createMailgunMailer } from './mailgun.ts'
import { composeMail, doubleOptInMail } from './templates/index.ts'

export default {
  async fetch(_request: Request, env: { MAILGUN_URL: string; MAILGUN_KEY: string; MAILGUN_DOMAIN: string }) {
    const mailer = createMailgunMailer({
      apiKey: env.MAILGUN_KEY,
      domain: env.MAILGUN_DOMAIN,
      from: 'Glam <no-reply@mg.glam.test>',
      baseUrl: env.MAILGUN_URL,
      sleep: async () => {},
    })
    const mail = composeMail(
      doubleOptInMail,
      { confirmUrl: 'https://glam.example/c/1', listName: 'Drops <neu>', days: 2 },
      { to: 'lena@example.com', locale: 'de', unsubscribe: { url: 'https://glam.example/u/1' } },
    )
    try {
      return Response.json(await mailer.send(mail))
    } catch (err) {
      const e = err as { code?: string; status?: number }
      return Response.json({ code: e.code }, { status: e.status ?? 500 })
    }
  },
}
