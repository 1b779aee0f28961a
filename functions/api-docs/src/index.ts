/**
 * @module @glam/api-docs
 * `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api/docs`, a browsable
 * reference rendered on the server: every asset is inline, nothing comes from a CDN.
 */
import type { AppEnv } from '@glam/core'
import { defineFunction, pageLayout } from '@glam/core'
import { Hono } from 'hono'
import { html } from 'hono/html'
import { openApiDocument } from './openapi.ts'

type Operation = {
  summary?: string
  description?: string
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[]
  requestBody?: { content: Record<string, { schema: unknown }> }
  responses?: Record<string, { description: string }>
}

// Backticks in descriptions become <code>; everything else is escaped by hono/html.
const prose = (text = '') =>
  text.split('`').map((part, i) => (i % 2 ? html`<code>${part}</code>` : html`${part}`))

const layout = pageLayout({
  style: `body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222 }
nav a { display: block; text-decoration: none; color: #333 } section { border-top: 1px solid #eee; padding: 1rem 0 }
.method { display: inline-block; min-width: 4.5rem; font-weight: 700; text-transform: uppercase; color: #d6336c }
code, pre { background: #f6f6f6; border-radius: .25rem; padding: .1rem .3rem } pre { padding: .75rem; overflow-x: auto; font-size: 13px }
table { border-collapse: collapse; width: 100% } td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee; vertical-align: top }
details summary { cursor: pointer }`,
})

function page(doc: ReturnType<typeof openApiDocument>) {
  const paths = doc.paths as Record<string, Record<string, Operation>>
  const operations = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  )
  const info = doc.info as { title: string; description: string }
  return layout({
    title: `${info.title} reference`,
    body: html`<header><h1>${info.title}</h1><p>${prose(info.description)}</p><p><a href="/api/openapi.json">openapi.json</a></p></header>
    <nav>${operations.map(({ path, method }) => html`<a href="#${method}-${path}"><span class="method">${method}</span> ${path}</a>`)}</nav>
    ${operations.map(
      ({ path, method, op }) => html`<section id="${method}-${path}">
        <h2><span class="method">${method}</span> <code>${path}</code></h2>
        <p><strong>${op.summary ?? ''}</strong></p>
        ${op.description ? html`<p>${prose(op.description)}</p>` : ''}
        ${
          op.parameters?.length
            ? html`<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th></tr></thead><tbody>
              ${op.parameters.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${JSON.stringify(p.schema)}</code></td></tr>`)}
            </tbody></table>`
            : ''
        }
        ${op.requestBody ? html`<details><summary>Request body (JSON Schema)</summary><pre>${JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2)}</pre></details>` : ''}
        <table><thead><tr><th>Status</th><th>Answer</th></tr></thead><tbody>
          ${Object.entries(op.responses ?? {}).map(([status, r]) => html`<tr><td>${status}</td><td>${prose(r.description)}</td></tr>`)}
        </tbody></table>
      </section>`,
    )}`,
  })
}

/** `extraPaths`: the OpenAPI path items every listed function's manifest declares. */
export function createApiDocsApp(extraPaths: Readonly<Record<string, unknown>> = {}) {
  // Built once per public URL: the schemas do not change while the process runs.
  const documents = new Map<string, ReturnType<typeof openApiDocument>>()
  const documentFor = (url: string) => {
    let doc = documents.get(url)
    if (!doc) {
      doc = openApiDocument(url, extraPaths)
      documents.set(url, doc)
    }
    return doc
  }
  const cache = { 'Cache-Control': 'public, max-age=300' }
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(documentFor(c.var.platform.config.publicUrl), 200, cache))
    .get('/docs', (c) => c.html(page(documentFor(c.var.platform.config.publicUrl)), 200, cache))
}

/** The OpenAPI document and its HTML rendering, with every listed function's paths. */
export const apiDocsFunction = defineFunction({
  name: 'api-docs',
  description: 'The REST API reference: `/api/openapi.json` and `/api/docs`.',
  mounts: [{ path: '/api', app: ({ openapi }) => createApiDocsApp(openapi) }],
  claims: ['/api/openapi.json', '/api/docs'],
  runtimes: ['edge', 'container'],
})
