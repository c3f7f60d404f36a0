// Releasing decisions and feedback to every applicant at once, now or at a set time.
//
// The release item holds the state: draft → scheduled → releasing → released. Applicants see
// their decision from `releasedAt` (or, for a scheduled release, from the scheduled time, even
// if the scheduler runs late). Claiming the release (scheduled → releasing) is a conditional
// write, so a release triggered twice happens once. Each applicant's email is then written in
// transactions of up to 98 emails, each moving the release's cursor on from the version it was
// read at (the last also marks it released): a second worker, or a retry after a crash, can
// never write an applicant's email twice, and picks up where the first stopped. No
// per-applicant read: one query of the candidates, one of the awards, then the writes; each
// write says what it replaces, so the audit reads nothing either.
import type { Award } from '../../../shared/schemas/awards.js'
import type { Candidate } from '../../../shared/schemas/assessing.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import type { FeedbackRelease, Outcome, ReleaseInput } from '../../../shared/schemas/feedback.js'
import type { User } from '../../../shared/schemas/user.js'
import { holdsMoney } from '../../../shared/schemas/awards.js'
import { outcomeNames } from '../../../shared/labels.js'
import { formatLondon } from '../../../shared/dates.js'
import { getPitchSchedule, readCandidates, readRankingInputs } from '../../db/assessing-repo.js'
import { getAwardsAndLedger } from '../../db/awards-repo.js'
import { listApplicationsByCompetition } from '../../db/applications-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import {
  getAssessmentLock,
  getFeedbackPartition,
  getRelease,
  listDueReleases,
  lockAssessment,
  releasePut,
  unlockAssessment,
} from '../../db/feedback-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, ConditionFailed, Contended } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { offerEmail } from '../awards/awards.js'
import { withPartnerships } from '../assessing/ranking.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { log } from '../log.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { feedbackState, outcomeOf } from './compose.js'
import { isReleased, MIN_ANSWER_MS, panelReadiness, pitchEndsAt } from './gate.js'

/** Emails per transaction: DynamoDB's 100 items, less the release item that moves the cursor and the audit's intent. */
export const RELEASE_CHUNK = 98

/**
 * The programme manager releases, now or at `input.at`. Refused while an application has no
 * final decision, while a shortlisted application's pitch is not over by then, while a seated
 * panellist has not submitted their scores (unless a reason is given), while one lacks
 * feedback (unless confirmed), and where an offer's answer-by date would have passed by then.
 * The release locks the assessment in its transaction, on condition that nothing that shaped a
 * decision changed since these checks read it.
 */
export async function requestRelease(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  input: ReleaseInput,
  onReleased?: ReleaseObserver,
): Promise<FeedbackRelease> {
  const now = ctx.now()
  // Read before everything it guards: a decision-shaping write after this read makes the release's lock fail.
  const lock = await getAssessmentLock(ctx.db, competitionId)
  const [aggregate, assessment, schedule, partition, { awards }] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId, { consistent: true }),
    // A panellist partnered with an applicant through matching is conflicted: no sheet is awaited from them.
    readRankingInputs(ctx.db, competitionId, { consistent: true }).then((inputs) =>
      withPartnerships(ctx, competitionId, inputs),
    ),
    getPitchSchedule(ctx.db, competitionId),
    getFeedbackPartition(ctx.db, competitionId, { consistent: true, text: false }),
    getAwardsAndLedger(ctx.db, competitionId),
  ])
  if (aggregate?.competition.status !== 'published') throw new NotFound('competition')
  const { release } = partition
  if (release.version !== input.version) throw new VersionConflict('release', release.version)
  // Released, or scheduled for a time now past (applicants see it, though the scheduler has not run): never again, nor later.
  if (isReleased(release, now))
    throw new StateConflict(
      `Decisions and feedback were released ${formatLondon((release.releasedAt ?? release.scheduledAt)!)}.`,
    )
  const at = input.at ? new Date(input.at) : now
  if (input.at && at <= now)
    throw new RuleViolated('A scheduled release must be in the future.', [
      { field: 'at', message: 'must be in the future' },
    ])
  // Everyone who may still submit must be able to be decided: the release waits for the deadline and every extension.
  const stillOpen = await stillTakingSubmissions(ctx, aggregate.competition, now)
  if (stillOpen)
    throw new RuleViolated(`${stillOpen}: decisions can be released once no one can submit.`, [
      { field: 'competition', message: 'still takes expressions of interest' },
    ])

  const { candidates } = assessment
  if (!candidates.length)
    throw new RuleViolated('There are no applications to release decisions to.', [
      { field: 'applications', message: 'has none submitted' },
    ])
  const undecided = candidates.filter((c) => !outcomeOf(c))
  if (undecided.length) {
    throw new RuleViolated(
      `${count(undecided.length, 'application has', 'applications have')} no final decision yet: ${names(undecided)}.`,
      [
        {
          field: 'applications',
          message: 'must each have a final decision (not eligible, not shortlisted, or shortlisted)',
        },
      ],
    )
  }
  const slots = schedule?.slots ?? []
  const { pitchesAhead, unsubmitted } = panelReadiness(
    {
      candidates,
      slots,
      members: assessment.members,
      declarations: assessment.declarations,
      sheets: assessment.sheets,
    },
    at,
  )
  if (pitchesAhead.length) {
    // The decision would reach the applicant before the panel has heard them.
    const last = pitchesAhead.reduce((a, b) => (pitchEndsAt(a) > pitchEndsAt(b) ? a : b))
    const field = input.at ? 'at' : 'pitches'
    throw new RuleViolated(
      `${pitchesAhead.map((s) => `${s.organisationName} pitches ${formatLondon(s.startsAt)}`).join('; ')}: decisions for shortlisted applicants can be released once every pitch is over. Release after ${formatLondon(pitchEndsAt(last).toISOString())}, or take a pitch that will not happen off the schedule.`,
      [{ field, message: `must be after the last pitch, which ends ${formatLondon(pitchEndsAt(last).toISOString())}` }],
    )
  }
  if (unsubmitted.length && !input.withoutSheetsReason) {
    const byPanellist = new Map<string, string[]>()
    for (const u of unsubmitted)
      byPanellist.set(u.panellistName, [...(byPanellist.get(u.panellistName) ?? []), u.organisationName])
    throw new RuleViolated(
      `${count(unsubmitted.length, 'score sheet is', 'score sheets are')} not submitted: ${[...byPanellist].map(([name, orgs]) => `${name} (${orgs.join(', ')})`).join('; ')}. Wait for the panel, or give a reason to release without them.`,
      [
        {
          field: 'withoutSheetsReason',
          message: `must say why to release while ${count(unsubmitted.length, 'score sheet is', 'score sheets are')} not submitted`,
        },
      ],
    )
  }
  const lacking = candidates.filter((c) =>
    ['missing', 'empty'].includes(feedbackState(partition.feedback.get(c.applicationId))),
  )
  if (lacking.length && !input.confirmMissing) {
    throw new RuleViolated(
      `${count(lacking.length, 'application has', 'applications have')} no feedback: ${names(lacking)}. Write it, or confirm to release without it.`,
      [
        {
          field: 'confirmMissing',
          message: `must be true to release while ${count(lacking.length, 'application lacks', 'applications lack')} feedback`,
        },
      ],
    )
  }
  const lapsing = awards.filter(
    (a) => a.status === 'offered' && Date.parse(a.respondBy) <= at.getTime() + MIN_ANSWER_MS,
  )
  if (lapsing.length) {
    throw new RuleViolated(
      `The offer to ${lapsing.map((a) => a.organisationName).join(', ')} must be answered by ${formatLondon(lapsing[0]!.respondBy)}: too soon after the release. Withdraw and award it again with a later date.`,
      [{ field: 'at', message: 'must leave offers at least a day to be answered' }],
    )
  }

  const decided = {
    releasedBy: manager.id,
    releasedByName: manager.name,
    withoutSheetsReason: unsubmitted.length ? input.withoutSheetsReason : undefined,
    version: release.version + 1,
  }
  const next: FeedbackRelease = input.at
    ? { ...release, status: 'scheduled', scheduledAt: at.toISOString(), ...decided }
    : { ...release, status: 'releasing', scheduledAt: undefined, releasedAt: now.toISOString(), ...decided }
  await commit(
    ctx.db,
    [releasePut(ctx.db, next, release.version), lockAssessment(ctx.db, competitionId, lock, now.toISOString())],
    {
      'lock-unchanged': () =>
        new StateConflict(
          'Scores or decisions changed while the release was being checked: nothing was released. Check the applications again, then release.',
        ),
      'release-version': () => new VersionConflict('release'),
    },
  )
  if (next.status === 'scheduled') return next
  return advanceRelease(ctx, competitionId, next, onReleased)
}

/** Takes a scheduled release off the schedule, before it is due. */
export async function cancelRelease(ctx: Ctx, competitionId: string, version: number): Promise<FeedbackRelease> {
  const release = await releaseOf(ctx, competitionId)
  if (release.version !== version) throw new VersionConflict('release', release.version)
  const now = ctx.now()
  const tooLate = () => new StateConflict('Only a scheduled release that has not happened yet can be cancelled.')
  if (release.status !== 'scheduled' || isReleased(release, now)) throw tooLate()
  const next: FeedbackRelease = {
    ...release,
    status: 'draft',
    scheduledAt: undefined,
    releasedBy: undefined,
    releasedByName: undefined,
    version: release.version + 1,
  }
  // Conditioned on still not being due as it is written, not only as it was read.
  await commit(
    ctx.db,
    [releasePut(ctx.db, next, version, { notDueBy: now.toISOString() }), unlockAssessment(ctx.db, competitionId)],
    { 'release-version': tooLate },
  )
  return next
}

/** The per-competition setting: show applicants their scores against the funded average. */
export async function saveFeedbackSettings(
  ctx: Ctx,
  competitionId: string,
  input: { version: number; showScores: boolean; unsuccessfulRetentionMonths?: number },
): Promise<FeedbackRelease> {
  const release = await releaseOf(ctx, competitionId)
  if (release.version !== input.version) throw new VersionConflict('feedback settings', release.version)
  const next = {
    ...release,
    showScores: input.showScores,
    ...(input.unsuccessfulRetentionMonths ? { unsuccessfulRetentionMonths: input.unsuccessfulRetentionMonths } : {}),
    version: release.version + 1,
  }
  await saveRelease(ctx, next, input.version)
  return next
}

/** The release of a competition that exists; 404 otherwise. */
async function releaseOf(ctx: Ctx, competitionId: string): Promise<FeedbackRelease> {
  const [aggregate, release] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getRelease(ctx.db, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  return release
}

/** Why the competition may still get submissions (its deadline, or an extension, still ahead), or undefined. */
async function stillTakingSubmissions(ctx: Ctx, competition: Competition, now: Date): Promise<string | undefined> {
  const closes = competition.timeline.eoiClosesAt
  if (!closes || Date.parse(closes) > now.getTime())
    return closes ? `The EOI deadline is ${formatLondon(closes)}` : 'The competition has no EOI deadline'
  // Only drafts can still be submitted, and only with an extension still running.
  let cursor: string | undefined
  do {
    const page = await listApplicationsByCompetition(ctx.db, competition.id, { status: 'draft', limit: 100, cursor })
    const extended = page.items.find((a) => a.extension && Date.parse(a.extension.until) > now.getTime())
    if (extended)
      return `${extended.organisationName} has an extension until ${formatLondon(extended.extension!.until)}`
    cursor = page.nextCursor
  } while (cursor)
  return undefined
}

async function saveRelease(ctx: Ctx, next: FeedbackRelease, expectedVersion: number) {
  await commit(ctx.db, [releasePut(ctx.db, next, expectedVersion)], {
    'release-version': () => new VersionConflict('release'),
  })
}

/** Told when a release is finished, by the one worker whose commit finished it (the handler layer counts it). */
export type ReleaseObserver = (release: FeedbackRelease) => void

/** Runs every release that is due (the scheduler calls this); returns the competitions released. */
export async function runDueReleases(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  onReleased?: ReleaseObserver,
): Promise<string[]> {
  const due = await listDueReleases(ctx.db, ctx.now().toISOString())
  const done: string[] = []
  for (const competitionId of due) {
    try {
      const release = await advanceRelease(ctx, competitionId, undefined, onReleased)
      if (release.status === 'released') done.push(competitionId)
    } catch (error) {
      // One release failing must not hold up the others; it stays due, so the next run retries it.
      log.error('Release failed; it stays due', { competitionId, error })
    }
  }
  return done
}

/**
 * Claims a due scheduled release and writes its emails, or carries on with one under way.
 * Safe to call any number of times, from any number of places at once. `written`: the release
 * as the caller has just committed it (else it is read).
 */
export async function advanceRelease(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  competitionId: string,
  written?: FeedbackRelease,
  onReleased?: ReleaseObserver,
): Promise<FeedbackRelease> {
  let release = written ?? (await getRelease(ctx.db, competitionId))
  if (release.status === 'scheduled') {
    if (!isReleased(release, ctx.now())) return release
    const claimed: FeedbackRelease = {
      ...release,
      status: 'releasing',
      releasedAt: release.scheduledAt,
      version: release.version + 1,
    }
    try {
      await commit(ctx.db, [releasePut(ctx.db, claimed, release.version, { was: release })])
    } catch (error) {
      // Claimed (or cancelled) by someone else: theirs is the release.
      if (error instanceof ConditionFailed && error.failed('release-version')) return getRelease(ctx.db, competitionId)
      throw error
    }
    release = claimed
  }
  if (release.status !== 'releasing') return release
  return writeEmails(ctx, release, onReleased)
}

/** Times a worker carries on after the release changed under it with its cursor where it was (a settings change). */
const SETTINGS_RACES = 3

async function writeEmails(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  release: FeedbackRelease,
  onReleased?: ReleaseObserver,
): Promise<FeedbackRelease> {
  const { competitionId } = release
  const [aggregate, candidates, { awards }, { feedback }] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId, { consistent: true }),
    readCandidates(ctx.db, competitionId, { consistent: true }),
    getAwardsAndLedger(ctx.db, competitionId),
    getFeedbackPartition(ctx.db, competitionId, { consistent: true, text: false }),
  ])
  if (!aggregate) throw new NotFound('competition')
  const awardOf = new Map(awards.filter((a) => holdsMoney(a.status)).map((a) => [a.applicationId, a]))
  const at = ctx.now().toISOString()
  let current = release
  for (let races = 0; ; ) {
    // Candidates come in sort-key order, so the cursor (an application id) marks progress.
    const waiting = candidates.filter((candidate) => !current.cursor || candidate.applicationId > current.cursor)
    const chunk = waiting.slice(0, RELEASE_CHUNK)
    const emails = chunk.flatMap((candidate) =>
      // One decided after the release read its candidates (a race the release's checks narrow but cannot close) has no decision to tell.
      candidate.contactEmail && outcomeOf(candidate)
        ? [
            outboxPut(ctx.db, {
              id: newId(),
              to: candidate.contactEmail,
              kind: 'decision',
              competitionId,
              applicationId: candidate.applicationId,
              createdAt: at,
              status: 'pending',
              ...decisionEmail(
                ctx,
                aggregate.competition,
                candidate,
                awardOf.get(candidate.applicationId),
                feedback.get(candidate.applicationId),
              ),
            }),
          ]
        : [],
    )
    // The cursor moves only from the version read, so two workers never write the same emails; the last chunk finishes.
    const next: FeedbackRelease = {
      ...current,
      cursor: chunk.at(-1)?.applicationId ?? current.cursor,
      emailed: current.emailed + emails.length,
      status: waiting.length > chunk.length ? 'releasing' : 'released',
      version: current.version + 1,
    }
    try {
      await commit(ctx.db, [releasePut(ctx.db, next, current.version, { was: current }), ...emails])
    } catch (error) {
      const moved = error instanceof ConditionFailed && error.failed('release-version')
      if (!moved && !(error instanceof Contended)) throw error
      // Another worker moved the cursor first (or is writing the same chunk): it carries the release on.
      const now = await getRelease(ctx.db, competitionId)
      const settingsOnly = moved && now.status === 'releasing' && now.cursor === current.cursor
      if (!settingsOnly || ++races > SETTINGS_RACES) return now
      current = now
      continue
    }
    current = next
    if (current.status === 'released') {
      // Only the worker whose commit finished the release gets here, so it is told once.
      onReleased?.(current)
      return current
    }
  }
}

/**
 * Each applicant's one email: the decision, and where to read it (and, for an award, the offer).
 * It promises only what the page holds: feedback where it was written, support where it names services.
 */
function decisionEmail(
  ctx: Pick<Ctx, 'publicUrl'>,
  competition: Competition,
  candidate: Candidate,
  award: Award | undefined,
  feedback: { signposts: unknown[] } | undefined,
): { subject: string; text: string } {
  const outcome = outcomeOf(candidate) as Outcome
  const what = !feedback
    ? 'read your decision'
    : feedback.signposts.length
      ? 'read your decision and feedback, see where to find support next,'
      : 'read your decision and feedback,'
  const read = `Sign in to Challenge Fund to ${what} and ask for a feedback call: ${pageUrl(ctx, pagePaths.decision(candidate.applicationId))}`
  if (award) {
    const offer = offerEmail(competition, award, pageUrl(ctx, pagePaths.application(award.applicationId)))
    return { subject: offer.subject, text: [offer.text, '', read].join('\n') }
  }
  return {
    subject: `The decision on your expression of interest for “${competition.title}”`,
    text: [
      `Thank you for applying to “${competition.title}” with ${candidate.organisationName}.`,
      '',
      `Decision: ${outcomeNames[outcome]}.`,
      '',
      read,
    ].join('\n'),
  }
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
const names = (candidates: Candidate[]) =>
  candidates
    .slice(0, 5)
    .map((c) => c.organisationName)
    .join(', ') + (candidates.length > 5 ? ` and ${candidates.length - 5} more` : '')
