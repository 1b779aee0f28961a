import { createRequire } from 'node:module'
import { defineConfig } from 'vitest/config'

const require = createRequire(import.meta.url)

export default defineConfig({
  // One graphql instance: Vite would pick graphql's ESM build for our files while the libraries
  // (Pothos, yoga) load its CommonJS build through Node, and graphql refuses mixed instances.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: [
      'packages/**/*.test.ts',
      'functions/**/*.test.ts',
      'edge/**/*.test.ts',
      'jobs/**/*.test.ts',
      'web/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    // expect.poll waits 1 s by default: under the whole suite on two cores a browser's report or
    // a batch of events can take longer. A poll still ends the moment its condition holds.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['packages/testing/src/global-setup.ts'],
    maxWorkers: 2,
    env: { GLAM_ENV: 'test' },
  },
})
