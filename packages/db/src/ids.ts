import { V7Generator } from 'uuidv7'

// The library's generator over a larger buffer of CSPRNG words: one getRandomValues call per
// few hundred ids instead of one per three (its default buffer is 8 words). Ids are made on the
// redirect's path for every click (BENCHMARKS.md "Redirect").
const words = new Uint32Array(1024)
let cursor = words.length
const generator = new V7Generator({
  nextUint32() {
    if (cursor >= words.length) {
      crypto.getRandomValues(words)
      cursor = 0
    }
    return words[cursor++]!
  },
})

/** Ids are made in code (never read back from an insert): UUIDv7, time-ordered, 36 characters. */
export const newId = (): string => generator.generate().toString()
