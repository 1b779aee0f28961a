/**
 * The image variants' settings: declared in the manifest, parsed with the platform's, added to
 * `Config` by declaration merging. The Node platform reads the budget, concurrency and queue
 * when it builds the images port (sharp).
 */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const imageSettings = {
  imagesOrigin: setting({
    env: 'GLAM_IMAGES_ORIGIN',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description:
      'Where a runtime without sharp (the edge worker, Deno) sends a variant it has in neither its cache nor its blob store: the base URL of a Node container (`https://images.internal`). Unset there: such misses answer 503 IMAGES_UNAVAILABLE.',
  }),
  imageTimeBudgetSeconds: setting({
    env: 'GLAM_IMAGE_TIME_BUDGET',
    schema: z.coerce.number().int().min(1).max(300),
    default: 20,
    description: 'Seconds one variant may take to compute; longer answers 503 VARIANT_TIMEOUT.',
  }),
  imageConcurrency: setting({
    env: 'GLAM_IMAGE_CONCURRENCY',
    schema: z.coerce.number().int().min(0).max(64),
    default: 0,
    description: 'Variants one container computes at once (0: one per CPU core); others wait in the queue.',
  }),
  imageQueue: setting({
    env: 'GLAM_IMAGE_QUEUE',
    schema: z.coerce.number().int().min(0).max(10_000),
    default: 64,
    description: 'Variants that may wait for a free slot; beyond that a new one answers 503 IMAGES_BUSY.',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof imageSettings> {}
}
