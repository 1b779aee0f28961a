/**
 * `<glam-upload>`: the browser side of uploads, a custom element without a framework. This file
 * is the bundle's entry: scripts/build-widget.mjs bundles it (with the modules it imports) into
 * generated.ts, served as `GET /a/glam-upload.js`.
 *
 * ```html
 * <script type="module" src="/a/glam-upload.js"></script>
 * <glam-upload type="campaign-image" accept="image/*" multiple></glam-upload>
 * ```
 *
 * Attributes: `type` (the asset type, required), `accept`, `multiple`, `endpoint` (`/api/assets`),
 * `tus-threshold` (bytes; larger files go through tus, default 20 MB), `chunk-size` (tus PATCH
 * size, default 5 MiB). Events (bubbling, composed): `glam-upload` with the asset as `detail`,
 * `glam-upload-error` with `{ status, code, message }`. Requests carry the page's session cookie
 * and, being same-origin POST/PATCH, the Origin header Glam's CSRF check wants.
 */
import { uploadForm } from './form-upload.ts'
import { UploadError, xhrSend } from './transport.ts'
import { uploadResumable } from './tus-client.ts'

const defaults = { endpoint: '/api/assets', threshold: 20_000_000, chunkSize: 5 * 1024 * 1024 }

const css = `:host{display:block}
.zone{border:2px dashed #9a9aa6;border-radius:8px;padding:1rem;text-align:center}
.zone.over{border-color:#c2185b;background:#fdf0f5}
label{display:block;margin-bottom:.5rem;cursor:pointer}
ul{list-style:none;margin:.5rem 0 0;padding:0}
li{display:grid;grid-template-columns:1fr auto;gap:.25rem .5rem;align-items:center;padding:.5rem 0}
progress{grid-column:1/-1;width:100%}
li.failed .status{color:#b00020}
[hidden]{display:none!important}`

/** A non-negative integer attribute, or the default when missing or not one. */
function sizeAttribute(element: HTMLElement, name: string, fallback: number, min: number) {
  const raw = element.getAttribute(name)?.trim()
  const value = raw && /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  return Number.isSafeInteger(value) && value >= min ? value : fallback
}

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}) => {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value)
  return node
}

/** One file's row: name, progress, status (announced), and a retry button when it failed. */
function fileRow(file: File) {
  const row = el('li', { part: 'item' })
  const name = el('span', { class: 'name', part: 'name' })
  name.textContent = file.name
  const retry = el('button', { type: 'button', part: 'retry', 'aria-label': `Retry ${file.name}` })
  retry.textContent = 'Retry'
  retry.hidden = true
  const bar = el('progress', { part: 'progress', 'aria-label': `Upload of ${file.name}` })
  bar.max = Math.max(file.size, 1)
  bar.value = 0
  const status = el('span', { class: 'status', part: 'status', role: 'status', 'aria-live': 'polite' })
  row.append(name, retry, bar, status)
  const show = (text: string, state: string) => {
    status.textContent = text
    row.dataset.state = state
    row.classList.toggle('failed', state === 'failed')
    retry.hidden = state !== 'failed'
  }
  return {
    row,
    retry,
    start: () => show('Uploading…', 'uploading'),
    progress: (sent: number) => {
      bar.value = Math.min(sent, bar.max)
    },
    waiting: (ms: number) => show(`Connection lost; trying again in ${Math.round(ms / 1000)} s…`, 'waiting'),
    done: () => {
      bar.value = bar.max
      show('Uploaded.', 'done')
    },
    fail: (message: string) => show(message, 'failed'),
  }
}

class GlamUploadElement extends HTMLElement {
  static observedAttributes = ['accept', 'multiple']
  readonly #input: HTMLInputElement
  readonly #list: HTMLUListElement

  constructor() {
    super()
    const root = this.attachShadow({ mode: 'open' })
    const style = el('style')
    style.textContent = css
    const zone = el('div', { class: 'zone', part: 'zone' })
    const label = el('label', { for: 'file', part: 'label' })
    const slot = el('slot')
    slot.textContent = 'Choose a file or drop it here'
    label.append(slot)
    this.#input = el('input', { id: 'file', type: 'file', part: 'input' })
    zone.append(label, this.#input)
    this.#list = el('ul', { part: 'list', 'aria-label': 'Uploads' })
    root.append(style, zone, this.#list)

    this.#input.addEventListener('change', () => {
      this.#add(this.#input.files)
      this.#input.value = ''
    })
    const over = (on: boolean) => (e: DragEvent) => {
      e.preventDefault()
      zone.classList.toggle('over', on)
    }
    zone.addEventListener('dragenter', over(true))
    zone.addEventListener('dragover', over(true))
    zone.addEventListener('dragleave', over(false))
    zone.addEventListener('drop', (e) => {
      over(false)(e)
      this.#add(e.dataTransfer?.files ?? null)
    })
  }

  connectedCallback() {
    this.attributeChangedCallback()
  }

  attributeChangedCallback() {
    const accept = this.getAttribute('accept')
    if (accept === null) this.#input.removeAttribute('accept')
    else this.#input.accept = accept
    this.#input.multiple = this.hasAttribute('multiple')
  }

  #add(files: FileList | null) {
    const chosen = [...(files ?? [])]
    for (const file of this.hasAttribute('multiple') ? chosen : chosen.slice(0, 1)) {
      const row = fileRow(file)
      this.#list.append(row.row)
      row.retry.addEventListener('click', () => this.#upload(file, row))
      this.#upload(file, row)
    }
  }

  async #upload(file: File, row: ReturnType<typeof fileRow>) {
    row.start()
    const type = this.getAttribute('type')?.trim() ?? ''
    const endpoint = (this.getAttribute('endpoint')?.trim() || defaults.endpoint).replace(/\/+$/, '')
    const common = { endpoint, type, send: xhrSend, onProgress: row.progress }
    try {
      if (!type) throw new UploadError(0, 'VALIDATION_FAILED', 'This uploader names no asset type.', false)
      const asset =
        file.size > sizeAttribute(this, 'tus-threshold', defaults.threshold, 0)
          ? await uploadResumable(file, {
              ...common,
              chunkSize: sizeAttribute(this, 'chunk-size', defaults.chunkSize, 1),
              base: document.baseURI,
              storage: storage(),
              onRetry: row.waiting,
            })
          : await uploadForm(file, common)
      row.done()
      this.#emit('glam-upload', asset)
    } catch (error) {
      const failure =
        error instanceof UploadError
          ? error
          : new UploadError(0, 'CLIENT_ERROR', error instanceof Error ? error.message : String(error))
      row.fail(failure.message)
      this.#emit('glam-upload-error', {
        status: failure.status,
        code: failure.code,
        message: failure.message,
      })
    }
  }

  #emit(name: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }))
  }
}

if (!customElements.get('glam-upload')) customElements.define('glam-upload', GlamUploadElement)
