// HTTP suite of the health function, run on Node, workerd and Deno by the conformance harness.
import { portNames } from '@glam/core'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

export const healthSuite = defineHttpSuite({
  name: 'health',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET /healthz answers 200 {"status":"ok"}, uncached',
      async run(t) {
        const res = await t.fetch('/healthz')
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        expect(res.headers.get('cache-control')).toBe('no-store')
        expect(await res.json()).toEqual({ status: 'ok' })
      },
    },
    {
      name: 'GET /readyz reports every port with its adapter and state',
      async run(t) {
        const res = await t.fetch('/readyz')
        expect(res.status).toBe(200)
        const body = (await res.json()) as {
          status: string
          runtime: string
          ports: Record<string, { adapter: string; status: string }>
        }
        expect(body.runtime).toBe(t.runtime)
        expect(['ready', 'degraded']).toContain(body.status)
        // Node containers have sharp and the OCR pool: the images port says its version,
        // concurrency and queue; the ocr port whether its workers are warm and German is installed.
        expect(Object.keys(body.ports)).toEqual([
          ...portNames,
          ...(t.runtime === 'node' ? ['images', 'ocr'] : []),
        ])
        if (t.runtime === 'node')
          expect(body.ports.images).toMatchObject({
            adapter: 'sharp',
            status: 'ok',
            detail: expect.stringMatching(/queued/),
          })
        if (t.runtime === 'node')
          expect(body.ports.ocr).toMatchObject({
            adapter: 'tesseract.js',
            status: 'ok',
            detail: expect.stringMatching(/cold|warm/),
          })
        for (const port of Object.values(body.ports)) {
          expect(port.adapter).toEqual(expect.any(String))
          expect(['ok', 'degraded']).toContain(port.status)
        }
      },
    },
    {
      name: 'every answer carries a request id; a sane incoming one is kept, a hostile one replaced',
      async run(t) {
        const own = await t.fetch('/healthz', { headers: { 'x-request-id': 'trace-abc-123' } })
        expect(own.headers.get('x-request-id')).toBe('trace-abc-123')
        const hostile = await t.fetch('/healthz', { headers: { 'x-request-id': 'bad id<script>' } })
        expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      },
    },
    {
      name: 'HEAD /healthz answers 200 without a body',
      async run(t) {
        const res = await t.fetch('/healthz', { method: 'HEAD' })
        expect(res.status).toBe(200)
        expect(await res.text()).toBe('')
      },
    },
  ],
})
