export const sourcePath: string
export const generatedPath: string
/** The text of generated.ts for the given snippet source. */
export function renderGenerated(source: string): Promise<string>
