import { defineConfig } from 'vitest/config'

export default defineConfig({
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
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['packages/testing/src/global-setup.ts'],
    maxWorkers: 2,
    env: { GLAM_ENV: 'test' },
  },
})
