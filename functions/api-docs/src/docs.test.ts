import { createTestApp } from '@glam/testing/platform'
import { describe, expect, it } from 'vitest'

describe('the API reference', () => {
  const { app } = createTestApp()
  it('serves an OpenAPI 3.1 document generated from the validation schemas', async () => {
    const res = await app.request('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<
                string,
                { schema: { properties: Record<string, unknown>; additionalProperties?: boolean } }
              >
            }
          }
        >
      >
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/links',
        '/api/links/{id}',
        '/api/stats/clicks',
        '/api/stats/conversions',
        '/api/shops',
        '/api/conversions',
        '/api/exports/campaigns/{id}/orders.csv',
        '/api/users/{id}/grants',
        '/auth/start',
        '/collect',
        '/api/jobs',
      ]),
    )
    const create = doc.paths['/api/links']!.post!.requestBody!.content['application/json']!.schema
    expect(Object.keys(create.properties)).toEqual(
      expect.arrayContaining(['slug', 'destination', 'rules', 'expiresAt']),
    )
    expect(create.additionalProperties).toBe(false)
  })
  it('renders a reference page with every operation, escaped, with no outside assets', async () => {
    const res = await app.request('/api/docs')
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toContain('<code>/api/links/{id}/qr.svg</code>')
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/)
  })
})
