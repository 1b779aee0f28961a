/** The codes the feeds function answers with, beside the core catalogue's (declared in the manifest). */
export const feedErrors = {
  FEED_RUN_IN_PROGRESS: {
    status: 409,
    message: 'Another run of this feed is in progress; try again when it has finished.',
  },
  FEED_RUN_STALE: {
    status: 409,
    message:
      'A newer run of this feed has been applied since this one was held; releasing it would put older data back. Discard it, or import the feed again.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    FEED_RUN_IN_PROGRESS: true
    FEED_RUN_STALE: true
  }
}
