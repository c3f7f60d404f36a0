// The one logger: a JSON line per event, `{"level","message","requestId",...fields}`, with the
// levels spelled as Lambda and Powertools spell them (DEBUG, INFO, WARN, ERROR). A request or
// an invocation runs inside `withLogger(log.child({ requestId }), ...)`, so every line written
// during it, from a route, core or an adapter, carries its id without being handed a logger.
import { AsyncLocalStorage } from 'node:async_hooks'

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'
export type LogFields = Record<string, unknown>
export type LogEntry = { level: LogLevel; message: string } & LogFields
/** Where lines go: `line` is the JSON written, `entry` the same as an object. */
export type LogSink = (line: string, entry: LogEntry) => void

export type Logger = {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** A logger that adds `fields` (e.g. the request id) to every line. */
  child(fields: LogFields): Logger
}

const rank: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 }

/** An Error as one readable string (its stack only where asked for): no object dumps, no secrets in properties. */
const plain = (value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value)

/** The console method of each level (looked up when writing): Lambda tags each line with it; warnings and errors go to stderr. */
const methodOf = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const

/** One line per event (CloudWatch keeps each as one event), through the console method of its level. */
export const jsonSink: LogSink = (line, entry) => console[methodOf[entry.level]](line)

/** For a person at a terminal (npm start): time, level, message, then any fields. */
export const readableSink: LogSink = (_line, { level, message, ...fields }) => {
  const time = new Date().toTimeString().slice(0, 8)
  const rest = Object.keys(fields).length ? ` ${json(fields) ?? '(fields could not be written as JSON)'}` : ''
  console[methodOf[level]](`${time} ${level.padEnd(5)} ${message}${rest}`)
}

export function createLogger({
  sink = jsonSink,
  level = levelFromEnv(),
  fields = {},
}: {
  sink?: LogSink
  level?: LogLevel
  fields?: LogFields
} = {}): Logger {
  const write =
    (entryLevel: LogLevel) =>
    (message: string, extra: LogFields = {}) => {
      if (rank[entryLevel] < rank[level]) return
      const entry: LogEntry = { level: entryLevel, message }
      for (const [name, value] of Object.entries({ ...fields, ...extra }))
        if (value !== undefined && name !== 'level' && name !== 'message') entry[name] = plain(value)
      const line =
        json(entry) ??
        JSON.stringify({
          level: entry.level,
          message,
          requestId: entry.requestId,
          unloggable: 'fields could not be written as JSON',
        })
      sink(line, entry)
    }
  return {
    debug: write('DEBUG'),
    info: write('INFO'),
    warn: write('WARN'),
    error: write('ERROR'),
    child: (more) => createLogger({ sink, level, fields: { ...fields, ...more } }),
  }
}

/** JSON of a value (bigints as strings), or undefined where JSON cannot hold it (a cycle): logging never throws. */
function json(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_name, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
  } catch {
    return undefined
  }
}

/** LOG_LEVEL (any case) if set to a level; INFO otherwise. */
function levelFromEnv(): LogLevel {
  const wanted = process.env.LOG_LEVEL?.toUpperCase()
  return wanted && wanted in rank ? (wanted as LogLevel) : 'INFO'
}

let processLogger = createLogger()
const scope = new AsyncLocalStorage<Logger>()

/** Replaces the logger used outside any request or invocation (and the one `log.child` starts from there). */
export function setProcessLogger(logger: Logger): void {
  processLogger = logger
}

/** Runs `work` with `logger` as the one `log` writes to, until its promise settles. */
export function withLogger<T>(logger: Logger, work: () => T): T {
  return scope.run(logger, work)
}

const current = () => scope.getStore() ?? processLogger

/** The logger of the request or invocation running now; outside one, the process's. */
export const log: Logger = {
  debug: (message, fields) => current().debug(message, fields),
  info: (message, fields) => current().info(message, fields),
  warn: (message, fields) => current().warn(message, fields),
  error: (message, fields) => current().error(message, fields),
  child: (fields) => current().child(fields),
}
