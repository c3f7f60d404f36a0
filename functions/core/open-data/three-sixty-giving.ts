// A competition's grants as 360Giving open data, once its results are published: each accepted
// award with its recipient (a Companies House id where known, never a person's details), the
// funder, the region, the themes, and from the ledger what was committed and paid. Declined,
// withdrawn and lapsed offers, notes, reasons, scores and contacts never reach the file.
import type { Award, LedgerEntry } from '../../../shared/schemas/awards.js'
import type { Challenge, Competition, Theme } from '../../../shared/schemas/competition.js'
import type { Grant } from '../../../shared/schemas/grants.js'
import type { Organisation } from '../../../shared/schemas/organisation.js'
import { ThreeSixtyGivingPackage, type ThreeSixtyGivingGrant } from '../../../shared/schemas/open-data.js'
import { utcIsoToLondonLocal } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import { getCandidates } from '../../db/assessing-repo.js'
import { getAwardsAndLedger } from '../../db/awards-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { listGrantsOfCompetition } from '../../db/grants-repo.js'
import { getOrganisations } from '../../db/organisations-repo.js'
import type { Ctx } from '../context.js'
import { NotFound } from '../errors.js'
import { isAccepted } from '../grants/grants.js'
import { pageUrl } from '../notifications/links.js'
import type { OpenDataConfig } from './config.js'

/** Where the files are served, relative to the site. */
export const openDataPaths = {
  json: (competitionId: string) => `/api/competitions/${encodeURIComponent(competitionId)}/open-data/360giving.json`,
  csv: (competitionId: string) => `/api/competitions/${encodeURIComponent(competitionId)}/open-data/360giving.csv`,
}

/**
 * The competition's 360Giving package. The same 404 as a missing competition until its results
 * are published (a draft, or decisions not yet public). Five reads, none per grant: the
 * competition, its awards and ledger, its grants, the winners' candidates and organisations.
 */
export async function openDataPackage(
  ctx: Ctx,
  config: OpenDataConfig,
  competitionId: string,
): Promise<ThreeSixtyGivingPackage> {
  const [aggregate, { awards, ledger }, grants] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getAwardsAndLedger(ctx.db, competitionId, { consistent: false }),
    listGrantsOfCompetition(ctx.db, competitionId, { consistent: false }),
  ])
  const competition = aggregate?.competition
  if (!aggregate || competition?.status !== 'published' || !competition.resultsPublishedAt)
    throw new NotFound('competition')
  // Only offers the applicant accepted are grants; an accepted award stays accepted when its grant is reduced or ended.
  const accepted = awards.filter((a) => a.status === 'accepted')
  const candidates = await getCandidates(
    ctx.db,
    competitionId,
    accepted.map((a) => a.applicationId),
    { consistent: false },
  )
  const organisationIds = [...new Set([...candidates.values()].map((c) => c.organisationId))]
  const organisations = new Map<string, Organisation>()
  for (let i = 0; i < organisationIds.length; i += 100)
    for (const o of await getOrganisations(ctx.db, organisationIds.slice(i, i + 100))) organisations.set(o.id, o)
  return buildPackage(ctx, config, {
    competition: { ...competition, resultsPublishedAt: competition.resultsPublishedAt },
    challenges: aggregate.challenges,
    themes: aggregate.themes,
    awards: accepted,
    ledger,
    grants,
    organisationOf: (applicationId) => {
      const candidate = candidates.get(applicationId)
      return candidate ? organisations.get(candidate.organisationId) : undefined
    },
  })
}

type Inputs = {
  competition: Competition & { resultsPublishedAt: string }
  challenges: Challenge[]
  themes: Theme[]
  /** Accepted awards only. */
  awards: Award[]
  ledger: LedgerEntry[]
  grants: Grant[]
  organisationOf: (applicationId: string) => Organisation | undefined
}

/** Pure: the package from what was read (parsed through the schema that lists every published field). */
export function buildPackage(
  ctx: Pick<Ctx, 'publicUrl'>,
  config: OpenDataConfig,
  { competition, challenges, themes, awards, ledger, grants, organisationOf }: Inputs,
): ThreeSixtyGivingPackage {
  const id360 = (rest: string) => `360G-${config.prefix}-${rest}`
  const competitionPage = pageUrl(ctx, `/competitions/${encodeURIComponent(competition.id)}`)
  const resultsPage = `${competitionPage}/results`
  const jsonUrl = pageUrl(ctx, openDataPaths.json(competition.id))
  const grantsOut = [...awards]
    .sort((a, b) => a.awardedAt.localeCompare(b.awardedAt) || a.applicationId.localeCompare(b.applicationId))
    .map((award): ThreeSixtyGivingGrant => {
      const grant = grants.find((g) => g.applicationId === award.applicationId)
      const organisation = organisationOf(award.applicationId)
      const individual = organisation?.type === 'individual'
      const recipientId = individual
        ? id360(`ind-${award.applicationId}`)
        : organisation?.companiesHouseNumber
          ? `GB-COH-${organisation.companiesHouseNumber}`
          : id360(`org-${organisation?.id ?? award.applicationId}`)
      const recipientName = individual ? 'Individual recipient' : award.organisationName
      const entries = sinceLastAward(ledger, award.applicationId)
      const transaction = (entry: LedgerEntry, pence: number, on: string) => ({
        id: id360(`tx-${entry.id}`),
        transactionDate: on,
        currency: 'GBP' as const,
        value: pounds(pence),
        description: describe(entry.cause),
        provider: config.funder.id,
        recipient: recipientId,
      })
      const commitments = entries
        .filter((e) => e.changePence !== 0)
        .map((e) => transaction(e, e.changePence, londonDate(e.at)))
      const disbursements = entries
        .filter((e) => (e.paidChangePence ?? 0) !== 0)
        .map((e) =>
          transaction(
            e,
            e.paidChangePence!,
            (e.trancheId && grant?.progress?.tranches[e.trancheId]?.payment?.paidOn) || londonDate(e.at),
          ),
        )
      const titles = award.challengeIds
        .map((cid) => challenges.find((c) => c.id === cid))
        .filter((c): c is Challenge => !!c)
      const classifications = award.themeIds
        .map((tid) => themes.find((t) => t.id === tid))
        .filter((t): t is Theme => !!t)
        .map((t) => ({ vocabulary: id360(`themes-${competition.id}`), code: t.id, title: t.title }))
      const agreed = grant && isAccepted(grant)
      // Only moments already public in substance: the award, its answer, the agreement's acceptance, the ledger.
      const modified = [
        award.awardedAt,
        award.respondedAt,
        agreed ? grant.acceptedAt : undefined,
        ...entries.map((e) => e.at),
      ]
        .filter((at): at is string => !!at)
        .sort()
        .at(-1)!
      return {
        id: id360(award.applicationId),
        title: truncate(
          titles.length ? `${competition.title}: ${titles.map((c) => c.title).join('; ')}` : competition.title,
          140,
        ),
        description: truncate(
          [
            `A grant of ${formatPence(award.amountPence)} from “${competition.title}”, ${config.funder.name}’s challenge-led competition, to ${individual ? 'an individual' : award.organisationName}.`,
            ...titles.map((c) => `Challenge “${c.title}”: ${c.statement}`),
          ].join(' '),
          2000,
        ),
        currency: 'GBP',
        amountAwarded: pounds(award.amountPence),
        amountAppliedFor: pounds(award.requestedPence),
        amountDisbursed: pounds(entries.reduce((sum, e) => sum + (e.paidChangePence ?? 0), 0)),
        awardDate: londonDate(award.awardedAt),
        url: resultsPage,
        ...(agreed
          ? {
              plannedDates: [
                {
                  startDate: grant.startsOn,
                  endDate: grant.endsOn,
                  duration: monthsBetween(grant.startsOn, grant.endsOn),
                },
              ],
            }
          : {}),
        ...(individual
          ? { recipientIndividual: { id: recipientId, name: recipientName } }
          : {
              recipientOrganization: [
                {
                  id: recipientId,
                  name: recipientName,
                  ...(organisation?.companiesHouseNumber ? { companyNumber: organisation.companiesHouseNumber } : {}),
                },
              ],
            }),
        beneficiaryLocation: [config.region],
        fundingOrganization: [config.funder],
        grantProgramme: [{ code: id360(competition.id), title: competition.title, url: competitionPage }],
        fromOpenCall: 'Yes',
        ...nonEmpty('classifications', classifications),
        ...nonEmpty('commitmentTransaction', commitments),
        ...nonEmpty('disbursementTransaction', disbursements),
        dateModified: modified,
        dataSource: jsonUrl,
      }
    })
  const modified = [competition.resultsPublishedAt, ...grantsOut.map((g) => g.dateModified)].sort().at(-1)!
  return ThreeSixtyGivingPackage.parse({
    version: '1.4',
    title: `${competition.title}: grants (360Giving)`,
    description: `The grants ${config.funder.name} made through the challenge-led competition “${competition.title}”, in the 360Giving Data Standard: what was awarded, committed and paid to each recipient.`,
    identifier: id360(competition.id),
    issued: londonDate(competition.resultsPublishedAt),
    modified,
    publisher: { identifier: config.funder.id, name: config.funder.name, website: pageUrl(ctx, '/') },
    license: config.licence,
    downloadURL: jsonUrl,
    accessURL: competitionPage,
    grants: grantsOut,
  })
}

/**
 * The ledger entries of the application's current award: from its last `awarded` entry on (an
 * earlier offer declined, withdrawn or lapsed gave its money back and is no grant).
 */
function sinceLastAward(ledger: LedgerEntry[], applicationId: string): LedgerEntry[] {
  const own = ledger.filter((e) => e.applicationId === applicationId)
  const start = own.findLastIndex((e) => e.cause === 'awarded')
  return start < 0 ? [] : own.slice(start)
}

const descriptions: Record<LedgerEntry['cause'], string> = {
  awarded: 'Award made',
  paid: 'Payment of a tranche',
  reduced: 'Award reduced: the unpaid difference returned to the fund',
  terminated: 'Grant ended early: the unpaid part returned to the fund',
  repaid: 'Repayment by the grantee',
  withdrawn: 'Award withdrawn',
  declined: 'Offer declined',
  lapsed: 'Offer lapsed',
}
/** An array field only when it has something in it (an empty list says nothing the absence does not). */
const nonEmpty = <K extends string, T>(key: K, list: T[]) => (list.length ? { [key]: list } : {}) as { [k in K]?: T[] }

const describe = (cause: LedgerEntry['cause']) => descriptions[cause]

/** Integer pence as pounds, exact to the penny. */
const pounds = (pence: number) => Math.round(pence) / 100

const londonDate = (iso: string) => utcIsoToLondonLocal(iso).slice(0, 10)

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/** Months from start to end, to the nearest whole month (at least 1): the standard's duration. */
function monthsBetween(startsOn: string, endsOn: string): number {
  const days = (Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${startsOn}T00:00:00Z`)) / 86_400_000
  return Math.max(1, Math.round(days / (365.25 / 12)))
}
