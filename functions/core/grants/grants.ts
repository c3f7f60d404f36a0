// The grant agreement an accepted award becomes. The programme manager sets it up (dates, the
// offer's conditions, milestones, tranches adding up exactly to the award, indicators) as a
// draft, and sends it; the grantee reads it and accepts it, after which it is fixed.
//
//   draft ──send──▶ sent ──accept (grantee)──▶ active
//     ▲               │
//     └────save───────┘   (a change after sending takes it back to draft: sent again, read again)
//
// Every write is one transaction with a check that the award is still accepted for the amount
// the tranches add up to; saves and sends condition on the version read, an acceptance on the
// grant still sent at the version the grantee read.
import type { Award } from '../../../shared/schemas/awards.js'
import type { Grant, GrantProgress, GrantSetupInput, Tranche } from '../../../shared/schemas/grants.js'
import type { User } from '../../../shared/schemas/user.js'
import type { FieldError } from '../../../shared/schemas/common.js'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import { getApplication } from '../../db/applications-repo.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { awardAccepted, getAward } from '../../db/awards-repo.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { getGrant, grantPut, parseGrantItem } from '../../db/grants-repo.js'
import { getMembership } from '../../db/organisations-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

/** The manager's view of one application's grant: 404 where there is none. */
export async function getGrantAgreement(ctx: Ctx, competitionId: string, applicationId: string): Promise<Grant> {
  const grant = await getGrant(ctx.db, competitionId, applicationId)
  if (!grant) throw new NotFound('grant agreement')
  return grant
}

/**
 * Creates the draft (version 0) or replaces it at the version read. A sent agreement not yet
 * accepted goes back to draft with the change, to be sent again; an accepted one is fixed.
 */
export async function saveGrantAgreement(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: GrantSetupInput,
): Promise<{ grant: Grant; created: boolean }> {
  const award = await acceptedAward(ctx, competitionId, applicationId)
  const current = await getGrant(ctx.db, competitionId, applicationId)
  if (current && isAccepted(current)) throw agreementFixed(current)
  if (input.version !== (current?.version ?? 0)) throw new VersionConflict('grant agreement', current?.version ?? 0)
  const tranches = checkSetup(award.amountPence, input)
  const now = ctx.now().toISOString()
  const grant: Grant = {
    competitionId,
    applicationId,
    organisationName: award.organisationName,
    awardPence: award.amountPence,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    conditions: award.conditions,
    milestones: input.milestones,
    tranches,
    indicators: input.indicators,
    notes: input.notes,
    status: 'draft',
    version: input.version + 1,
    createdAt: current?.createdAt ?? now,
    createdBy: current?.createdBy ?? manager.id,
    updatedAt: now,
    updatedBy: manager.id,
    updatedByName: manager.name,
    paidPence: 0,
  }
  await commit(
    ctx.db,
    [
      grantPut(ctx.db, grant, current ? { version: current.version, status: current.status } : 'new'),
      awardAccepted(ctx.db, award),
    ],
    {
      'grant-version': (was) =>
        was && isAccepted(parseGrantItem(was)) ? agreementFixed(parseGrantItem(was)) : stale(),
      'grant-new': () => stale(),
      'award-accepted': () => awardChanged(award),
    },
  )
  return { grant, created: !current }
}

/**
 * Sends the draft to the grantee (draft → sent), with an email to the applicant's contact in the
 * same transaction, linking to the agreement's page. A repeat returns it as sent.
 */
export async function sendGrantAgreement(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: { version: number },
): Promise<Grant> {
  const award = await acceptedAward(ctx, competitionId, applicationId)
  const grant = await getGrantAgreement(ctx, competitionId, applicationId)
  const repeat = sentFrom(grant, input.version)
  if (repeat) return repeat
  if (isAccepted(grant)) throw agreementFixed(grant)
  if (grant.version !== input.version || grant.status !== 'draft')
    throw new VersionConflict('grant agreement', grant.version)
  const [candidate, competition] = await Promise.all([
    getCandidate(ctx.db, competitionId, applicationId),
    getCompetition(ctx.db, competitionId, { consistent: true }),
  ])
  if (!competition) throw new NotFound('competition')
  const now = ctx.now().toISOString()
  const sent: Grant = { ...grant, status: 'sent', version: grant.version + 1, sentAt: now, sentBy: manager.id }
  const to = candidate?.contactEmail
  try {
    await commit(
      ctx.db,
      [
        grantPut(ctx.db, sent, { version: grant.version, status: 'draft' }),
        awardAccepted(ctx.db, award),
        ...(to
          ? [
              outboxPut(ctx.db, {
                id: newId(),
                to,
                kind: 'grant-sent',
                createdAt: now,
                status: 'pending',
                ...grantEmail(competition.title, sent, pageUrl(ctx, pagePaths.grant(applicationId))),
              }),
            ]
          : []),
      ],
      { 'grant-version': () => stale(), 'award-accepted': () => awardChanged(award) },
    )
  } catch (error) {
    // Two sends of the same draft at once: the other one sent it.
    const again = sentFrom(await getGrant(ctx.db, competitionId, applicationId), input.version)
    if (again) return again
    throw error
  }
  return sent
}

/** The grantee's own agreement, once sent: anyone else's, a draft and none are the same 404. */
export async function getOwnGrant(ctx: Ctx, applicant: User, applicationId: string): Promise<Grant> {
  const [application, organisationId] = await Promise.all([
    getApplication(ctx.db, applicationId),
    getMembership(ctx.db, applicant.id),
  ])
  if (!application || !organisationId || application.organisationId !== organisationId)
    throw new NotFound('grant agreement')
  const grant = await getGrant(ctx.db, application.competitionId, applicationId)
  if (!grant || grant.status === 'draft') throw new NotFound('grant agreement')
  return grant
}

/** The grantee accepts the agreement at the version they read (sent → active), once; a repeat returns it. */
export async function acceptGrantAgreement(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  input: { version: number },
): Promise<Grant> {
  const grant = await getOwnGrant(ctx, applicant, applicationId)
  // Terminated while it waited to be accepted: there is nothing to accept.
  if (grant.status === 'terminated' && !grant.acceptedAt)
    throw new StateConflict('The programme team terminated this grant agreement before it was accepted.')
  if (isAccepted(grant)) return grant
  if (grant.version !== input.version) throw new VersionConflict('grant agreement', grant.version)
  const acceptedAt = ctx.now().toISOString()
  const accepted: Grant = {
    ...grant,
    status: 'active',
    version: grant.version + 1,
    acceptedAt,
    acceptedBy: applicant.id,
    acceptedByName: applicant.name,
    progress: startingProgress(grant, acceptedAt),
    paidPence: 0,
  }
  try {
    await commit(
      ctx.db,
      [
        grantPut(ctx.db, accepted, { version: grant.version, status: 'sent' }),
        awardAccepted(ctx.db, { ...grant, amountPence: grant.awardPence }),
      ],
      {
        'grant-version': () => new VersionConflict('grant agreement'),
        'award-accepted': () =>
          new StateConflict('The award behind this agreement has changed. Contact the programme team.'),
      },
    )
  } catch (error) {
    // Accepted meanwhile (another tab, a double click): that acceptance is the answer.
    const now = await getGrant(ctx.db, grant.competitionId, applicationId)
    if (now && isAccepted(now)) return now
    throw error
  }
  return accepted
}

// — Rules —

/**
 * Where a grant starts on acceptance: every milestone upcoming on its agreed date (private until
 * the manager publishes it), tranches due on signing due now, authorised by the manager who sent
 * the agreement, and every other tranche scheduled.
 */
export function startingProgress(grant: Grant, acceptedAt: string): GrantProgress {
  return {
    milestones: Object.fromEntries(
      grant.milestones.map((m) => [m.id, { status: 'upcoming' as const, dueOn: m.dueOn, public: false }]),
    ),
    tranches: Object.fromEntries(
      grant.tranches.map((t) => [
        t.id,
        t.trigger.kind === 'signing'
          ? { status: 'due' as const, amountPence: t.amountPence, dueAt: acceptedAt, authorisedBy: grant.sentBy }
          : { status: 'scheduled' as const, amountPence: t.amountPence },
      ]),
    ),
    actuals: {},
  }
}

/** The award a grant is set up on: it must exist (404) and be accepted (409 saying what it is). */
async function acceptedAward(ctx: Ctx, competitionId: string, applicationId: string): Promise<Award> {
  const award = await getAward(ctx.db, competitionId, applicationId)
  if (!award) throw new NotFound('award')
  if (award.status !== 'accepted')
    throw new StateConflict(
      `The award to ${award.organisationName} is ${award.status}: a grant agreement is set up only once the offer is accepted.`,
      [{ field: 'award', message: `is ${award.status}, not accepted` }],
    )
  return award
}

/** Accepted by the grantee: active, or since completed or terminated. The agreement is fixed. */
export const isAccepted = (grant: Grant) => grant.status !== 'draft' && grant.status !== 'sent'

/** The grant as a send from `version` left it, if that send happened. */
const sentFrom = (grant: Grant | undefined, version: number) =>
  grant?.status === 'sent' && grant.version === version + 1 ? grant : undefined

/**
 * Checks the set-up against the award and the dates, and returns the tranches in pence: each
 * percentage rounded down to the penny, the pence left over on the last percentage tranche, so
 * the schedule adds up exactly to the award, or a 422 naming every field that is wrong.
 */
export function checkSetup(awardPence: number, input: GrantSetupInput): Tranche[] {
  const problems: FieldError[] = []
  const problem = (field: string, message: string) => problems.push({ field, message })
  const within = (date: string) => date >= input.startsOn && date <= input.endsOn
  if (input.endsOn <= input.startsOn) problem('endsOn', 'must be after the start date')
  const unique = (list: { id: string }[], name: string) => {
    const seen = new Set<string>()
    list.forEach(({ id }, i) => {
      if (seen.has(id)) problem(`${name}.${i}.id`, 'is used twice')
      seen.add(id)
    })
  }
  unique(input.milestones, 'milestones')
  unique(input.tranches, 'tranches')
  unique(input.indicators, 'indicators')
  input.milestones.forEach((m, i) => {
    if (!within(m.dueOn)) problem(`milestones.${i}.dueOn`, 'must be within the grant’s start and end dates')
  })
  const milestoneIds = new Set(input.milestones.map((m) => m.id))
  const last = input.tranches.length - 1
  input.tranches.forEach((t, i) => {
    if (t.trigger.kind === 'milestone' && !milestoneIds.has(t.trigger.milestoneId))
      problem(`tranches.${i}.trigger.milestoneId`, 'names no milestone of this grant')
    if (t.trigger.kind === 'date' && !within(t.trigger.on))
      problem(`tranches.${i}.trigger.on`, 'must be within the grant’s start and end dates')
    if (t.holdback && i !== last) problem(`tranches.${i}.holdback`, 'only the last tranche may be held back')
    if (t.holdback && t.trigger.kind === 'signing')
      problem(`tranches.${i}.trigger`, 'a share held back until the completion report cannot be paid on signing')
  })
  input.indicators.forEach((indicator, i) => {
    indicator.targets.forEach((target, j) => {
      if (target.on <= indicator.baseline.on)
        problem(`indicators.${i}.targets.${j}.on`, 'must be after the baseline’s date')
    })
  })

  const fixedPence = input.tranches.reduce((sum, t) => sum + (t.amountPence ?? 0), 0)
  const percent = input.tranches.reduce((sum, t) => sum + (t.percent ?? 0), 0)
  // Exactly the award, in hundredths of a penny (integers, so no rounding hides a difference).
  const shortBy = 100 * awardPence - (100 * fixedPence + percent * awardPence)
  let tranches: Tranche[] = []
  if (shortBy !== 0) {
    const total = fixedPence + (percent * awardPence) / 100
    const by = Math.abs(shortBy) / 100
    problem(
      'tranches',
      `add up to ${formatPence(Math.round(total))}${percent ? ` (${percent}% of the award${fixedPence ? ` and ${formatPence(fixedPence)} in fixed amounts` : ''})` : ''}: ${by < 1 ? 'a fraction of a penny' : formatPence(Math.round(by))} ${shortBy > 0 ? 'less' : 'more'} than the award of ${formatPence(awardPence)}`,
    )
  } else {
    tranches = input.tranches.map(({ amountPence, percent: p, ...t }) => ({
      ...t,
      amountPence: amountPence ?? Math.floor((awardPence * p!) / 100),
      ...(p === undefined ? {} : { percent: p }),
    }))
    const lastPercent = tranches.findLastIndex((t) => t.percent !== undefined)
    const left = awardPence - tranches.reduce((sum, t) => sum + t.amountPence, 0)
    if (lastPercent >= 0) tranches[lastPercent]!.amountPence += left
    tranches.forEach((t, i) => {
      if (t.amountPence < 1) problem(`tranches.${i}.percent`, `comes to less than 1p of ${formatPence(awardPence)}`)
    })
  }
  if (problems.length) {
    const sum = problems.find((p) => p.field === 'tranches')
    throw new RuleViolated(
      sum
        ? `The tranches ${sum.message}: they must add up to exactly the award.`
        : `The grant agreement cannot be saved: ${problems
            .slice(0, 5)
            .map((p) => `${p.field} ${p.message}`)
            .join('; ')}.`,
      problems,
    )
  }
  return tranches
}

const stale = () => new VersionConflict('grant agreement')

const agreementFixed = (grant: Grant) =>
  new StateConflict(
    `${grant.organisationName} accepted this grant agreement${grant.acceptedAt ? ` on ${formatLondon(grant.acceptedAt)}` : ''}: it is fixed, and can no longer be changed.`,
  )

const awardChanged = (award: Award) =>
  new StateConflict(
    `The award to ${award.organisationName} changed while this was being saved: it is no longer accepted for ${formatPence(award.amountPence)}. Reload it.`,
  )

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
/** A calendar date as people read it: "1 November 2021". */
const formatDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

/** The email telling the grantee their agreement is ready to read and accept. */
function grantEmail(competitionTitle: string, grant: Grant, link: string) {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return {
    subject: `Your grant agreement for “${competitionTitle}” is ready to accept`,
    text: [
      `The grant agreement for ${grant.organisationName}’s award of ${formatPence(grant.awardPence)} from “${competitionTitle}” is ready.`,
      '',
      `It runs from ${formatDate(grant.startsOn)} to ${formatDate(grant.endsOn)}, with ${plural(grant.milestones.length, 'milestone')} and ${plural(grant.tranches.length, 'payment')}.`,
      '',
      `Please read it and accept it here: ${link}`,
    ].join('\n'),
  }
}
