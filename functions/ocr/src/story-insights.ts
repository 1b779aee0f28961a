/**
 * `/api/ocr/story-insights`: Instagram story-insights screenshots read into metrics.
 * - `POST /`: a multipart form (optional `influencer`, `campaign`, `link` fields before a `file`),
 *   a raw `image/png`/`image/jpeg`/`image/webp` body (the same as query parameters), or JSON
 *   `{ asset, influencer?, campaign?, link? }` naming an uploaded asset the caller may read.
 *   An upload is stored as a private `story-insight` asset once it reads as story insights.
 * - `GET /:id`: a reading, for whoever may read its asset.
 * - `GET /?influencer=&campaign=&limit=&cursor=`: readings newest first (an influencer sees its own).
 */
import { mayRead } from '@glam/assets/access'
import { defaultRules } from '@glam/assets/types'
import { multipartFile } from '@glam/assets-api/multipart'
import { acceptUpload, authorizeUpload, limitUploads } from '@glam/assets-api/upload'
import { requireCaller } from '@glam/auth'
import { type AppEnv, blobBytes, GlamError, type Principal, validationHook } from '@glam/core'
import type { StoryInsight } from '@glam/db/repositories/story-insights'
import { readStoryInsights } from '@glam/ocr/story-insights'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { z } from 'zod'

type C = Context<AppEnv>

const id = z.string().trim().min(1).max(64)

export const readingRefs = z.strictObject({
  influencer: id.optional(),
  campaign: id.optional(),
  link: id.optional(),
  name: z.string().max(200).optional(),
})
export const assetInput = readingRefs.omit({ name: true }).extend({ asset: id })
export const listQuery = z.strictObject({
  influencer: id.optional(),
  campaign: id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: id.optional(),
})

const rule = defaultRules['story-insight']
const imageTypes = ['image/png', 'image/jpeg', 'image/webp']

/** The reading as the API shows it. */
export const readingView = (r: StoryInsight) => ({
  id: r.id,
  asset: r.assetId,
  influencer: r.influencerId,
  campaign: r.campaignId,
  link: r.linkId,
  locale: r.locale,
  date: r.shownAt,
  metrics: r.metrics,
  rawText: r.rawText,
  durationMs: r.durationMs,
  createdAt: r.createdAt.toISOString(),
})

const isPlatformWide = (p: Principal) => !p.customerId && !p.influencerId

/** The influencer, campaign and link a reading is about, checked to exist and to be the caller's to name. */
async function resolveRefs(c: C, refs: { influencer?: string; campaign?: string; link?: string }) {
  const principal = c.var.principal!
  const { repos } = c.var.platform
  const notFound = (what: string) => new GlamError('NOT_FOUND', `No such ${what}.`)
  let influencerId = refs.influencer ?? null
  if (principal.influencerId) {
    if (influencerId && influencerId !== principal.influencerId)
      throw new GlamError('FORBIDDEN', 'An influencer sends its own story insights only.')
    influencerId = principal.influencerId
  } else if (influencerId && !(await repos.influencers.get(influencerId))) throw notFound('influencer')
  let campaignId = refs.campaign ?? null
  if (campaignId) {
    const campaign = await repos.campaigns.get(campaignId)
    if (!campaign || (principal.customerId && campaign.customerId !== principal.customerId))
      throw notFound('campaign')
  }
  const linkId = refs.link ?? null
  if (linkId) {
    const link = await repos.links.get(linkId)
    const mine =
      link &&
      (!principal.customerId || link.customerId === principal.customerId) &&
      (!principal.influencerId || link.influencerId === principal.influencerId)
    if (!mine) throw notFound('link')
    influencerId ??= link.influencerId ?? null
    campaignId ??= link.campaignId ?? null
  }
  return { influencerId, campaignId, linkId }
}

/** Reads a body into memory, refusing more than `max` bytes. */
async function bytesOf(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of stream) {
    size += chunk.byteLength
    if (size > max) {
      throw new GlamError('PAYLOAD_TOO_LARGE', `A story-insight screenshot may be at most ${max} bytes.`, {
        details: { maxBytes: max },
      })
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, size)
}

const fromBytes = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })

/** The ocr port's failures (told apart by name) in the house error shape. */
function ocrFailure(err: unknown): never {
  const e = err as Error & { retryAfterSeconds?: number }
  switch (e?.name) {
    case 'NotStoryInsightsError':
      throw new GlamError('NOT_STORY_INSIGHTS', e.message)
    case 'OcrInputError':
      throw new GlamError('UNREADABLE_IMAGE', e.message)
    case 'OcrBusyError':
      throw new GlamError('OCR_BUSY', e.message, {
        headers: { 'Retry-After': String(e.retryAfterSeconds ?? 5) },
      })
    case 'OcrTimeoutError':
      throw new GlamError('OCR_TIMEOUT', e.message, { headers: { 'Retry-After': '30' } })
    case 'OcrUnavailableError':
      throw new GlamError('OCR_UNAVAILABLE', e.message, { headers: { 'Retry-After': '30' } })
    default:
      throw err
  }
}

interface Screenshot {
  bytes: Uint8Array
  refs: z.infer<typeof readingRefs>
  /** An asset already stored (the JSON form), or the name to store the upload under. */
  asset?: { id: string; createdAt: Date }
}

/** The screenshot and its references, from whichever of the three forms the request uses. */
async function screenshotOf(c: C): Promise<Screenshot> {
  const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const query = readingRefs.safeParse(c.req.query())
  if (!query.success) throw new GlamError('VALIDATION_FAILED', query.error.issues[0]!.message)
  if (contentType === 'application/json') {
    const body = assetInput.safeParse(await c.req.json().catch(() => null))
    if (!body.success) {
      throw new GlamError(
        'VALIDATION_FAILED',
        'Send `{ "asset": "<asset id>" }`, optionally with influencer, campaign, link.',
        {
          details: body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      )
    }
    const asset = await c.var.platform.repos.assets.get(body.data.asset)
    if (!asset || !mayRead(c.var.principal!, asset, rule)) throw new GlamError('NOT_FOUND', 'No such asset.')
    if (!imageTypes.includes(asset.contentType))
      throw new GlamError(
        'UNREADABLE_IMAGE',
        `The asset is ${asset.contentType}, not a PNG, JPEG or WebP image.`,
      )
    const blob = await c.var.platform.blobs.get(`assets/${asset.sha256}`)
    if (!blob) throw new GlamError('NOT_FOUND', 'The asset has no bytes stored.')
    return {
      bytes: await blobBytes(blob),
      refs: body.data,
      asset: { id: asset.id, createdAt: asset.createdAt },
    }
  }
  if (contentType === 'multipart/form-data') {
    const { fields, file } = await multipartFile(c.req.raw, { maxBytes: rule.maxBytes })
    if (file.field !== 'file') {
      await file.stream.cancel().catch(() => {})
      throw new GlamError('VALIDATION_FAILED', 'Send the screenshot in a field named `file`.')
    }
    const refs = readingRefs.safeParse({ ...query.data, ...fields, name: fields.name ?? file.filename })
    if (!refs.success) {
      await file.stream.cancel().catch(() => {})
      throw new GlamError('VALIDATION_FAILED', refs.error.issues[0]!.message)
    }
    return { bytes: await bytesOf(file.stream, rule.maxBytes), refs: refs.data }
  }
  if (imageTypes.includes(contentType)) {
    const body = c.req.raw.body
    if (!body) throw new GlamError('VALIDATION_FAILED', 'The request has no body.')
    return { bytes: await bytesOf(body, rule.maxBytes), refs: query.data }
  }
  throw new GlamError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the screenshot as multipart/form-data (field `file`), as an image/png, image/jpeg or image/webp body, or JSON `{ "asset": "<id>" }`.',
  )
}

async function readScreenshot(c: C) {
  const { platform } = c.var
  const principal = c.var.principal!
  const ocr = platform.ocr
  if (!ocr) throw new GlamError('OCR_UNAVAILABLE')
  await limitUploads(c)
  const uploading = !c.req.header('content-type')?.toLowerCase().startsWith('application/json')
  // Refused before any work when the caller may not upload a story insight at all.
  if (uploading) await authorizeUpload(c, { type: rule.type }, declaredLength(c))
  const shot = await screenshotOf(c)
  const refs = await resolveRefs(c, shot.refs)
  const uploadedAt = shot.asset?.createdAt ?? platform.clock.now()
  const started = performance.now()
  const signal = c.req.raw.signal
  const reading = await readStoryInsights(ocr, shot.bytes, { uploadedAt, signal }).catch(ocrFailure)
  const durationMs = Math.round(performance.now() - started)
  const assetId =
    shot.asset?.id ??
    (
      await acceptUpload(
        c,
        {
          type: rule.type,
          name: shot.refs.name,
          ...(!principal.influencerId && refs.influencerId && { influencer: refs.influencerId }),
        },
        fromBytes(shot.bytes),
        { declaredLength: shot.bytes.byteLength },
      )
    ).id
  const stored = await platform.repos.storyInsights.insert({
    assetId,
    influencerId: refs.influencerId,
    campaignId: refs.campaignId,
    linkId: refs.linkId,
    createdByType: principal.kind,
    createdBy: principal.id,
    locale: reading.locale,
    shownAt: reading.date,
    metrics: reading.metrics,
    rawText: reading.rawText,
    durationMs,
  })
  c.var.log.info('ocr.story_insights_read', {
    id: stored.id,
    asset: assetId,
    locale: reading.locale,
    metrics: Object.keys(reading.metrics).length,
    durationMs,
  })
  return c.json(readingView(stored), 200, { Location: `/api/ocr/story-insights/${stored.id}` })
}

const declaredLength = (c: C) => {
  const length = c.req.header('content-length')
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined
}

/** True when the caller may see a reading: whoever may read its asset, an influencer its own. */
async function mayView(c: C, reading: StoryInsight) {
  const principal = c.var.principal!
  if (isPlatformWide(principal) || reading.createdBy === principal.id) return true
  if (principal.influencerId) return reading.influencerId === principal.influencerId
  const asset = await c.var.platform.repos.assets.get(reading.assetId)
  return asset !== null && mayRead(principal, asset, rule)
}

export function createStoryInsightsApp() {
  return new Hono<AppEnv>()
    .post('/', requireCaller('assets:write'), readScreenshot)
    .get('/', requireCaller('assets:read'), zValidator('query', listQuery, validationHook), async (c) => {
      const principal = c.var.principal!
      const query = c.req.valid('query')
      if (principal.influencerId && query.influencer && query.influencer !== principal.influencerId)
        throw new GlamError('FORBIDDEN', 'An influencer sees its own story insights only.')
      const page = await c.var.platform.repos.storyInsights.list({
        ...query,
        influencerId: principal.influencerId ?? query.influencer,
        campaignId: query.campaign,
      })
      const visible = []
      for (const reading of page.items) if (await mayView(c, reading)) visible.push(readingView(reading))
      return c.json({ items: visible, nextCursor: page.nextCursor })
    })
    .get('/:id', requireCaller('assets:read'), async (c) => {
      const reading = await c.var.platform.repos.storyInsights.get(c.req.param('id'))
      if (!reading || !(await mayView(c, reading)))
        throw new GlamError('NOT_FOUND', 'No such story-insight reading.')
      return c.json(readingView(reading))
    })
}
