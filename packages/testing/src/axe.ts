/**
 * axe-core in a page under test: its source evaluated through the DevTools protocol (which a
 * page's Content-Security-Policy does not govern), then `axe.run`. The serious and critical
 * violations, as `id: help (selectors)` lines; an accessible page answers `[]`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

let source: string | undefined

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[]
}

export async function seriousAxeViolations(page: Page): Promise<string[]> {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(source)
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as AxeResults
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}
