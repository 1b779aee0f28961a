import { optionalPortNames, type Platform, type PortHealth, portNames } from './platform.ts'

export interface PortsReport {
  /** `unavailable` when a port is down, `degraded` when one says so, else `ready`. */
  status: 'ready' | 'degraded' | 'unavailable'
  ports: Record<string, PortHealth & { adapter: string }>
  down: string[]
}

async function probe(check: (() => Promise<PortHealth>) | undefined, timeoutMs: number): Promise<PortHealth> {
  if (!check) return { status: 'ok', detail: 'no health check' }
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<PortHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([check(), deadline])
  } catch (err) {
    return { status: 'down', detail: err instanceof Error ? err.message : 'health check failed' }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Asks every port of the platform for its state, each with a deadline; the optional ones
 * (images: sharp, in Node containers) when the platform has them.
 */
export async function checkPorts(platform: Platform, timeoutMs = 2000): Promise<PortsReport> {
  const present = [...portNames, ...optionalPortNames.filter((name) => platform[name] !== undefined)]
  const states = await Promise.all(
    present.map(async (name) => {
      const port = platform[name]!
      return [name, { adapter: port.adapter, ...(await probe(port.health?.bind(port), timeoutMs)) }] as const
    }),
  )
  const down = states.filter(([, s]) => s.status === 'down').map(([name]) => name)
  const status =
    down.length > 0 ? 'unavailable' : states.some(([, s]) => s.status === 'degraded') ? 'degraded' : 'ready'
  return { status, ports: Object.fromEntries(states), down }
}
