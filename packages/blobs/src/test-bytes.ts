/** Test data for the contract and the workerd fixture (no Node or vitest imports: it bundles for workerd). */

/** What the workerd fixture streams in: 11 MiB and 3 bytes, three parts of 5 MiB. */
export const fixtureSize = 11 * 1024 * 1024 + 3

/** Bytes that differ everywhere (xorshift), so a shifted or mixed copy never passes for the original. */
export function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size)
  let x = (seed * 2654435761) >>> 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

/** A stream of `data` in chunks of the given sizes (repeated), each a fresh copy, pulled one at a time. */
export function chunked(
  data: Uint8Array,
  sizes: number | readonly number[],
  hooks: { failAfter?: number; onCancel?: () => void } = {},
): ReadableStream<Uint8Array> {
  const list = typeof sizes === 'number' ? [sizes] : sizes
  let at = 0
  let n = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (hooks.failAfter !== undefined && n >= hooks.failAfter) {
          controller.error(new Error('the producer failed'))
          return
        }
        if (at >= data.byteLength) {
          controller.close()
          return
        }
        const size = list[n++ % list.length]!
        controller.enqueue(data.slice(at, at + size))
        at += size
      },
      cancel() {
        hooks.onCancel?.()
      },
    },
    { highWaterMark: 0 },
  )
}
