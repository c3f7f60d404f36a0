// One spelling of an organisation's name for matching across sources: EOIs, questions and
// (from the events slice) the names people type when they sign up for an event.

/** Legal-form words that say nothing about which organisation it is. */
const LEGAL_FORMS = new Set([
  'ltd',
  'limited',
  'plc',
  'cic',
  'llp',
  'lp',
  'cio',
  'inc',
  'incorporated',
  'co',
  'company',
  'the',
  'uk',
  'cyf',
  'cyfyngedig',
])

/**
 * "The Acme Co. Ltd", "ACME LIMITED" and "acme (CIC)" all give "acme": lower case, accents
 * and punctuation gone, "&" read as "and", legal forms and "the" dropped. A name made only of
 * such words keeps them, so it still has a key.
 */
export function organisationKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
  const kept = words.filter((w) => !LEGAL_FORMS.has(w))
  return (kept.length ? kept : words).join(' ').slice(0, 200)
}
