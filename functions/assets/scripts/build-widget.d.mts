export const entryPath: string
export const generatedPath: string
/** The text of generated.ts for the sources as they are on disk. */
export function renderGenerated(): Promise<string>
