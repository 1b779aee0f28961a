/** The pages' content; app.tsx puts each into the Layout. Plain forms: no script needed. */
import type { Totals } from './cart.ts'
import { maxQuantity } from './cart.ts'
import { currency, formatAmount, formatPrice, type Product } from './catalogue.ts'
import { scriptJson } from './layout.tsx'
import type { Order } from './orders.ts'
import type { Photo } from './photos.ts'

/** A card in the list's grid (13rem columns in a 60rem page), the product page's photo up to 28rem. */
const listSizes = '(min-width: 60rem) 19rem, (min-width: 30rem) 50vw, 100vw'
const pageSizes = '(min-width: 31rem) 28rem, 100vw'

/** The product's photo from Glam, on the product's colour until it arrives. */
const ProductPhoto = ({ product, photo, lazy }: { product: Product; photo: Photo; lazy?: boolean }) => (
  <img
    class="photo"
    src={photo.src}
    srcset={photo.srcset}
    sizes={lazy ? listSizes : pageSizes}
    width={photo.width}
    height={photo.height}
    alt={photo.alt}
    loading={lazy ? 'lazy' : undefined}
    style={`background:${product.colour}`}
  />
)

const AddToCart = ({ product, withQuantity }: { product: Product; withQuantity?: boolean }) => (
  <form method="post" action="/cart/add">
    <input type="hidden" name="sku" value={product.sku} />
    {withQuantity ? (
      <p>
        <label for="quantity">Quantity</label>
        <input
          id="quantity"
          type="number"
          name="quantity"
          value="1"
          min="1"
          max={String(maxQuantity)}
          required
        />
      </p>
    ) : (
      <input type="hidden" name="quantity" value="1" />
    )}
    <button type="submit">
      Add<span class="sr-only"> {product.name}</span> to cart
    </button>
  </form>
)

export const HomePage = ({
  products,
  photos,
}: {
  products: readonly Product[]
  photos: ReadonlyMap<string, Photo>
}) => (
  <>
    <h1>Summer skincare</h1>
    <p>Four favourites of our creators, shipped free across the EU.</p>
    <ul class="grid" id="products">
      {products.map((product) => (
        <li class="card" data-sku={product.sku}>
          <ProductPhoto product={product} photo={photos.get(product.sku)!} lazy />
          <h2>
            <a href={`/products/${product.sku}`}>{product.name}</a>
          </h2>
          <p class="price">{formatPrice(product.priceCents)}</p>
          <AddToCart product={product} />
        </li>
      ))}
    </ul>
  </>
)

export const ProductPage = ({ product, photo }: { product: Product; photo: Photo }) => (
  <article class="card" data-sku={product.sku}>
    <ProductPhoto product={product} photo={photo} />
    <h1>{product.name}</h1>
    <p>{product.description}</p>
    <p class="price">{formatPrice(product.priceCents)}</p>
    <p>SKU {product.sku}</p>
    <AddToCart product={product} withQuantity />
  </article>
)

const TotalsRows = ({ totals, columns }: { totals: Totals; columns: number }) => (
  <>
    {totals.discountCents > 0 && (
      <tr>
        <th scope="row" colspan={columns - 1}>
          Coupon {totals.coupon}
        </th>
        <td class="num">{formatPrice(-totals.discountCents)}</td>
      </tr>
    )}
    <tr>
      <th scope="row" colspan={columns - 1}>
        Total
      </th>
      <td class="num" id="total">
        {formatPrice(totals.totalCents)}
      </td>
    </tr>
  </>
)

export const CartPage = ({ totals }: { totals: Totals }) => (
  <>
    <h1>Your cart</h1>
    {totals.lines.length === 0 ? (
      <p id="empty">
        Your cart is empty. <a href="/">Browse the shop</a>.
      </p>
    ) : (
      <>
        <table id="cart">
          <caption class="sr-only">Products in your cart</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col" class="num">
                Quantity
              </th>
              <th scope="col" class="num">
                Subtotal
              </th>
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.lines.map((line) => (
              <tr data-sku={line.product.sku}>
                <td>
                  <a href={`/products/${line.product.sku}`}>{line.product.name}</a>
                </td>
                <td class="num">{formatPrice(line.product.priceCents)}</td>
                <td class="num">{line.quantity}</td>
                <td class="num">{formatPrice(line.lineCents)}</td>
                <td>
                  <form method="post" action="/cart/remove">
                    <input type="hidden" name="sku" value={line.product.sku} />
                    <button type="submit" class="link">
                      Remove<span class="sr-only"> {line.product.name}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={3}>
                Total
              </th>
              <td class="num" id="total">
                {formatPrice(totals.totalCents)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
        <p>
          <a href="/checkout">Go to checkout</a>
        </p>
      </>
    )}
  </>
)

const Summary = ({ totals }: { totals: Totals }) => (
  <table id="summary">
    <caption class="sr-only">Order summary</caption>
    <thead>
      <tr>
        <th scope="col">Product</th>
        <th scope="col" class="num">
          Quantity
        </th>
        <th scope="col" class="num">
          Subtotal
        </th>
      </tr>
    </thead>
    <tbody>
      {totals.lines.map((line) => (
        <tr data-sku={line.product.sku}>
          <td>{line.product.name}</td>
          <td class="num">{line.quantity}</td>
          <td class="num">{formatPrice(line.lineCents)}</td>
        </tr>
      ))}
    </tbody>
    <tfoot>
      <TotalsRows totals={totals} columns={3} />
    </tfoot>
  </table>
)

export interface CheckoutValues {
  email: string
  name: string
  coupon: string
}
export type CheckoutErrors = Partial<Record<keyof CheckoutValues, string>>

const Field = (props: {
  id: keyof CheckoutValues
  label: string
  type: string
  autocomplete: string
  required?: boolean
  hint?: string
  values: CheckoutValues
  errors: CheckoutErrors
}) => {
  const error = props.errors[props.id]
  const describedBy = [props.hint && `${props.id}-hint`, error && `${props.id}-error`]
    .filter(Boolean)
    .join(' ')
  return (
    <p>
      <label for={props.id}>{props.label}</label>
      {props.hint && <span id={`${props.id}-hint`}>{props.hint}</span>}
      <input
        id={props.id}
        name={props.id}
        type={props.type}
        autocomplete={props.autocomplete}
        value={props.values[props.id]}
        required={props.required}
        maxlength={props.id === 'email' ? 254 : 100}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {error && (
        <span class="error" id={`${props.id}-error`}>
          {error}
        </span>
      )}
    </p>
  )
}

export const CheckoutPage = (props: { totals: Totals; values: CheckoutValues; errors: CheckoutErrors }) => (
  <>
    <h1>Checkout</h1>
    <Summary totals={props.totals} />
    <h2>Your details</h2>
    {Object.keys(props.errors).length > 0 && (
      <p class="error" role="alert" id="form-errors">
        Please correct the fields marked below.
      </p>
    )}
    <form method="post" action="/checkout" class="stack">
      <Field id="email" label="E-mail" type="email" autocomplete="email" required {...props} />
      <Field id="name" label="Name" type="text" autocomplete="name" required {...props} />
      <Field
        id="coupon"
        label="Coupon (optional)"
        type="text"
        autocomplete="off"
        hint="For example LENA10"
        {...props}
      />
      <p>
        <button type="submit">Place order</button>
      </p>
    </form>
  </>
)

/** What the confirmation page reports to Glam: the order as the shop computed it. */
export const purchaseOf = (order: Order) => ({
  orderId: order.id,
  total: Number(formatAmount(order.totalCents)),
  currency,
  items: order.lines.map((line) => ({
    sku: line.product.sku,
    name: line.product.name,
    price: Number(formatAmount(line.product.priceCents)),
    quantity: line.quantity,
  })),
  ...(order.coupon ? { coupon: order.coupon } : {}),
  // The pixel checks the total against the lines: a coupon's discount is declared, not implied.
  ...(order.discountCents > 0 ? { discount: Number(formatAmount(order.discountCents)) } : {}),
})

export const OrderPage = ({ order }: { order: Order }) => (
  <>
    <h1>Thank you, {order.name}!</h1>
    <p>
      Your order number is <strong id="order-id">{order.id}</strong>. A confirmation goes to {order.email}.
    </p>
    <Summary totals={order} />
    <p>
      <a href="/">Continue shopping</a>
    </p>
    <script dangerouslySetInnerHTML={{ __html: `glam('purchase',${scriptJson(purchaseOf(order))})` }} />
  </>
)

export const MessagePage = ({ heading, message }: { heading: string; message: string }) => (
  <>
    <h1>{heading}</h1>
    <p>{message}</p>
    <p>
      <a href="/">Back to the shop</a>
    </p>
  </>
)
