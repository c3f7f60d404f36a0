// The live word count under a long answer, counted by the same function the server checks
// limits with. Shown as people type; read out to screen readers once they pause.
import { useEffect, useState } from 'preact/hooks'
import { countWords } from '../../../shared/words.js'
import { plural } from '../../../shared/text.js'

export function wordCountMessage(
  text: string,
  soft?: number,
  hard?: number,
): { message: string; level: 'ok' | 'warning' | 'error' } {
  const words = countWords(text)
  if (hard !== undefined && words > hard) {
    return {
      message: `${plural(words, 'word')}: ${plural(words - hard, 'word')} over the limit of ${hard}. Shorten this answer before you submit.`,
      level: 'error',
    }
  }
  if (soft !== undefined && words > soft)
    return { message: `${plural(words, 'word')}: we suggest ${soft} words. You can still submit.`, level: 'warning' }
  if (soft !== undefined) return { message: `${plural(words, 'word')} (we suggest ${soft} words)`, level: 'ok' }
  if (hard !== undefined) return { message: `${plural(words, 'word')} (the limit is ${hard})`, level: 'ok' }
  return { message: plural(words, 'word'), level: 'ok' }
}

/** What the hint says about the limits, before anything is typed. */
export function limitsHint(soft?: number, hard?: number): string {
  if (soft !== undefined && hard !== undefined) return `We suggest about ${soft} words. The limit is ${hard} words.`
  if (soft !== undefined) return `We suggest about ${soft} words.`
  if (hard !== undefined) return `The limit is ${hard} words.`
  return ''
}

export function WordCount({ id, text, soft, hard }: { id: string; text: string; soft?: number; hard?: number }) {
  const { message, level } = wordCountMessage(text, soft, hard)
  const [announced, setAnnounced] = useState(message)
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(message), 1000)
    return () => clearTimeout(timer)
  }, [message])
  return (
    <>
      <p id={id} class={`word-count word-count-${level}`}>
        {message}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {announced}
      </p>
    </>
  )
}
