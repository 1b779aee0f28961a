/** Logs a demo user in through the real login page in a browser page (the code from the dev mailbox). */
import type { Page } from 'playwright-core'
import { mailedLoginCode } from './mailbox.ts'

export async function logInThroughPage(page: Page, base: string, email: string, returnTo = '/auth/account') {
  const after = new Date(Date.now() - 1000).toISOString()
  await page.goto(`${base}/auth/login?app=dashboard&returnTo=${encodeURIComponent(returnTo)}`)
  await page.getByLabel('E-mail address').fill(email)
  await page.getByRole('button', { name: 'Send me a code' }).click()
  await page.waitForSelector('#verify-form')
  await page
    .getByLabel('Code from the e-mail')
    .fill(await mailedLoginCode((path) => fetch(`${base}${path}`), email, after))
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(`${base}${returnTo}`)
}
