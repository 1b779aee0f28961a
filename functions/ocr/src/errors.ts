/** The codes story-insight reading answers with, beside the core catalogue's (declared in the manifest). */
export const ocrErrors = {
  NOT_STORY_INSIGHTS: {
    status: 422,
    message: 'This image is not an Instagram story-insights screen: no metric rows were found on it.',
  },
  UNREADABLE_IMAGE: { status: 422, message: 'The image cannot be decoded, or it has too many pixels.' },
  OCR_BUSY: { status: 503, message: 'Every OCR worker is busy and the queue is full; try again shortly.' },
  OCR_TIMEOUT: { status: 503, message: 'Reading the screenshot took longer than its time budget.' },
  OCR_UNAVAILABLE: {
    status: 503,
    message: 'Screenshots are read in Node containers only, and no OCR worker is running here.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    NOT_STORY_INSIGHTS: true
    UNREADABLE_IMAGE: true
    OCR_BUSY: true
    OCR_TIMEOUT: true
    OCR_UNAVAILABLE: true
  }
}
