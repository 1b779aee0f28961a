/** Runs wrk against a URL and parses requests/s and the latency percentiles it prints. */
import { execFile, spawnSync } from 'node:child_process'

export interface LoadResult {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  errors: number
}

const toMs = (value: string, unit: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? Number.NaN)

export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined
}

/**
 * Asynchronous on purpose: the servers under test (child processes, Miniflare's workerd) write
 * their logs into pipes this process reads. A blocking wrk would leave those pipes full, and a
 * server that writes to a full pipe waits: the measurement would be of the bench, not the server.
 */
export async function runWrk(
  url: string,
  options: { connections?: number; seconds?: number; threads?: number; script?: string } = {},
): Promise<LoadResult> {
  const { connections = 50, seconds = 5, threads = 1 } = options
  const args = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    ...(options.script ? ['-s', options.script] : []),
    url,
  ]
  const out = await new Promise<{ stdout: string }>((resolve, reject) =>
    execFile('wrk', args, { encoding: 'utf8', timeout: (seconds + 30) * 1000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`wrk failed: ${stderr || error.message}`)) : resolve({ stdout }),
    ),
  )
  const text = out.stdout
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text)
  const p50 = /\s50%\s+([\d.]+)(us|ms|s)\b/.exec(text)
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(text)
  if (!rps || !p50 || !p99) throw new Error(`cannot read wrk output:\n${text}`)
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text)
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text)
  const errors =
    (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) +
    (non2xx ? Number(non2xx[1]) : 0)
  return {
    requestsPerSecond: Number(rps[1]),
    p50Ms: toMs(p50[1]!, p50[2]!),
    p99Ms: toMs(p99[1]!, p99[2]!),
    errors,
  }
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Medians per server over the rounds (errors summed). */
export function summarize(runs: Record<string, LoadResult[]>): Record<string, LoadResult> {
  return Object.fromEntries(
    Object.entries(runs).map(([name, rs]) => [
      name,
      {
        requestsPerSecond: median(rs.map((r) => r.requestsPerSecond)),
        p50Ms: median(rs.map((r) => r.p50Ms)),
        p99Ms: median(rs.map((r) => r.p99Ms)),
        errors: rs.reduce((s, r) => s + r.errors, 0),
      },
    ]),
  )
}
