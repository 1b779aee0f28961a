/**
 * Tests that need an engine, a browser or a runtime skip loudly when it is missing on a
 * developer's machine, and fail under `CI=true`, where everything must be there.
 */
export const inCI = ['true', '1'].includes(String(process.env.CI).toLowerCase())

/** Returns true when the test may run; otherwise throws in CI or warns and returns false. */
export function requireTool(available: boolean, what: string): boolean {
  if (available) return true
  if (inCI)
    throw new Error(`${what} is missing, and CI=true does not allow skipping: install it (see .ci/run)`)
  console.warn(
    `\n⚠️  SKIPPING: ${what} is missing on this machine. CI runs these tests; install it to run them here.\n`,
  )
  return false
}
