/**
 * The shared store behind rate limits: self-hosted Redis or Upstash's REST API. One of them is
 * required in production and the Upstash URL needs its token (config.ts checks both).
 */
import { z } from 'zod'
import { setting } from './define.ts'

export const rateLimitSettings = {
  redisUrl: setting({
    env: 'REDIS_URL',
    sensitive: true,
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    productionNote: 'required (or UPSTASH_REDIS_REST_URL)',
    description:
      'Self-hosted Redis for shared rate limits (Node, Deno). Never logged (it may hold a password).',
  }),
  upstashRedisRestUrl: setting({
    env: 'UPSTASH_REDIS_REST_URL',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    productionNote: 'required (or REDIS_URL)',
    description: 'Upstash Redis REST endpoint for shared rate limits (any runtime; the edge needs it).',
  }),
  upstashRedisRestToken: setting({
    env: 'UPSTASH_REDIS_REST_TOKEN',
    sensitive: true,
    schema: z.string().min(1).optional(),
    description: 'Token for UPSTASH_REDIS_REST_URL (secret).',
  }),
} as const
