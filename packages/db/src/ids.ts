import { uuidv7 } from 'uuidv7'

/** Ids are made in code (never read back from an insert): UUIDv7, time-ordered, 36 characters. */
export const newId = (): string => uuidv7()
