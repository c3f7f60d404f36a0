// A minimal organisation matching key, private to events until the funnel's shared
// `organisationKey` (functions/core/funnel/) lands: the lead swaps this import for that one at
// merge. Lower case, "&" as "and", punctuation and legal-form words dropped, spaces collapsed.
const LEGAL_FORMS = /\b(ltd|limited|cic|llp|plc|inc|co|company|cio|community interest company)\b/g

export function organisationKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/^the\b/, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
