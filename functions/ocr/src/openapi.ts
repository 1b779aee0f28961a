/** The OCR function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { assetInput, listQuery, readingRefs } from './story-insights.ts'

const reading =
  '{ id, asset, influencer, campaign, link, locale: "en"|"de", date: "YYYY-MM-DDTHH:mm"|null, metrics: { <key>: { value, approximate, text, confidence } }, rawText, durationMs, createdAt }'
const keys =
  'accounts_reached, impressions, accounts_engaged, profile_activity, replies, shares, link_clicks, sticker_taps, profile_visits, follows, forward, back, next_story, exited'

export const ocrOpenapi: OpenApiPaths = {
  '/api/ocr/story-insights': {
    post: {
      summary: 'Read an Instagram story-insights screenshot (English or German) into metrics',
      description: `Send the screenshot as multipart/form-data (\`influencer\`, \`campaign\`, \`link\` fields before a \`file\`), as a raw image/png, image/jpeg or image/webp body (the references as query parameters), or as JSON \`{ asset }\` naming an uploaded asset you may read. Only the rows shown appear in \`metrics\`; keys: ${keys}. \`approximate\` is true for abbreviated values (12.3K, 1,2 Mio.). A date without a year is in the upload's year, or the year before when that would be later than the upload. An upload is kept as a private story-insight asset. 422 NOT_STORY_INSIGHTS for another kind of image; 503 OCR_BUSY with Retry-After when the queue is full.`,
      parameters: queryParameters(readingRefs),
      requestBody: {
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
          },
          'image/png': { schema: { type: 'string', format: 'binary' } },
          'image/jpeg': { schema: { type: 'string', format: 'binary' } },
          'image/webp': { schema: { type: 'string', format: 'binary' } },
          ...jsonRequestBody(assetInput).content,
        },
      },
      responses: { 200: ok(reading), ...errorResponses },
    },
    get: {
      summary:
        "Story-insight readings newest first: an influencer's, a campaign's (an influencer sees its own)",
      parameters: queryParameters(listQuery),
      responses: { 200: ok(`{ items: [${reading}], nextCursor }`), ...errorResponses },
    },
  },
  '/api/ocr/story-insights/{id}': {
    get: {
      summary: 'One story-insight reading, for whoever may read its screenshot',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: ok(reading), ...errorResponses },
    },
  },
}
