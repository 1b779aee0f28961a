/**
 * Where the language models are: English in the `@tesseract.js-data/eng` package (LSTM,
 * best_int), German from Debian's `tesseract-ocr-deu`. Nothing is downloaded at run time. This
 * module imports neither sharp nor tesseract.js, so a health check can ask it cheaply.
 */
import { access } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { OcrLanguage } from './engine.ts'

/** Where Debian's `tesseract-ocr-deu` puts the German model. */
export const debianGermanModel = '/usr/share/tesseract-ocr/5/tessdata/deu.traineddata'

const requireHere = createRequire(import.meta.url)

/** The model files, by language, with the default paths. */
export function modelPaths(
  overrides: Partial<Record<OcrLanguage, string>> = {},
): Record<OcrLanguage, string> {
  return {
    eng: overrides.eng ?? requireHere.resolve('@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'),
    deu: overrides.deu ?? debianGermanModel,
  }
}

export const fileExists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

/** What a missing German model means, for `/readyz` and the pool's log. */
export const germanMissing = (path: string) =>
  `the German model is missing at ${path} (install Debian's tesseract-ocr-deu): German screenshots are read with the English model only`
