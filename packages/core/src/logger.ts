/**
 * Structured logging: one JSON object per line, with the request id bound by the
 * app, and values under secret-looking keys replaced before anything is written.
 *
 * ```ts
 * const log = createLogger({ level: 'info' })
 * log.child({ requestId }).info('link.created', { slug })
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
  child(bindings: LogFields): Logger
  /** Whether a line at this level would be written (skip building costly fields when not). */
  enabled(level: LogLevel): boolean
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

/** Keys whose values never reach a log line, at any depth. */
const secretKey =
  /pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key|otp|one[-_]?time[-_]?code|signature|^ip$|client[-_]?ip|e-?mail/i
const REDACTED = '[redacted]'
const keyVerdicts = new Map<string, boolean>()
const isSecretKey = (key: string) => {
  let verdict = keyVerdicts.get(key)
  if (verdict === undefined) {
    verdict = secretKey.test(key)
    if (keyVerdicts.size < 10_000) keyVerdicts.set(key, verdict)
  }
  return verdict
}

/** Credentials inside strings: `scheme://user:pass@host` and bearer/basic tokens. */
const credentialPatterns: [RegExp, string][] = [
  [/(\b[a-z][\w+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, '$1[redacted]@'],
  [/\b(bearer|basic)\s+[\w.~+/=-]{8,}/gi, '$1 [redacted]'],
]
export function scrubString(s: string): string {
  // Most strings hold neither `user:pass@` nor a token: skip the regexes for them (hot path).
  if (s.indexOf('@') === -1 && s.indexOf('earer') === -1 && s.indexOf('asic') === -1) return s
  let out = s
  for (const [pattern, replacement] of credentialPatterns) out = out.replace(pattern, replacement)
  return out
}

function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value)
  if (value instanceof Error) {
    const stack = value.stack?.split('\n').slice(0, 8).join('\n')
    return {
      name: value.name,
      message: scrubString(value.message),
      ...(stack && { stack: scrubString(stack) }),
    }
  }
  if (value === null || typeof value !== 'object' || depth > 4) return value
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k]
    out[k] = isSecretKey(k) ? REDACTED : redact(v, depth + 1)
  }
  return out
}

export interface LoggerOptions {
  level?: LogLevel
  bindings?: LogFields
  /** Where lines go; defaults to console (stdout on Node and Deno, the tail on workerd). */
  write?: (line: string, level: Exclude<LogLevel, 'silent'>) => void
  now?: () => Date
}

const consoleWrite = (line: string, level: Exclude<LogLevel, 'silent'>) => {
  if (level === 'error' || level === 'warn') console.error(line)
  else console.log(line)
}

/** Shared by a logger and all its children. */
interface LogSink {
  min: number
  write: (line: string, level: Exclude<LogLevel, 'silent'>) => void
  now: () => Date
}

// A class, not closures: a child is made per request, so it must cost one small object.
class JsonLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly bindings: LogFields,
  ) {}
  debug(event: string, fields?: LogFields) {
    if (this.sink.min <= 10) this.emit('debug', event, fields)
  }
  info(event: string, fields?: LogFields) {
    if (this.sink.min <= 20) this.emit('info', event, fields)
  }
  warn(event: string, fields?: LogFields) {
    if (this.sink.min <= 30) this.emit('warn', event, fields)
  }
  error(event: string, fields?: LogFields) {
    if (this.sink.min <= 40) this.emit('error', event, fields)
  }
  child(more: LogFields): Logger {
    return new JsonLogger(this.sink, { ...this.bindings, ...more })
  }
  enabled(level: LogLevel) {
    return rank[level] >= this.sink.min
  }
  private emit(level: Exclude<LogLevel, 'silent'>, event: string, fields?: LogFields) {
    const time = this.sink.now().toISOString()
    const record = {
      time,
      level,
      event,
      ...(redact(this.bindings) as LogFields),
      ...(fields && (redact(fields) as LogFields)),
    }
    let line: string
    try {
      line = JSON.stringify(record)
    } catch {
      line = JSON.stringify({ time, level, event, note: 'fields not serialisable' })
    }
    this.sink.write(line, level)
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const sink: LogSink = {
    min: rank[options.level ?? 'info'],
    write: options.write ?? consoleWrite,
    now: options.now ?? (() => new Date()),
  }
  return new JsonLogger(sink, options.bindings ?? {})
}

/** A logger that keeps lines in memory, for tests that assert what was (not) logged. */
export function createMemoryLogger(level: LogLevel = 'debug') {
  const lines: string[] = []
  const logger = createLogger({ level, write: (line) => lines.push(line) })
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as LogFields) }
}
