// Check-ins after the grant ends: two short returns, 6 and 12 months after the grant's end date,
// for grants the grantee accepted (active or completed; not terminated). Each opens on its date
// (Europe/London), is prefilled from the round before or from the grant's latest indicator
// actuals (so nobody types the same thing twice), may say "nothing to report", and once
// submitted is fixed: a different submission is a 409 saying when it was submitted (the same
// one again returns it). Submitting writes the check-in (once, `'check-in-new'`) and appends its
// indicator actuals to the grant (`'grant-version'`) in one transaction, re-reading and deciding
// again when another write of the grant landed first.
//
// When a round opens, a scheduled sweep (functions/events/check-in-opener.ts; locally a timer)
// emails the applicant's contact once, linking to the check-in's page: the grant records when,
// under its version guard, in the same transaction as the email.
import {
  CHECK_IN_ROUNDS,
  type CheckIn,
  type CheckInDraft,
  type CheckInInput,
  type CheckInRound,
  type ManagerCheckIns,
} from '../../../shared/schemas/grant-programme.js'
import type { Grant } from '../../../shared/schemas/grants.js'
import type { User } from '../../../shared/schemas/user.js'
import type { FieldError } from '../../../shared/schemas/common.js'
import { formatLondon } from '../../../shared/dates.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { checkInPut, getCheckIns } from '../../db/grant-programme-repo.js'
import { listEveryGrant } from '../../db/grants-repo.js'
import { getGrant, grantPut } from '../../db/grants-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { RuleViolated, StateConflict } from '../errors.js'
import { newId } from '../ids.js'
import { log } from '../log.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { getGrantAgreement, getOwnGrant } from './grants.js'
import { addToDate, londonDate } from './programme.js'

/** How many times a submission re-reads the grant after losing a race with another write of it. */
const ATTEMPTS = 8

/** Grants whose check-ins are emailed per run of the sweep; the rest (rarely any) are the next run's. */
export const CHECK_IN_NOTICES_PER_RUN = 50

/** The first day a round can be submitted: that many months after the grant's end date. */
export const checkInOpensOn = (grant: Pick<Grant, 'endsOn'>, round: CheckInRound) =>
  addToDate(grant.endsOn, { months: Number(round) })

/** Grants that have check-ins: accepted and not terminated. */
const hasCheckIns = (grant: Grant) => grant.status === 'active' || grant.status === 'completed'

/** The grantee's two check-ins: each with its date, state and, until submitted, the prefilled draft. */
export async function getOwnCheckIns(ctx: Ctx, applicant: User, applicationId: string) {
  const grant = await getOwnGrant(ctx, applicant, applicationId)
  return checkInsView(grant, await getCheckIns(ctx.db, grant.competitionId, applicationId), ctx.now())
}

/** A grant's check-ins as the programme manager sees them: 404 where there is no grant. */
export async function getGrantCheckIns(
  ctx: Ctx,
  competitionId: string,
  applicationId: string,
): Promise<ManagerCheckIns> {
  const grant = await getGrantAgreement(ctx, competitionId, applicationId)
  return checkInsView(grant, await getCheckIns(ctx.db, competitionId, applicationId), ctx.now())
}

function checkInsView(grant: Grant, checkIns: CheckIn[], now: Date): ManagerCheckIns {
  const today = londonDate(now)
  const previous = (round: CheckInRound) =>
    round === '12' ? checkIns.find((c) => c.round === '6' && !c.nothingToReport) : undefined
  return {
    applicationId: grant.applicationId,
    organisationName: grant.organisationName,
    grantStatus: grant.status,
    endsOn: grant.endsOn,
    indicators: grant.indicators.map(({ id, measure, unit, better }) => ({ id, measure, unit, better })),
    rounds: CHECK_IN_ROUNDS.map((round) => {
      const opensOn = checkInOpensOn(grant, round)
      const submitted = checkIns.find((c) => c.round === round)
      if (submitted) return { round, opensOn, state: 'submitted' as const, submitted }
      return {
        round,
        opensOn,
        state: hasCheckIns(grant) && today >= opensOn ? ('open' as const) : ('upcoming' as const),
        draft: draftFrom(grant, previous(round)),
      }
    }),
  }
}

/**
 * What a check-in's form starts from: the last round's answers (follow-on funding, public bodies,
 * jobs, actuals) if there was one with something to report, otherwise the grant's latest actual
 * of each indicator; nothing else is known.
 */
export function draftFrom(grant: Grant, previous: CheckIn | undefined): CheckInDraft {
  if (previous)
    return {
      nothingToReport: false,
      followOnFunding: previous.followOnFunding,
      publicBodies: previous.publicBodies,
      jobs: previous.jobs ?? { created: 0, safeguarded: 0 },
      actuals: previous.actuals.map(({ indicatorId, value }) => ({ indicatorId, value })),
      prefilledFrom: 'round-6',
    }
  const actuals = grant.indicators.flatMap((indicator) => {
    const known = grant.progress?.actuals[indicator.id] ?? []
    const latest = known.reduce<(typeof known)[number] | undefined>(
      (last, a) => (!last || a.on >= last.on ? a : last),
      undefined,
    )
    return latest ? [{ indicatorId: indicator.id, value: latest.value }] : []
  })
  return {
    nothingToReport: false,
    followOnFunding: [],
    publicBodies: [],
    jobs: { created: 0, safeguarded: 0 },
    actuals,
    prefilledFrom: actuals.length ? 'grant' : 'nothing',
  }
}

/**
 * Submits a round's check-in, once it is open: fixed from then (the same submission again
 * returns it; a different one is a 409). Its actuals are appended to the grant's in the same
 * transaction.
 */
export async function submitCheckIn(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  round: CheckInRound,
  input: CheckInInput,
): Promise<CheckIn> {
  for (let attempt = 1; ; attempt++) {
    const grant = await getOwnGrant(ctx, applicant, applicationId)
    const existing = (await getCheckIns(ctx.db, grant.competitionId, applicationId)).find((c) => c.round === round)
    if (existing) {
      if (sameSubmission(existing, input)) return existing
      throw new StateConflict(
        `The ${round}-month check-in was submitted ${formatLondon(existing.submittedAt)} by ${existing.submittedByName}: it is fixed, and can no longer be changed.`,
        [{ field: 'round', message: 'is already submitted' }],
      )
    }
    if (!hasCheckIns(grant))
      throw new StateConflict(
        grant.status === 'terminated'
          ? 'This grant was terminated: it has no check-ins.'
          : 'Check-ins start once the grant agreement is accepted and the grant has ended.',
        [{ field: 'status', message: `is ${grant.status}` }],
      )
    const now = ctx.now()
    const today = londonDate(now)
    const opensOn = checkInOpensOn(grant, round)
    if (today < opensOn)
      throw new StateConflict(
        `The ${round}-month check-in opens on ${formatDate(opensOn)}, ${round} months after the grant ends: it cannot be submitted before then.`,
        [{ field: 'round', message: `opens on ${opensOn}` }],
      )
    checkActuals(grant, input)
    const checkIn: CheckIn = {
      competitionId: grant.competitionId,
      applicationId,
      round,
      nothingToReport: input.nothingToReport,
      followOnFunding: input.followOnFunding,
      publicBodies: input.publicBodies,
      ...(input.jobs ? { jobs: input.jobs } : {}),
      actuals: input.actuals.map(({ indicatorId, value }) => ({ indicatorId, value, on: today })),
      submittedAt: now.toISOString(),
      submittedBy: applicant.id,
      submittedByName: applicant.name,
    }
    const actuals = { ...grant.progress!.actuals }
    for (const { indicatorId, value } of input.actuals)
      actuals[indicatorId] = [...(actuals[indicatorId] ?? []), { on: today, value }].sort((a, b) =>
        a.on.localeCompare(b.on),
      )
    const next: Grant = {
      ...grant,
      version: grant.version + 1,
      progress: { ...grant.progress!, actuals },
      checkIns: { ...grant.checkIns, [round]: { ...grant.checkIns?.[round], submittedAt: checkIn.submittedAt } },
    }
    try {
      await commit(ctx.db, [
        checkInPut(ctx.db, checkIn),
        grantPut(ctx.db, next, { version: grant.version, status: grant.status }),
      ])
      return checkIn
    } catch (error) {
      // Submitted meanwhile (a double click, another tab), or the grant changed: read and decide again.
      if (
        error instanceof ConditionFailed &&
        (error.failed('check-in-new') || error.failed('grant-version')) &&
        attempt < ATTEMPTS
      )
        continue
      throw error
    }
  }
}

/** Actuals only for the grant's own indicators, each at most once: a 422 naming each that is not. */
function checkActuals(grant: Grant, input: CheckInInput) {
  const known = new Set(grant.indicators.map((i) => i.id))
  const seen = new Set<string>()
  const problems: FieldError[] = []
  input.actuals.forEach(({ indicatorId }, i) => {
    if (!known.has(indicatorId))
      problems.push({ field: `actuals.${i}.indicatorId`, message: 'names no indicator of this grant' })
    else if (seen.has(indicatorId)) problems.push({ field: `actuals.${i}.indicatorId`, message: 'is given twice' })
    seen.add(indicatorId)
  })
  if (problems.length)
    throw new RuleViolated(
      `The check-in cannot be submitted: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
      problems,
    )
}

/** The same answers as those submitted (a repeat of the same request). */
const sameSubmission = (checkIn: CheckIn, input: CheckInInput) =>
  JSON.stringify([
    checkIn.nothingToReport,
    checkIn.followOnFunding,
    checkIn.publicBodies,
    checkIn.jobs ?? null,
    checkIn.actuals.map(({ indicatorId, value }) => ({ indicatorId, value })),
  ]) ===
  JSON.stringify([
    input.nothingToReport,
    input.followOnFunding,
    input.publicBodies,
    input.jobs ?? null,
    input.actuals.map(({ indicatorId, value }) => ({ indicatorId, value })),
  ])

// — Emails when a round opens —

/** The rounds of a grant open on `today` whose opening nobody has been told of (and not yet submitted). */
export function roundsToAnnounce(grant: Grant, today: string): CheckInRound[] {
  if (!hasCheckIns(grant)) return []
  return CHECK_IN_ROUNDS.filter(
    (round) =>
      checkInOpensOn(grant, round) <= today &&
      !grant.checkIns?.[round]?.emailedAt &&
      !grant.checkIns?.[round]?.submittedAt,
  )
}

/**
 * Emails every grantee a check-in has opened for, once (the scheduler calls this): every grant
 * from one GSI1 query, and for those with a round to announce, one transaction each marking the
 * grant and writing the email. Returns them as `<competitionId>/<applicationId>/<round>`.
 */
export async function sendCheckInNotices(ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>): Promise<string[]> {
  const today = londonDate(ctx.now())
  const { grants } = await listEveryGrant(ctx.db)
  const due = grants.filter((g) => roundsToAnnounce(g, today).length).slice(0, CHECK_IN_NOTICES_PER_RUN)
  const sent: string[] = []
  for (const { competitionId, applicationId } of due) {
    try {
      const rounds = await announceCheckIns(ctx, competitionId, applicationId)
      sent.push(...rounds.map((round) => `${competitionId}/${applicationId}/${round}`))
    } catch (error) {
      // One failing must not hold up the others; it is still to announce, so the next run retries it.
      log.error('Announcing a check-in failed; the next run retries it', { competitionId, applicationId, error })
    }
  }
  return sent
}

/** Emails one grantee the rounds now open, once: the grant records it in the same transaction. */
export async function announceCheckIns(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  competitionId: string,
  applicationId: string,
): Promise<CheckInRound[]> {
  for (let attempt = 1; ; attempt++) {
    const grant = await getGrant(ctx.db, competitionId, applicationId)
    const now = ctx.now()
    const rounds = grant ? roundsToAnnounce(grant, londonDate(now)) : []
    if (!grant || !rounds.length) return []
    const [candidate, competition] = await Promise.all([
      getCandidate(ctx.db, competitionId, applicationId),
      getCompetition(ctx.db, competitionId),
    ])
    const to = candidate?.contactEmail
    if (!to || !competition) {
      log.warn('A check-in opened for a grant with no contact to email', { competitionId, applicationId })
      return []
    }
    const at = now.toISOString()
    const checkIns = { ...grant.checkIns }
    for (const round of rounds) checkIns[round] = { ...checkIns[round], emailedAt: at }
    const next: Grant = { ...grant, version: grant.version + 1, checkIns }
    try {
      await commit(ctx.db, [
        grantPut(ctx.db, next, { version: grant.version, status: grant.status }),
        outboxPut(ctx.db, {
          id: newId(),
          to,
          kind: 'grant-check-in',
          createdAt: at,
          status: 'pending',
          ...checkInEmail(ctx, competition.title, grant, rounds),
        }),
      ])
      return rounds
    } catch (error) {
      // Another write of the grant (or another run announcing it) landed first: decide again.
      if (error instanceof ConditionFailed && error.failed('grant-version') && attempt < ATTEMPTS) continue
      throw error
    }
  }
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
/** A calendar date as people read it: "17 June 2028". */
const formatDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

function checkInEmail(ctx: Pick<Ctx, 'publicUrl'>, competitionTitle: string, grant: Grant, rounds: CheckInRound[]) {
  const named = rounds.map((r) => `${r}-month`).join(' and ')
  return {
    subject: `Your ${named} check-in for “${competitionTitle}” is open`,
    text: [
      `${grant.organisationName}’s grant from “${competitionTitle}” ended on ${formatDate(grant.endsOn)}. We would like to hear how things have gone since: any follow-on funding, public bodies now using your solution, jobs created or safeguarded, and your indicators.`,
      '',
      'It takes a few minutes: what we already know is filled in for you, and if there is nothing to report you can say so.',
      '',
      ...rounds.map(
        (round) => `Your ${round}-month check-in: ${pageUrl(ctx, pagePaths.checkIn(grant.applicationId, round))}`,
      ),
    ].join('\n'),
  }
}
