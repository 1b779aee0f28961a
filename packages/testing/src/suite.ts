/**
 * HTTP suites a function ships beside its code (`*.http.ts`). The conformance harness runs
 * each against every runtime it is meant for, through a real server.
 */
export type RuntimeName = 'node' | 'workerd' | 'deno'

export interface HttpTarget {
  runtime: RuntimeName
  /** Base URL of the running server, e.g. `http://127.0.0.1:41253`. */
  url: string
  fetch(path: string, init?: RequestInit): Promise<Response>
  /**
   * On the edge runtimes: the Node server the harness runs beside them as their container
   * (their GLAM_IMAGES_ORIGIN), for work the edge hands over, such as computing image variants.
   */
  container?: HttpTarget
}

export interface HttpCase {
  name: string
  run(target: HttpTarget): Promise<void>
}

export interface HttpSuite {
  name: string
  /** Runtimes the function runs on; edge-safe functions name all three. */
  runtimes: readonly RuntimeName[]
  cases: readonly HttpCase[]
}

export const allRuntimes = ['node', 'workerd', 'deno'] as const satisfies readonly RuntimeName[]

export const defineHttpSuite = (suite: HttpSuite): HttpSuite => suite
