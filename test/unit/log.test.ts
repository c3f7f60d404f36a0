// The one logger: a JSON line per event with its level and the request id, and the scope that
// puts the id of the request or invocation running now on every line written during it.
import { describe, expect, it } from 'vitest'
import { createLogger, log, setProcessLogger, withLogger, type LogEntry } from '../../functions/core/log.js'

function capture() {
  const lines: string[] = []
  return {
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as LogEntry),
    logger: createLogger({ sink: (line) => lines.push(line) }),
  }
}

describe('the logger', () => {
  it('writes one JSON line per event, with its level, message, request id and fields', () => {
    const { lines, logger } = capture()
    logger
      .child({ requestId: 'req-1' })
      .warn('Could not remove a replaced file', { key: 'a/b', error: new TypeError('gone') })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('\n')
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'WARN',
      message: 'Could not remove a replaced file',
      requestId: 'req-1',
      key: 'a/b',
      error: 'TypeError: gone',
    })
  })

  it('never throws for a field JSON cannot hold, and keeps its own level and message', () => {
    const { entries, logger } = capture()
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    logger.child({ requestId: 'req-2' }).error('Release failed', { cycle, count: 10n })
    logger.info('Outbox sweep finished', { level: 'ERROR', message: 'not mine', sent: 3 })
    expect(entries()).toEqual([
      {
        level: 'ERROR',
        message: 'Release failed',
        requestId: 'req-2',
        unloggable: 'fields could not be written as JSON',
      },
      { level: 'INFO', message: 'Outbox sweep finished', sent: 3 },
    ])
  })

  it('spells each level one way and leaves out what is below its level', () => {
    const lines: string[] = []
    const logger = createLogger({ sink: (line) => lines.push(line), level: 'INFO' })
    logger.debug('hidden')
    logger.info('i')
    logger.warn('w')
    logger.error('e')
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(['INFO', 'WARN', 'ERROR'])
  })

  it('puts the id of the request running now on lines written anywhere during it, across awaits and side by side', async () => {
    const { entries, logger } = capture()
    const handle = (requestId: string, pauseMs: number) =>
      withLogger(logger.child({ requestId }), async () => {
        await new Promise((resolve) => setTimeout(resolve, pauseMs))
        log.info('handled', { by: requestId })
      })
    await Promise.all([handle('slow', 20), handle('fast', 0)])
    expect(entries().map(({ requestId, by }) => ({ requestId, by }))).toEqual([
      { requestId: 'fast', by: 'fast' },
      { requestId: 'slow', by: 'slow' },
    ])
  })

  it('writes outside any request to the process logger, without a request id', () => {
    const { entries, logger } = capture()
    setProcessLogger(logger)
    try {
      log.error('Local release run failed', { error: 'x' })
    } finally {
      setProcessLogger(createLogger())
    }
    expect(entries()).toEqual([{ level: 'ERROR', message: 'Local release run failed', error: 'x' }])
  })
})
