import { rotateSigningKey } from '@glam/auth/keys'
import { defineJob } from './define.ts'

/**
 * Makes a new token signing key every month; the previous key stays in the JWKS until the
 * tokens it signed have expired (token lifetime + 1 hour), so verifiers never see a gap.
 */
export const rotateSigningKeyJob = defineJob({
  name: 'rotate-signing-key',
  description: 'Make a new ES256 token signing key; keep the old one published until its tokens expire.',
  schedule: '5 3 1 * *',
  timezone: 'UTC',
  timeoutMs: 60_000,
  edge: true,
  async run({ platform }) {
    const { kid, retired } = await rotateSigningKey(platform)
    return { kid, retired }
  },
})
