import { html } from 'hono/html'

/** The page a browser sees for an unknown, paused or expired link: say so, and offer a way on. */
export function linkPage(options: {
  status: 404 | 410
  title: string
  text: string
  landingUrl: string | null
}) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${options.title} · Glam</title>
    <style>
      body { font: 17px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #222 }
      a.button { display: inline-block; padding: .6rem 1rem; background: #d6336c; color: #fff; border-radius: .4rem; text-decoration: none }
    </style>
  </head>
  <body>
    <main>
      <h1>${options.title}</h1>
      <p>${options.text}</p>
      ${options.landingUrl ? html`<p><a class="button" href="${options.landingUrl}">Visit the shop</a></p>` : ''}
    </main>
  </body>
</html>`
}
