/**
 * The tus requests: POST creates (with or without a first body), PATCH appends, HEAD tells the
 * offset, DELETE terminates. Only the principal that created an upload may see it.
 */
import { GlamError } from '@glam/core'
import { appendUnderLease, assertFits } from './append.ts'
import { assertUnlocked } from './lease.ts'
import {
  headerInt,
  invalid,
  isOffsetStream,
  locationOf,
  metaOf,
  nowMs,
  OFFSET_STREAM,
  principalOf,
  progressHeaders,
} from './protocol.ts'
import type { Settings } from './settings.ts'
import type { C, TusHooks } from './types.ts'
import { deleteUnder, infoKey, readInfo, saveInfo, type TusInfo, uploadPrefix } from './uploads.ts'

const idPattern = /^[0-9a-f]{32}$/

/** The upload at `:id`, if the caller may see it: 404 otherwise (nothing leaks), 410 once expired. */
async function ownUpload(c: C, s: Settings, allowExpired = false): Promise<TusInfo> {
  const id = c.req.param('id') ?? ''
  const info = idPattern.test(id) ? await readInfo(c.var.platform.blobs, infoKey(s.prefix, id)) : null
  if (!info || (info.principal && info.principal !== principalOf(c)))
    throw new GlamError('NOT_FOUND', 'No upload with this id.')
  if (!allowExpired && !info.asset && Date.parse(info.expiresAt) <= nowMs(c))
    throw new GlamError('GONE', 'This upload expired; start a new one.')
  return info
}

export async function create(c: C, s: Settings, hooks: TusHooks) {
  if (c.req.header('upload-defer-length') !== undefined)
    throw invalid('Upload-Defer-Length', 'Deferred lengths are not supported; send Upload-Length.')
  const length = headerInt(c, 'Upload-Length')
  if (length === undefined) throw invalid('Upload-Length', 'Upload-Length is required.')
  if (length > s.maxSize)
    throw new GlamError('PAYLOAD_TOO_LARGE', `Uploads may be at most ${s.maxSize} bytes.`)
  const metadata = c.req.header('upload-metadata') ?? ''
  const meta = metaOf(metadata, length)
  const now = nowMs(c)
  const principal = principalOf(c)
  const info: TusInfo = {
    id: crypto.randomUUID().replaceAll('-', ''),
    length,
    offset: 0,
    metadata,
    type: meta.type,
    ...(meta.name !== undefined && { name: meta.name }),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + s.expiresAfterMs).toISOString(),
    ...(principal && { principal }),
    chunks: [],
  }
  const withBody = isOffsetStream(c)
  if (withBody) assertFits(c, info)
  await hooks.authorize(c, meta)
  c.var.log.info('tus.created', { upload: info.id, length, type: meta.type })
  // creation-with-upload (and an empty upload, complete at once) go through the PATCH path.
  if (!withBody && length > 0) await saveInfo(c.var.platform.blobs, s.prefix, info)
  const body = withBody ? c.req.raw.body : null
  const stored = withBody || length === 0 ? await appendUnderLease(c, s, hooks, info, body) : info
  return c.body(null, 201, { Location: locationOf(c, info.id), ...progressHeaders(stored) })
}

export async function append(c: C, s: Settings, hooks: TusHooks) {
  const info = await ownUpload(c, s)
  if (!isOffsetStream(c))
    throw new GlamError('UNSUPPORTED_MEDIA_TYPE', `Send PATCH bodies as ${OFFSET_STREAM}.`)
  const offset = headerInt(c, 'Upload-Offset')
  if (offset === undefined) throw invalid('Upload-Offset', 'Upload-Offset is required.')
  if (offset !== info.offset)
    throw new GlamError('CONFLICT', `The upload is at offset ${info.offset}, not ${offset}.`, {
      headers: { 'Upload-Offset': String(info.offset) },
    })
  assertFits(c, info)
  if (info.asset) return c.body(null, 204, progressHeaders(info)) // a repeated final PATCH
  assertUnlocked(c, info)
  const stored = await appendUnderLease(c, s, hooks, info, c.req.raw.body)
  return c.body(null, 204, progressHeaders(stored))
}

export async function status(c: C, s: Settings) {
  if (c.req.method !== 'HEAD')
    throw new GlamError('METHOD_NOT_ALLOWED', 'Ask an upload with HEAD.', {
      headers: { Allow: 'HEAD, PATCH, DELETE, OPTIONS' },
    })
  const info = await ownUpload(c, s)
  return c.body(null, 200, {
    ...progressHeaders(info),
    'Upload-Length': String(info.length),
    'Cache-Control': 'no-store',
    ...(info.metadata && { 'Upload-Metadata': info.metadata }),
  })
}

export async function terminate(c: C, s: Settings) {
  const info = await ownUpload(c, s, true)
  assertUnlocked(c, info)
  await deleteUnder(c.var.platform.blobs, uploadPrefix(s.prefix, info.id))
  c.var.log.info('tus.terminated', { upload: info.id })
  return c.body(null, 204)
}
