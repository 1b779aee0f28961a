/** What every CSV export shares. */

/**
 * Neutralises spreadsheet formulas (OWASP's CSV injection advice): a cell starting with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading apostrophe. For text cells only: amounts stay
 * numbers (`-1.00`).
 */
export const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)
