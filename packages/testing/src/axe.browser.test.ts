// The accessibility check the browser tests rely on finds what it must: an image without a
// text alternative and a button without a name are critical, a labelled page passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousAxeViolations } from './axe.ts'
import { hasChromium, launchChromium } from './browser.ts'

describe.runIf(hasChromium())('seriousAxeViolations', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('names the serious violations of a page, and none of an accessible one', async () => {
    const page = await browser.newPage()
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main></body></html>',
    )
    const found = await seriousAxeViolations(page)
    expect(found.map((v) => v.split(':')[0])).toEqual(expect.arrayContaining(['image-alt', 'button-name']))
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Fine</h1><img alt="A dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button>Go</button></main></body></html>',
    )
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.close()
  })
})
