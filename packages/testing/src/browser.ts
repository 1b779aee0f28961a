/**
 * Headless Chromium for browser tests: Debian's `/usr/bin/chromium` driven by
 * playwright-core (no browser download), with the flags this closed network needs.
 */
import { existsSync } from 'node:fs'
import { requireTool } from './strict.ts'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

/** True when Chromium is installed; under CI=true a missing browser fails instead of skipping. */
export const hasChromium = () =>
  requireTool(existsSync(chromiumPath), `Chromium (${chromiumPath}, Debian package chromium)`)

export async function launchChromium() {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Playwright adds --headless and a fresh temporary profile itself.
    args: chromiumFlags.filter((f) => f !== '--headless'),
  })
}
