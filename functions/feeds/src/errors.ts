/** The codes the feeds function answers with, beside the core catalogue's (declared in the manifest). */
export const feedErrors = {
  FEED_RUN_IN_PROGRESS: {
    status: 409,
    message: 'Another run of this feed is in progress; try again when it has finished.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    FEED_RUN_IN_PROGRESS: true
  }
}
