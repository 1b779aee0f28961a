/**
 * @module @glam/ocr-api
 * Story-insight screenshots read into metrics at `/api/ocr/story-insights` (containers only:
 * the ocr port is a warm tesseract.js pool in Node), each reading stored with its asset, its
 * caller and the influencer, campaign and link it is about.
 */
import { defineFunction } from '@glam/core'
import { ocrErrors } from './errors.ts'
import { ocrOpenapi } from './openapi.ts'
import { ocrSettings } from './settings.ts'
import { createStoryInsightsApp } from './story-insights.ts'

export const ocrFunction = defineFunction({
  name: 'ocr',
  description:
    'Instagram story-insights screenshots (English, German) read into metrics at `/api/ocr/story-insights` by a warm tesseract.js pool (Node containers).',
  mounts: [{ path: '/api/ocr/story-insights', app: () => createStoryInsightsApp() }],
  claims: ['/api/ocr/*'],
  runtimes: ['container'],
  errors: ocrErrors,
  settings: ocrSettings,
  openapi: ocrOpenapi,
  tables: ['story_insights', 'assets', 'influencers', 'campaigns', 'links'],
})
