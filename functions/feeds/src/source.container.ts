/**
 * Where a feed's bytes come from: a file, or an http(s) URL fetched through the SSRF-safe fetch
 * (private and metadata addresses refused after DNS and on every redirect, GLAM_FETCH_ALLOW_HOSTS
 * excepted). A source that cannot be read is a `FETCH_FAILED` feed error, reported like any other.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { FeedError } from '@glam/catalog'
import { SafeFetchError, safeFetch } from '@glam/core/safe-fetch'

export interface FeedSource {
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  /** The file's name or the URL's last path segment, for telling the format. */
  name: string
  /** Bytes expected (file size, Content-Length) when known: for progress. */
  size?: number
  /** A conditional GET answered 304: no bytes, nothing changed. */
  notModified?: boolean
  /** The response's validators, for the next conditional GET. */
  etag?: string
  lastModified?: string
}

export interface SourceOptions {
  allowHosts: readonly string[]
  timeoutMs: number
  maxBytes: number
  /** The last body's validators: sent as If-None-Match / If-Modified-Since. */
  conditional?: { etag?: string | null; lastModified?: string | null }
}

export const isUrl = (text: string) => /^https?:\/\//i.test(text)

export async function openFeed(location: string, options: SourceOptions): Promise<FeedSource> {
  if (isUrl(location)) {
    let response: Response
    try {
      response = await safeFetch(location, {
        allowHosts: options.allowHosts,
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes,
        headers: {
          Accept: '*/*',
          'User-Agent': 'GlamFeeds/1.0 (+https://glam.example/feeds)',
          ...(options.conditional?.etag && { 'If-None-Match': options.conditional.etag }),
          ...(options.conditional?.lastModified && { 'If-Modified-Since': options.conditional.lastModified }),
        },
      })
    } catch (err) {
      if (err instanceof SafeFetchError) throw new FeedError('FETCH_FAILED', `${err.code}: ${err.message}`)
      throw err
    }
    const validators = {
      ...(response.headers.get('etag') && { etag: response.headers.get('etag')! }),
      ...(response.headers.get('last-modified') && { lastModified: response.headers.get('last-modified')! }),
    }
    if (response.status === 304) {
      await response.body?.cancel()
      return { bytes: [], name: '', notModified: true, ...validators }
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel()
      throw new FeedError(
        'FETCH_FAILED',
        `the feed URL answered ${response.status} ${response.statusText}`.trim(),
      )
    }
    const length = Number(response.headers.get('content-length'))
    const name = decodeURIComponent(new URL(response.url || location).pathname.split('/').pop() ?? '')
    return {
      bytes: response.body as unknown as AsyncIterable<Uint8Array>,
      name,
      ...validators,
      ...(Number.isFinite(length) && length > 0 && { size: length }),
    }
  }
  let size: number
  try {
    const info = await stat(location)
    if (!info.isFile()) throw new Error('not a file')
    size = info.size
  } catch (err) {
    throw new FeedError(
      'FETCH_FAILED',
      `cannot read ${location}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    )
  }
  return { bytes: createReadStream(location, { highWaterMark: 1 << 16 }), name: basename(location), size }
}
