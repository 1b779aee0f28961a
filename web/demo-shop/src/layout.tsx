/** The page frame every page shares: Glam's pixel tag, the header with the cart, the styles. */
import { html, raw } from 'hono/html'
import type { Child } from 'hono/jsx'

export interface PixelOptions {
  /** Glam's origin (and path prefix, if any), without a trailing slash. */
  glamUrl: string
  publicKey: string
}

/** The stub that queues `glam(…)` calls until pixel.js arrives, exactly as documented. */
export const glamStub = 'window.glam=window.glam||function(){(glam.q=glam.q||[]).push(arguments)}'

/** JSON that is safe inside a `<script>` element: no `</script>`, no `<!--`, no line separators. */
export const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

/** The merchant tag of @glam/pixel, byte for byte as its README documents it (values escaped). */
export const pixelTag = (pixel: PixelOptions) =>
  html`<script>${raw(glamStub)}</script>
<script async src="${pixel.glamUrl}/pixel.js" data-key="${pixel.publicKey}"></script>`

const styles = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#2b2024;background:#fffafb}
a{color:#b0285a}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header{display:flex;justify-content:space-between;align-items:center;padding:1rem 1.5rem;border-bottom:1px solid #f3d9e1;background:#fff}
header .brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:#2b2024}
nav ul{display:flex;gap:1.25rem;list-style:none;margin:0;padding:0}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1.25rem;list-style:none;padding:0}
.card{background:#fff;border:1px solid #f3d9e1;border-radius:.75rem;padding:1rem;display:flex;flex-direction:column;gap:.5rem}
.card h2{font-size:1.1rem;margin:0}
.photo{display:block;width:100%;height:auto;border-radius:.5rem}
article .photo{max-width:28rem}
.price{font-weight:600;margin:0}
.card form{margin-top:auto}
button{font:inherit;background:#b0285a;color:#fff;border:0;border-radius:.4rem;padding:.5rem 1rem;cursor:pointer}
button.link{background:none;color:#b0285a;padding:0;text-decoration:underline}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #f3d9e1}
td.num,th.num{text-align:right}
form.stack{display:grid;gap:.75rem;max-width:28rem}
label{font-weight:600;display:block}
input{font:inherit;padding:.4rem;border:1px solid #c9a9b4;border-radius:.3rem;width:100%}
input[type=number]{width:5rem}
.error{color:#a1112e}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{max-width:60rem;margin:2rem auto;padding:0 1.5rem;color:#7a6870;font-size:.875rem}
`

export interface LayoutProps {
  title: string
  pixel: PixelOptions
  cartCount: number
  children?: Child
}

export const Layout = ({ title, pixel, cartCount, children }: LayoutProps) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${title} · Demo Beauty`}</title>
        <style dangerouslySetInnerHTML={{ __html: styles }} />
        {pixelTag(pixel)}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header>
          <a class="brand" href="/">
            Demo Beauty
          </a>
          <nav aria-label="Main">
            <ul>
              <li>
                <a href="/">Shop</a>
              </li>
              <li>
                <a href="/cart" id="cart-link">
                  Cart ({cartCount})
                </a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer>
          <p>A demo shop for Glam. Nothing is sold, shipped or charged.</p>
        </footer>
      </body>
    </html>
  </>
)
