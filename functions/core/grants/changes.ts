// Changes to a grant after acceptance. The grantee asks (extend a milestone, change the scope or
// the indicators, reduce the award); a programme manager approves or refuses, once; approval
// applies the change as a versioned, audited amendment in the same transaction as the decision.
// The manager can also reduce the award, terminate the grant and record a repayment.
//
// Money: a reduction or termination returns exactly the unpaid part to the pot (the unpaid
// tranches cut from the last backwards, or cancelled); money paid comes back only as a
// repayment. Each is one transaction: the grant at its version, the award's amount (kept equal
// to the grant's, the amount accepted kept as `acceptedAmountPence`), what the competition has
// committed and paid under its revision, and a ledger entry. A lost race reads again and decides
// again, so a repeat or a stale version is a 409 saying what happened.
import { grantMoves } from '../funnel/funnel.js'
import type { Award } from '../../../shared/schemas/awards.js'
import {
  GRANT_CHANGE_LIMITS,
  MAX_EXTENSION_DAYS,
  type ChangeDecisionInput,
  type ChangeRequest,
  type ChangeRequestInput,
  type ReduceAwardInput,
  type RepaymentInput,
  type TerminateGrantInput,
} from '../../../shared/schemas/grant-changes.js'
import type { Amendment, Grant, GrantProgress, Indicator } from '../../../shared/schemas/grants.js'
import type { FieldError } from '../../../shared/schemas/common.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { awardAccepted, awardPut, candidateAward, getAward, ledgerPut, moneyChange } from '../../db/awards-repo.js'
import { type CompetitionAggregate, getCompetitionAggregate } from '../../db/competitions-repo.js'
import { changeRequestPut, getChangeRequest, listChangeRequestsByGrant } from '../../db/grant-changes-repo.js'
import { getGrant, grantPut } from '../../db/grants-repo.js'
import { commit, ConditionFailed, Contended, type Write } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { ledgerEntry } from '../awards/awards.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { changeDecidedEmail } from './change-email.js'
import { getOwnGrant } from './grants.js'

/** Racing changes to one grant (or payments from one pot) read again and decide again, this often at most. */
const ATTEMPTS = 12

type Who = Pick<User, 'id' | 'name'>

// — The grantee —

/** The grantee asks for a change to their active grant; at most a few wait for a decision at once. */
export async function requestChange(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  input: ChangeRequestInput,
): Promise<ChangeRequest> {
  const own = await getOwnGrant(ctx, applicant, applicationId)
  const id = newId()
  const { result } = await amend(ctx, own.competitionId, applicationId, ({ grant, award }, now) => {
    if (grant.status !== 'active') throw notActive(grant, 'A change can be asked for')
    const openChanges = grant.openChanges ?? 0
    const changeRequests = grant.changeRequests ?? 0
    if (openChanges >= GRANT_CHANGE_LIMITS.open)
      throw new StateConflict(
        `${openChanges} change requests are waiting for a decision: wait for an answer before asking for another.`,
      )
    if (changeRequests >= GRANT_CHANGE_LIMITS.total)
      throw new StateConflict(
        `This grant has had ${GRANT_CHANGE_LIMITS.total} change requests: contact the programme team directly.`,
      )
    // Checked now, so the grantee hears at once; checked again on the grant as it is when decided.
    applyChange(grant, award, input)
    const change: ChangeRequest = {
      id,
      competitionId: grant.competitionId,
      applicationId,
      request: input,
      status: 'open',
      version: 1,
      requestedAt: now.toISOString(),
      requestedBy: applicant.id,
      requestedByName: applicant.name,
    }
    return {
      grant: {
        ...grant,
        version: grant.version + 1,
        openChanges: openChanges + 1,
        changeRequests: changeRequests + 1,
      },
      writes: [changeRequestPut(ctx.db, change, 'new')],
      result: change,
    }
  })
  return result
}

/** The grantee's own change requests, newest first (anyone else's grant: the same 404 as none). */
export async function listOwnChanges(ctx: Ctx, applicant: User, applicationId: string): Promise<ChangeRequest[]> {
  const grant = await getOwnGrant(ctx, applicant, applicationId)
  return listChangeRequestsByGrant(ctx.db, grant.competitionId, applicationId)
}

// — The programme manager —

/** A grant's change requests, newest first; 404 where there is no grant. */
export async function listGrantChanges(ctx: Ctx, competitionId: string, applicationId: string) {
  if (!(await getGrant(ctx.db, competitionId, applicationId))) throw new NotFound('grant')
  return listChangeRequestsByGrant(ctx.db, competitionId, applicationId)
}

/**
 * Approves or refuses a change request, once: the request is marked decided in the same
 * transaction as the grant's amendment (approval) or its count of open requests (refusal).
 */
export async function decideChange(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  changeId: string,
  input: ChangeDecisionInput,
): Promise<{ change: ChangeRequest; grant: Grant }> {
  const candidate = await getCandidate(ctx.db, competitionId, applicationId)
  const { grant, result } = await amend(ctx, competitionId, applicationId, async ({ grant, award, aggregate }, now) => {
    const change = await getChangeRequest(ctx.db, competitionId, applicationId, changeId)
    if (!change) throw new NotFound('change request')
    if (change.status !== 'open') throw decidedAlready(change)
    if (change.version !== input.version) throw new VersionConflict('change request', change.version)
    const at = now.toISOString()
    const decided: ChangeRequest = {
      ...change,
      status: input.decision === 'approve' ? 'approved' : 'refused',
      version: change.version + 1,
      decidedAt: at,
      decidedBy: manager.id,
      decidedByName: manager.name,
      ...(input.reason ? { decisionReason: input.reason } : {}),
    }
    const counted = { ...grant, openChanges: Math.max(0, (grant.openChanges ?? 0) - 1) }
    const to = candidate?.contactEmail
    const writes = [
      changeRequestPut(ctx.db, decided, { version: change.version }),
      ...(to
        ? [
            changeDecidedEmail(ctx, to, {
              competitionTitle: aggregate.competition.title,
              grant,
              change: decided,
              at,
            }),
          ]
        : []),
    ]
    if (input.decision === 'refuse')
      return { grant: { ...counted, version: grant.version + 1 }, writes, result: decided }
    if (grant.status !== 'active') throw notActive(grant, 'A change can be approved')
    const applied = applyChange(counted, award, change.request)
    return {
      ...amended(applied, manager, now, {
        kind: change.request.kind,
        reason: change.request.reason,
        changeId: change.id,
      }),
      writes,
      result: decided,
    }
  })
  return { change: result, grant }
}

/** Reduces the award of an active grant: the unpaid tranches are cut from the last backwards. */
export async function reduceAward(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: ReduceAwardInput,
): Promise<Grant> {
  const { grant } = await amend(ctx, competitionId, applicationId, ({ grant, award }, now) => {
    if (grant.status !== 'active') throw notActive(grant, 'An award can be reduced')
    if (grant.version !== input.version) throw new VersionConflict('grant', grant.version)
    const applied = applyChange(grant, award, { kind: 'reduce', amountPence: input.amountPence, reason: input.reason })
    return { ...amended(applied, manager, now, { kind: 'reduce', reason: input.reason }), result: undefined }
  })
  return grant
}

/**
 * Ends a grant sent or active: every unpaid tranche is cancelled, and the award comes down to
 * what is paid, the rest back to the pot. Requests waiting for a decision are refused with it.
 */
export async function terminateGrant(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: TerminateGrantInput,
): Promise<Grant> {
  const { grant } = await amend(ctx, competitionId, applicationId, async ({ grant, award }, now) => {
    if (grant.status === 'terminated') throw terminatedAlready(grant)
    if (grant.status !== 'sent' && grant.status !== 'active') throw notActive(grant, 'A grant can be terminated')
    if (grant.version !== input.version) throw new VersionConflict('grant', grant.version)
    const at = now.toISOString()
    const open = grant.openChanges
      ? (await listChangeRequestsByGrant(ctx.db, competitionId, applicationId)).filter((c) => c.status === 'open')
      : []
    const refusals = open.map((change) =>
      changeRequestPut(
        ctx.db,
        {
          ...change,
          status: 'refused',
          version: change.version + 1,
          decidedAt: at,
          decidedBy: manager.id,
          decidedByName: manager.name,
          decisionReason: `The grant was terminated: ${input.reason}`,
        },
        { version: change.version },
      ),
    )
    const released = grant.awardPence - grant.paidPence
    const progress = grant.progress && {
      ...grant.progress,
      tranches: Object.fromEntries(
        Object.entries(grant.progress.tranches).map(([id, t]) => [
          id,
          t.status === 'paid' || t.status === 'cancelled' ? t : { ...t, status: 'cancelled' as const },
        ]),
      ),
    }
    const applied: Applied = {
      grant: { ...grant, status: 'terminated', awardPence: grant.paidPence, openChanges: 0, progress },
      changes: [
        { field: 'status', from: grant.status, to: 'terminated' },
        { field: 'awardPence', from: grant.awardPence, to: grant.paidPence },
      ],
      money: { award, releasedPence: released, repaidPence: 0, cause: 'terminated' },
    }
    return {
      ...amended(applied, manager, now, { kind: 'terminate', reason: input.reason }),
      writes: refusals,
      result: undefined,
    }
  })
  return grant
}

/**
 * Records money the grantee paid back: off what is paid and what is committed both (the award
 * comes down by as much), so it returns to the pot. At most what is paid.
 */
export async function recordRepayment(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: RepaymentInput,
): Promise<Grant> {
  const { grant } = await amend(ctx, competitionId, applicationId, ({ grant, award }, now) => {
    if (grant.status === 'draft' || grant.status === 'sent')
      throw new StateConflict(`This grant is ${grant.status}: nothing has been paid, so nothing can be repaid.`)
    if (grant.version !== input.version) throw new VersionConflict('grant', grant.version)
    if (input.amountPence > grant.paidPence)
      throw new RuleViolated(
        `${formatPence(grant.paidPence)} has been paid on this grant: a repayment cannot be more.`,
        [{ field: 'amountPence', message: `must be at most ${formatPence(grant.paidPence)}, what is paid` }],
      )
    const applied: Applied = {
      grant: {
        ...grant,
        awardPence: grant.awardPence - input.amountPence,
        paidPence: grant.paidPence - input.amountPence,
        repaidPence: (grant.repaidPence ?? 0) + input.amountPence,
      },
      changes: [
        { field: 'awardPence', from: grant.awardPence, to: grant.awardPence - input.amountPence },
        { field: 'paidPence', from: grant.paidPence, to: grant.paidPence - input.amountPence },
        {
          field: 'repaidPence',
          from: grant.repaidPence ?? 0,
          to: (grant.repaidPence ?? 0) + input.amountPence,
        },
      ],
      money: { award, releasedPence: input.amountPence, repaidPence: input.amountPence, cause: 'repaid' },
    }
    return {
      ...amended(applied, manager, now, {
        kind: 'repayment',
        reason: `${input.reason} (received ${input.receivedOn}, reference ${input.reference})`,
      }),
      result: undefined,
    }
  })
  return grant
}

// — One read, one decision, one transaction —

type Loaded = { grant: Grant; award: Award; aggregate: CompetitionAggregate }

/** A change decided on one read: the grant as it becomes, money moved with it, and other writes. */
type Plan<T> = {
  grant: Grant
  money?: Money
  reason?: string
  by?: Who
  writes?: Write[]
  result: T
}

type Money = {
  award: Award
  /** What goes back to the pot: off what is committed, and off the award. */
  releasedPence: number
  /** Of it, what was paid and has come back (off what is paid too). */
  repaidPence: number
  cause: 'reduced' | 'terminated' | 'repaid'
}

/**
 * Reads the grant, its award and the competition, decides, and writes it all or nothing; when
 * another change moved any of them meanwhile, reads again and decides again.
 */
async function amend<T>(
  ctx: Ctx,
  competitionId: string,
  applicationId: string,
  decide: (loaded: Loaded, now: Date) => Plan<T> | Promise<Plan<T>>,
): Promise<Plan<T>> {
  for (let attempt = 1; ; attempt++) {
    const [aggregate, grant, award] = await Promise.all([
      getCompetitionAggregate(ctx.db, competitionId, { consistent: true }),
      getGrant(ctx.db, competitionId, applicationId),
      getAward(ctx.db, competitionId, applicationId),
    ])
    if (!aggregate || !grant || !award) throw new NotFound('grant')
    const now = ctx.now()
    const plan = await decide({ grant, award, aggregate }, now)
    const writes: Write[] = [
      grantPut(ctx.db, plan.grant, { version: grant.version, status: grant.status }),
      ...(plan.money ? moneyWrites(ctx, aggregate, plan, now) : [awardAccepted(ctx.db, award)]),
      ...(plan.writes ?? []),
      ...(await grantMoves(ctx, competitionId, applicationId, grant.status, plan.grant.status)),
    ]
    try {
      await commit(ctx.db, writes)
      return plan
    } catch (error) {
      const raced =
        error instanceof Contended ||
        (error instanceof ConditionFailed &&
          ['grant-version', 'competition-revision', 'award-version', 'award-accepted', 'change-open'].some((g) =>
            error.failed(g),
          ))
      if (!raced) throw error
      if (attempt >= ATTEMPTS)
        throw new StateConflict('This grant is being changed by someone else right now. Reload it and try again.')
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

/** The award's new amount, the competition's committed and paid totals, and the ledger entry. */
function moneyWrites(ctx: Ctx, { competition, revision }: CompetitionAggregate, plan: Plan<unknown>, now: Date) {
  const { award, releasedPence, repaidPence, cause } = plan.money!
  const next: Award = {
    ...award,
    amountPence: award.amountPence - releasedPence,
    acceptedAmountPence: award.acceptedAmountPence ?? award.amountPence,
    version: award.version + 1,
  }
  const paidAfterPence = competition.paidPence - repaidPence
  const entry = {
    ...ledgerEntry(competition, next, cause, -releasedPence, competition.committedPence, plan.by!, now, plan.reason),
    paidChangePence: -repaidPence,
    paidAfterPence,
  }
  return [
    awardPut(ctx.db, next, { version: award.version, status: award.status }),
    candidateAward(ctx.db, next, { requireShortlisted: false }),
    moneyChange(ctx.db, {
      competitionId: competition.id,
      expectedRevision: revision,
      committedPence: entry.committedAfterPence,
      paidPence: paidAfterPence,
    }),
    ledgerPut(ctx.db, entry, { expectedRevision: revision }),
  ]
}

type FieldChange = Amendment['changes'][number]
type Applied = { grant: Grant; changes: FieldChange[]; money?: Money }

/** The grant as an applied change leaves it, at its next version, with the amendment that records it. */
function amended(
  { grant, changes, money }: Applied,
  by: Who,
  now: Date,
  what: Pick<Amendment, 'kind' | 'reason' | 'changeId'>,
): Omit<Plan<never>, 'result'> {
  const amendments = grant.amendments ?? []
  if (amendments.length >= GRANT_CHANGE_LIMITS.amendments)
    throw new StateConflict(
      `This grant has been amended ${amendments.length} times, the most it can hold: contact the service team.`,
    )
  const at = now.toISOString()
  const version = grant.version + 1
  const amendment: Amendment = { version, ...what, at, by: by.id, byName: by.name, changes }
  return {
    grant: {
      ...grant,
      version,
      updatedAt: at,
      updatedBy: by.id,
      updatedByName: by.name,
      amendments: [...amendments, amendment],
    },
    money,
    reason: what.reason,
    by,
  }
}

// — Rules —

/**
 * What a change does to the grant as it is now (not yet versioned), or a 422 naming the field
 * when it cannot apply: a milestone already approved, a date not later, indicators that do not
 * hold together, an amount not between what is paid and the award.
 */
export function applyChange(grant: Grant, award: Award, request: ChangeRequestInput): Applied {
  const refuse = (field: string, message: string, detail = `The change cannot be made: ${field} ${message}.`) =>
    new RuleViolated(detail, [{ field, message }])
  switch (request.kind) {
    case 'extend': {
      const milestone = grant.milestones.find((m) => m.id === request.milestoneId)
      const progress = grant.progress?.milestones[request.milestoneId]
      if (!milestone || !progress) throw refuse('milestoneId', 'names no milestone of this grant')
      if (progress.status === 'approved')
        throw refuse('milestoneId', `is approved already: “${milestone.title}” needs no more time`)
      if (request.newDueOn <= progress.dueOn)
        throw refuse('newDueOn', `must be after ${longDate(progress.dueOn)}, when “${milestone.title}” is due now`)
      const latest = addDays(grant.endsOn, MAX_EXTENSION_DAYS)
      if (request.newDueOn > latest)
        throw refuse(
          'newDueOn',
          `must be on or before ${longDate(latest)}: one extension moves a milestone at most ${MAX_EXTENSION_DAYS} days past the grant’s end date`,
        )
      const { remindedDueAt: _due, remindedOverdueAt: _overdue, ...kept } = progress
      const movesEnd = request.newDueOn > grant.endsOn
      return {
        grant: {
          ...grant,
          ...(movesEnd ? { endsOn: request.newDueOn } : {}),
          progress: {
            ...grant.progress!,
            // Reminders start again for the new date.
            milestones: { ...grant.progress!.milestones, [milestone.id]: { ...kept, dueOn: request.newDueOn } },
          },
        },
        changes: [
          { field: `milestones.${milestone.id}.dueOn`, from: progress.dueOn, to: request.newDueOn },
          ...(movesEnd ? [{ field: 'endsOn', from: grant.endsOn, to: request.newDueOn }] : []),
        ],
      }
    }
    case 'scope':
      if (request.scope === grant.scope) throw refuse('scope', 'is the same as it is now')
      return {
        grant: { ...grant, scope: request.scope },
        changes: [{ field: 'scope', from: grant.scope ?? '(as in the application)', to: request.scope }],
      }
    case 'indicators': {
      const problems = indicatorProblems(request.indicators)
      if (problems.length)
        throw new RuleViolated(
          `The indicators cannot be changed: ${problems
            .slice(0, 5)
            .map((p) => `${p.field} ${p.message}`)
            .join('; ')}.`,
          problems,
        )
      return {
        // Actuals already recorded stay, kept by indicator id.
        grant: { ...grant, indicators: request.indicators },
        changes: [{ field: 'indicators', from: summarise(grant.indicators), to: summarise(request.indicators) }],
      }
    }
    case 'reduce': {
      if (grant.status !== 'active' || !grant.progress) throw notActive(grant, 'An award can be reduced')
      if (request.amountPence >= grant.awardPence)
        throw refuse('amountPence', `must be less than the award of ${formatPence(grant.awardPence)}`)
      if (request.amountPence < grant.paidPence)
        throw refuse(
          'amountPence',
          `must be at least ${formatPence(grant.paidPence)}, what is paid: money paid comes back only as a repayment`,
        )
      const progress = cutTranches(grant, grant.awardPence - request.amountPence)
      return {
        grant: { ...grant, awardPence: request.amountPence, progress, status: finished(grant, progress) },
        changes: [{ field: 'awardPence', from: grant.awardPence, to: request.amountPence }],
        money: { award, releasedPence: grant.awardPence - request.amountPence, repaidPence: 0, cause: 'reduced' },
      }
    }
  }
}

/**
 * Takes `cutPence` off the unpaid tranches, from the last backwards: a tranche cut to nothing is
 * cancelled (keeping the amount it held, which went back to the pot), a part-cut one pays less.
 */
export function cutTranches(grant: Pick<Grant, 'tranches' | 'progress'>, cutPence: number): GrantProgress {
  const progress = grant.progress!
  const tranches = { ...progress.tranches }
  let left = cutPence
  for (const { id } of [...grant.tranches].reverse()) {
    const tranche = tranches[id]
    if (!tranche || tranche.status === 'paid' || tranche.status === 'cancelled' || left === 0) continue
    const cut = Math.min(left, tranche.amountPence)
    left -= cut
    tranches[id] =
      cut === tranche.amountPence
        ? { ...tranche, status: 'cancelled' }
        : { ...tranche, amountPence: tranche.amountPence - cut }
  }
  if (left !== 0) throw new Error(`${left}p could not be cut from the unpaid tranches`)
  return { ...progress, tranches }
}

/** Completed once every milestone is approved and every tranche not cancelled is paid; otherwise as it was. */
function finished(grant: Grant, progress: GrantProgress): Grant['status'] {
  const done =
    Object.values(progress.milestones).every((m) => m.status === 'approved') &&
    Object.values(progress.tranches).every((t) => t.status === 'paid' || t.status === 'cancelled')
  return done ? 'completed' : grant.status
}

/** The rules set-up checks of indicators: ids unique, each target after its baseline. */
function indicatorProblems(indicators: Indicator[]): FieldError[] {
  const problems: FieldError[] = []
  const seen = new Set<string>()
  indicators.forEach((indicator, i) => {
    if (seen.has(indicator.id)) problems.push({ field: `indicators.${i}.id`, message: 'is used twice' })
    seen.add(indicator.id)
    indicator.targets.forEach((target, j) => {
      if (target.on <= indicator.baseline.on)
        problems.push({ field: `indicators.${i}.targets.${j}.on`, message: 'must be after the baseline’s date' })
    })
  })
  return problems
}

/** Indicators in one line each way of an amendment. */
function summarise(indicators: Indicator[]): string {
  if (!indicators.length) return '(none)'
  const text = indicators
    .map(
      (i) =>
        `${i.measure} (${i.unit}, ${i.better} is better): ${i.baseline.value} on ${i.baseline.on}; targets ${i.targets.map((t) => `${t.value} by ${t.on}`).join(', ')}`,
    )
    .join(' | ')
  return text.length > 4000 ? `${text.slice(0, 3999)}…` : text
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const longDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

const notActive = (grant: Grant, what: string) =>
  grant.status === 'terminated'
    ? terminatedAlready(grant)
    : new StateConflict(`${what} only while the grant is active; this grant is ${grant.status}.`)

const terminatedAlready = (grant: Grant) => {
  const ended = grant.amendments?.findLast((a) => a.kind === 'terminate')
  return new StateConflict(
    `This grant was terminated${ended ? ` by ${ended.byName} on ${formatLondon(ended.at)}` : ''}: it can no longer be changed, and only a repayment can be recorded.`,
  )
}

const decidedAlready = (change: ChangeRequest) =>
  new StateConflict(
    `This change request was ${change.status}${change.decidedByName ? ` by ${change.decidedByName}` : ''}${change.decidedAt ? ` on ${formatLondon(change.decidedAt)}` : ''}: a request is decided once.`,
  )
