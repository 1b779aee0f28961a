/**
 * The platform's keys: the server secret, the master key (both required in production and
 * refused at their development samples) and the admin API key ensured at start.
 */
import { z } from 'zod'
import { setting } from './define.ts'

export const secretSettings = {
  secret: setting({
    env: 'GLAM_SECRET',
    schema: z.string().min(32, 'must be at least 32 characters'),
    devDefault: 'glam-development-secret-do-not-use-in-production',
    secret: true,
    description: 'Server secret that keys hashes and signatures (visitor hashes, codes, sessions).',
  }),
  masterKey: setting({
    env: 'GLAM_MASTER_KEY',
    schema: z.string().min(32, 'must be at least 32 characters'),
    devDefault: 'glam-development-master-key-do-not-use-in-production',
    secret: true,
    description: 'Master key that encrypts stored secrets (shop signing secrets) with AES-256-GCM.',
  }),
  adminApiKey: setting({
    env: 'GLAM_ADMIN_API_KEY',
    schema: z.string().min(12).optional(),
    devDefault: 'glam_dev_admin',
    description: 'A platform-wide admin API key ensured at start (stored hashed). Optional in production.',
    insecure: (v) =>
      v === 'glam_dev_admin' ? 'the development admin key `glam_dev_admin` is public' : false,
  }),
} as const
