/** Reads the development mailbox (`/dev/mailbox/messages.json`) of a running Glam server. */

/** The newest login code mailed to `to` at or after `after` (ISO time), polling up to 5 s. */
export async function mailedLoginCode(
  fetchPath: (path: string) => Promise<Response>,
  to: string,
  after: string,
): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const { messages } = (await (await fetchPath('/dev/mailbox/messages.json?limit=20')).json()) as {
      messages: { to: string; sentAt: string; text: string }[]
    }
    const mail = messages.find((m) => m.to === to && m.sentAt >= after)
    if (mail) return /\b(\d{6})\b/.exec(mail.text)![1]!
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no login code for ${to} in the mailbox`)
}
