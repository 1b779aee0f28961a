/**
 * The runtime conformance harness: every function's HTTP suite (`functions/*\/src/*.http.ts`)
 * runs against real servers on Node, workerd (Miniflare) and Deno. A difference on any one fails.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { type RunningRuntime, repoRoot, startRuntime } from './runtimes.ts'
import { allRuntimes, type HttpSuite, type HttpTarget } from './suite.ts'

const suiteFiles = readdirSync(join(repoRoot, 'functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    const src = join(repoRoot, 'functions', d.name, 'src')
    try {
      return readdirSync(src)
        .filter((f) => f.endsWith('.http.ts'))
        .map((f) => join(src, f))
    } catch {
      return []
    }
  })

const suites: HttpSuite[] = []
for (const file of suiteFiles) {
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  for (const value of Object.values(mod)) {
    if (value && typeof value === 'object' && 'cases' in value && 'runtimes' in value)
      suites.push(value as HttpSuite)
  }
}

describe('the harness finds the suites', () => {
  it('has at least the health and error-path suites', ({ expect }) => {
    expect(suites.map((s) => s.name)).toEqual(expect.arrayContaining(['health', 'errors']))
  })
})

for (const runtime of allRuntimes) {
  describe.sequential(`on ${runtime}`, () => {
    let running: RunningRuntime | undefined
    const target: HttpTarget = {
      runtime,
      get url() {
        return running!.url
      },
      fetch: (path, init) => fetch(`${running!.url}${path}`, init),
    }
    beforeAll(async () => {
      running = await startRuntime(runtime)
    }, 90_000)
    afterAll(async () => {
      await running?.stop()
    })
    for (const suite of suites.filter((s) => s.runtimes.includes(runtime))) {
      describe(suite.name, () => {
        for (const testCase of suite.cases) it(testCase.name, () => testCase.run(target))
      })
    }
  })
}
