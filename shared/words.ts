// The one word count, used by the browser as people type and by the server on submit,
// so the number a person sees is the number the limit is checked against.

/** Real HTML tags only (<p>, </b>, <a href="…">): "<" and ">" in prose are not markup. */
const markup = /<\/?(?:p|br|b|i|u|em|strong|a|span|div|ul|ol|li|h[1-6]|blockquote|code|pre|sup|sub|small)\b[^<>]*>/gi
const wordish = /[\p{L}\p{N}]/u

/** How words are counted, for people and API clients. */
export const WORD_COUNT_RULE =
  'Words are counted as runs of text between spaces or line breaks that contain a letter or digit: HTML tags and lone punctuation (such as "-" or "**") are not counted, and "data-driven" and "£16,700" are one word each.'

/**
 * Plain words: runs of text between whitespace that contain a letter or digit. Markup
 * (HTML tags, lone punctuation such as "-" or "**") is not counted; "data-driven" and
 * "£16,700" are one word each.
 */
export function countWords(text: string): number {
  let count = 0
  for (const token of text.replace(markup, ' ').split(/\s+/)) if (wordish.test(token)) count++
  return count
}
