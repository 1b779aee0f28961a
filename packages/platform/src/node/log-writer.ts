import { writeSync } from 'node:fs'

/**
 * Log lines for a Node process, written in batches: writes to a pipe are synchronous on
 * Linux, so one `write` per request would cost the hot paths a syscall each. Lines are joined
 * and written once per event-loop turn, and synchronously on exit so none is lost.
 */
export function createBufferedLogWriter(fd = 1, maxBufferedBytes = 256 * 1024) {
  let pending: string[] = []
  let bytes = 0
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const chunk = `${pending.join('\n')}\n`
    pending = []
    bytes = 0
    try {
      writeSync(fd, chunk)
    } catch {
      // EAGAIN on a full non-blocking pipe: the reader is gone or stuck; drop rather than block.
    }
  }
  process.once('exit', flush)
  const write = (line: string) => {
    pending.push(line)
    bytes += line.length
    if (bytes >= maxBufferedBytes) flush()
    else if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
  return { write, flush }
}
