// The 360Giving flat format: one row per grant, each column titled as the standard's
// spreadsheet template titles it (the schema's `title`s joined by ":"; "Recipient Org:Identifier").
// Arrays the standard rolls up (one recipient, one funder, one location, one programme, one
// planned date range) drop the index; the others number their items ("Classifications:0:Title").
// A field the schema gives no title keeps its name ("commitmentTransaction:0:Value"), as the
// standard's converter (flatten-tool) reads it.
import type { ThreeSixtyGivingGrant } from '../../../shared/schemas/open-data.js'
import { ThreeSixtyGivingGrant as GrantSchema } from '../../../shared/schemas/open-data.js'
import type { Column } from '../exports/csv.js'

/** The grant schema's titles (shared/standards/360giving/360-giving-schema.json) of the fields published. */
const titles: Record<string, string> = {
  id: 'Identifier',
  title: 'Title',
  description: 'Description',
  currency: 'Currency',
  amountAwarded: 'Amount Awarded',
  amountAppliedFor: 'Amount Applied For',
  amountDisbursed: 'Amount Disbursed',
  awardDate: 'Award Date',
  url: 'URL',
  plannedDates: 'Planned Dates',
  startDate: 'Start Date',
  endDate: 'End Date',
  duration: 'Duration (months)',
  recipientOrganization: 'Recipient Org',
  recipientIndividual: 'Recipient Ind',
  name: 'Name',
  companyNumber: 'Company Number',
  beneficiaryLocation: 'Beneficiary Location',
  countryCode: 'Country Code',
  geoCode: 'Geographic Code',
  geoCodeType: 'Geographic Code Type',
  fundingOrganization: 'Funding Org',
  grantProgramme: 'Grant Programme',
  code: 'Code',
  fromOpenCall: 'From An Open Call?',
  classifications: 'Classifications',
  vocabulary: 'Vocabulary',
  transactionDate: 'Transaction Date',
  value: 'Value',
  provider: 'Provider',
  recipient: 'Recipient',
  dateModified: 'Last Modified',
  dataSource: 'Data Source',
}

/** Arrays the standard rolls up into one set of columns without an index (the schema's `rollUp`). */
const rolledUp = new Set([
  'plannedDates',
  'recipientOrganization',
  'beneficiaryLocation',
  'fundingOrganization',
  'grantProgramme',
])

type Path = (string | number)[]
type Cell = string | number

/** Fields in the order the grant schema lists them; nested fields in their own order after their parent. */
const fieldOrder = [
  ...Object.keys(GrantSchema.shape),
  // inside an organisation, a location, a programme, a classification, a date range
  'name',
  'companyNumber',
  'countryCode',
  'geoCode',
  'geoCodeType',
  'code',
  'vocabulary',
  'startDate',
  'endDate',
  'duration',
  // inside a transaction
  'transactionDate',
  'value',
  'provider',
  'recipient',
]

/** A grant as its leaf cells, each under its path. */
function leaves(value: unknown, path: Path = [], out: [Path, Cell][] = []): [Path, Cell][] {
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, [...path, i], out))
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) leaves(inner, [...path, key], out)
  else if (typeof value === 'string' || typeof value === 'number') out.push([path, value])
  return out
}

function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x - y
    return fieldOrder.indexOf(String(x)) - fieldOrder.indexOf(String(y))
  }
  return a.length - b.length
}

/** The column title of a path: "Recipient Org:Identifier", "Classifications:0:Title", "commitmentTransaction:1:Value". */
export function titleOf(path: Path): string {
  return path
    .filter((segment, i) => !(segment === 0 && rolledUp.has(String(path[i - 1]))))
    .map((segment) => (typeof segment === 'number' ? String(segment) : (titles[segment] ?? segment)))
    .join(':')
}

const keyOf = (path: Path) => path.join('\u0000')

/**
 * The flat file's columns for these grants: every field any of them has, in the schema's order,
 * as many numbered columns as the grant with the most classifications or transactions needs.
 */
export function flatColumns(grants: ThreeSixtyGivingGrant[]): Column<ThreeSixtyGivingGrant>[] {
  const cells = new Map<ThreeSixtyGivingGrant, Map<string, Cell>>()
  const paths = new Map<string, Path>()
  for (const grant of grants) {
    const row = new Map<string, Cell>()
    for (const [path, value] of leaves(grant)) {
      row.set(keyOf(path), value)
      paths.set(keyOf(path), path)
    }
    cells.set(grant, row)
  }
  return [...paths.values()].sort(comparePaths).map((path) => ({
    header: titleOf(path),
    value: (grant) => cells.get(grant)?.get(keyOf(path)),
  }))
}
