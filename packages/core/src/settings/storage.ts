/**
 * Where blobs and cached values live. Blobs: the filesystem by default (`.data/blobs`), an
 * S3-compatible bucket, or R2 on the worker; never memory in production. The cache: an LRU per
 * process, Redis shared by every container (when REDIS_URL is set), or Workers KV on the edge.
 */
import { z } from 'zod'
import { bool, setting } from './define.ts'

export const storageSettings = {
  blobs: setting({
    env: 'GLAM_BLOBS',
    schema: z.enum(['memory', 'fs', 's3', 'r2']),
    default: 'fs',
    insecure: (v) => v === 'memory' && 'blobs in memory are lost on restart',
    description:
      "Blob store: `fs` (GLAM_BLOBS_DIR; Node and Deno), `s3` (any S3-compatible bucket, any runtime), `r2` (the worker's BLOBS binding) or `memory` (tests; refused in production). On the worker `fs` means R2 when the binding exists.",
  }),
  blobsDir: setting({
    env: 'GLAM_BLOBS_DIR',
    schema: z.string().min(1),
    default: '.data/blobs',
    description: 'Directory of the filesystem blob store (GLAM_BLOBS=fs).',
  }),
  s3Endpoint: setting({
    env: 'S3_ENDPOINT',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description:
      'S3-compatible endpoint, e.g. `https://<account>.r2.cloudflarestorage.com` or a MinIO URL (default: AWS for S3_REGION).',
  }),
  s3Bucket: setting({
    env: 'S3_BUCKET',
    schema: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name')
      .optional(),
    productionNote: 'required with GLAM_BLOBS=s3',
    description: 'Bucket of the S3 blob store.',
  }),
  s3Region: setting({
    env: 'S3_REGION',
    schema: z.string().min(1),
    default: 'us-east-1',
    description: 'Region the requests are signed for (`auto` for R2).',
  }),
  s3AccessKeyId: setting({
    env: 'S3_ACCESS_KEY_ID',
    schema: z.string().min(1).optional(),
    description: 'Access key id of the S3 blob store.',
  }),
  s3SecretAccessKey: setting({
    env: 'S3_SECRET_ACCESS_KEY',
    sensitive: true,
    schema: z.string().min(1).optional(),
    description: 'Secret access key of the S3 blob store (secret; never logged).',
  }),
  s3ForcePathStyle: setting({
    env: 'S3_FORCE_PATH_STYLE',
    schema: bool,
    default: false,
    description:
      'Address the bucket as `<endpoint>/<bucket>` instead of `<bucket>.<endpoint>` (MinIO, s3rver).',
  }),
  cache: setting({
    env: 'GLAM_CACHE',
    schema: z.enum(['memory', 'redis', 'kv']).optional(),
    description:
      "Cache: `memory` (an LRU per process), `redis` (REDIS_URL, shared by every container) or `kv` (the worker's CACHE binding). Unset: redis when REDIS_URL is set, kv on the worker with a CACHE binding, else memory.",
  }),
  assetsAccel: setting({
    env: 'GLAM_ASSETS_ACCEL',
    schema: z.enum(['off', 'nginx']),
    default: 'off',
    description:
      'Delivery of originals (`/a/…`): `off` streams them from the blob store; `nginx` answers with `X-Accel-Redirect` to a raw copy under GLAM_ASSETS_ACCEL_DIR that a fronting nginx serves (Node containers; see the README).',
  }),
  assetsAccelDir: setting({
    env: 'GLAM_ASSETS_ACCEL_DIR',
    schema: z.string().min(1),
    default: '.data/accel',
    description:
      'Directory of the raw copies nginx serves (GLAM_ASSETS_ACCEL=nginx); nginx needs read access.',
  }),
  assetsAccelLocation: setting({
    env: 'GLAM_ASSETS_ACCEL_LOCATION',
    schema: z.string().regex(/^\/[A-Za-z0-9._~/-]*\/$/, 'a path that starts and ends with /'),
    default: '/_glam_accel/',
    description: "nginx's `internal` location that maps to GLAM_ASSETS_ACCEL_DIR (X-Accel-Redirect targets).",
  }),
} as const
