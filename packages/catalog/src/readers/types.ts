import type { MappingName } from '../mapping.ts'
import type { RawRecord } from '../schema.ts'

/** One record as a reader saw it: its values, or why it could not be read (a row PARSE_ERROR). */
export interface ReadRecord {
  /** 1-based: the data record (CSV/TSV), item or entry (XML), array position (JSON), line (NDJSON). */
  row: number
  /** The physical line the record starts on, where the format has lines worth naming. */
  line?: number
  values?: RawRecord
  error?: string
  /** For a record that could not be read: its id, when that much could be. */
  id?: string
}

/** Receives records in batches; a promise makes the reader wait (backpressure). */
export type Emit = (records: ReadRecord[]) => void | Promise<void>

export interface ReaderOptions {
  /** A named preset, else told from the header, the root element or the first record's keys. */
  mapping?: MappingName
  /** Generic XML and JSON: where records are (`products/product`, `$.items.*`). */
  recordPath?: string
  /** CSV: the delimiter, else guessed (`,` `;` tab `|`). */
  delimiter?: string
}

/** What a reader learned about the feed, for the report. */
export interface ReaderFacts {
  mapping?: MappingName
  delimiter?: string
  recordPath?: string
  /** Names seen that map to nothing (columns, elements, keys), at most 50. */
  unmapped?: string[]
}
