/**
 * What the story-insight reader needs of an OCR engine: the ocr port of @glam/core
 * (`TextRecognizer`), which the warm tesseract.js pool (pool.ts) provides, and a page of lines
 * with their words, each with its box in the image's pixels and tesseract's confidence (0–100).
 */
export type { OcrBox, OcrLine, OcrPage, OcrWord, TextRecognizer } from '@glam/core'

/** The languages the pool may hold: English always, German where its model is installed. */
export type OcrLanguage = 'eng' | 'deu'
