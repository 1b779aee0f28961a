/**
 * `POST /api/assets`: a multipart form (`type`, optional `name`, then `file`) or a raw body
 * (`?type=…&name=…`), streamed through the ingest into content-addressed storage. Who may upload
 * a type comes from the caller's grants in its app; the file's type from its bytes alone.
 */
import { mayUpload } from '@glam/assets/access'
import { ingest } from '@glam/assets/ingest'
import { safeDisplayName } from '@glam/assets/names'
import { storeAsset } from '@glam/assets/store'
import type { AssetRule } from '@glam/assets/types'
import { type AppEnv, GlamError } from '@glam/core'
import { enforce } from '@glam/ratelimit/enforce'
import type { Context } from 'hono'
import { multipartFile } from './multipart.ts'
import { appOf, ruleFor } from './rules.ts'
import { assetView } from './views.ts'

type C = Context<AppEnv>

export interface UploadRequest {
  type: string
  name?: string | undefined
  customer?: string | undefined
  influencer?: string | undefined
}

/** The rule for an upload the caller may make, or the refusal (400 unknown type, 403 no role). */
export async function authorizeUpload(c: C, request: UploadRequest, length?: number): Promise<AssetRule> {
  const rule = await ruleFor(c, appOf(c), request.type)
  if (!mayUpload(c.var.principal!, rule))
    throw new GlamError('FORBIDDEN', `Your role in this app may not upload a ${rule.type}.`)
  if (length !== undefined && length > rule.maxBytes)
    throw new GlamError('PAYLOAD_TOO_LARGE', `A ${rule.type} may be at most ${rule.maxBytes} bytes.`, {
      details: { maxBytes: rule.maxBytes },
    })
  return rule
}

/** Whose the upload is: the caller's customer or influencer, or (platform callers) the one named. */
async function ownerOf(c: C, request: UploadRequest) {
  const principal = c.var.principal!
  let customerId = principal.customerId ?? null
  let influencerId = principal.influencerId ?? null
  const { repos } = c.var.platform
  if (!customerId && !influencerId) {
    if (request.customer) {
      if (!(await repos.customers.get(request.customer)))
        throw new GlamError('NOT_FOUND', 'No such customer.')
      customerId = request.customer
    }
    if (request.influencer) {
      if (!(await repos.influencers.get(request.influencer)))
        throw new GlamError('NOT_FOUND', 'No such influencer.')
      influencerId = request.influencer
    }
  }
  return {
    createdByType: principal.kind,
    createdBy: principal.id,
    customerId,
    influencerId,
  }
}

/** Ingests and stores one upload; the stored record, audited. */
export async function acceptUpload(
  c: C,
  request: UploadRequest,
  body: ReadableStream<Uint8Array>,
  options: { rule?: AssetRule; declaredLength?: number } = {},
) {
  const { platform } = c.var
  const rule = options.rule ?? (await authorizeUpload(c, request, options.declaredLength))
  const owner = await ownerOf(c, request)
  const ingested = await ingest(platform, {
    body,
    rule,
    maxPixels: platform.config.assetMaxPixels,
    ...(options.declaredLength !== undefined && { declaredLength: options.declaredLength }),
  })
  const asset = await storeAsset(platform, ingested, {
    ...owner,
    type: rule.type,
    appId: appOf(c),
    name: safeDisplayName(request.name, `${rule.type}.${ingested.info.ext}`),
    visibility: rule.visibility,
  })
  await platform.repos.audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action: 'asset.uploaded',
    targetType: 'asset',
    targetId: asset.id,
    details: { type: asset.type, sha256: asset.sha256, size: asset.size, contentType: asset.contentType },
    requestId: c.var.requestId,
  })
  c.var.log.info('asset.uploaded', { id: asset.id, type: asset.type, sha256: asset.sha256, size: asset.size })
  return asset
}

const declared = (c: C) => {
  const length = c.req.header('content-length')
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined
}

/** One caller starts at most GLAM_ASSET_UPLOADS_PER_MINUTE uploads a minute (429 after). */
export async function limitUploads(c: C) {
  const principal = c.var.principal!
  await enforce(c, [
    [
      `asset-upload:${principal.kind}:${principal.id}`,
      { name: 'asset-uploads', limit: c.var.platform.config.assetUploadsPerMinute, windowSeconds: 60 },
    ],
  ])
}

/** The handler of `POST /api/assets`. */
export async function upload(c: C) {
  await limitUploads(c)
  const contentType = (c.req.header('content-type') ?? '').toLowerCase()
  const query = c.req.query()
  let asset: Awaited<ReturnType<typeof acceptUpload>>
  if (contentType.startsWith('multipart/form-data')) {
    // Without a type in the query, it must come as a field before the file: fetch it first.
    const type = query.type
    const preliminary = type ? await authorizeUpload(c, { type }) : undefined
    const { fields, file } = await multipartFile(c.req.raw, {
      maxBytes: preliminary?.maxBytes ?? 2_000_000_000,
    })
    if (file.field !== 'file')
      throw new GlamError('VALIDATION_FAILED', 'Send the file in a field named `file`.')
    const request: UploadRequest = {
      type: fields.type ?? type ?? '',
      name: fields.name ?? query.name ?? file.filename,
      customer: fields.customer ?? query.customer,
      influencer: fields.influencer ?? query.influencer,
    }
    if (!request.type) {
      await file.stream.cancel().catch(() => {})
      throw new GlamError('VALIDATION_FAILED', 'Send the asset type in a `type` field before the file.')
    }
    try {
      const rule = preliminary && request.type === type ? preliminary : await authorizeUpload(c, request)
      asset = await acceptUpload(c, request, file.stream, { rule })
    } catch (err) {
      await file.stream.cancel().catch(() => {})
      throw err
    }
  } else {
    if (!query.type) throw new GlamError('VALIDATION_FAILED', 'Name the asset type: `?type=<type>`.')
    const body = c.req.raw.body
    if (!body) throw new GlamError('VALIDATION_FAILED', 'The request has no body.')
    asset = await acceptUpload(
      c,
      { type: query.type, name: query.name, customer: query.customer, influencer: query.influencer },
      body,
      { ...(declared(c) !== undefined && { declaredLength: declared(c)! }) },
    )
  }
  return c.json(assetView(c, asset), 201, { Location: `/api/assets/${asset.id}` })
}
