// Expressions of interest: started by an applicant's organisation, autosaved as drafts
// (versioned, so a stale tab cannot overwrite a newer save), submitted once before the
// deadline with a receipt email in the same transaction, or withdrawn.
import type {
  Answer,
  Application,
  ApplicationStatus,
  DraftChanges,
  ExtensionInput,
} from '../../../shared/schemas/application.js'
import type { FieldError, Page } from '../../../shared/schemas/common.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import type { Question } from '../../../shared/schemas/form.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import {
  getApplication,
  getClaim,
  insertApplication,
  listApplicationsByCompetition,
  listApplicationsByOrganisation,
  applicationPut,
} from '../../db/applications-repo.js'
import {
  getCompetitionAggregate,
  getRecentCompetitionAggregate,
  type CompetitionAggregate,
} from '../../db/competitions-repo.js'
import { InvalidCursor } from '../../db/cursor.js'
import { getMembership, getOrganisation } from '../../db/organisations-repo.js'
import { candidateDelete, candidatePut } from '../../db/assessing-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, ConditionFailed, Contended } from '../../db/write.js'
import { getReleases, releaseNotStarted } from '../../db/feedback-repo.js'
import { isManager, type Ctx } from '../context.js'
import { DeadlinePassed, NotFound, RuleViolated, StateConflict, ValidationFailed, VersionConflict } from '../errors.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { newId } from '../ids.js'
import { formIsOpen } from '../competitions/form.js'
import { isReleased } from '../feedback/gate.js'
import { whoAmI } from '../users/users.js'
import { sharedCompaniesHouseNumbers } from '../organisations/organisations.js'
import { engage, leadershipCellsOf, organisationKey } from '../funnel/funnel.js'
import { scopesFor } from '../funnel/scopes.js'
import { funnelCount, markApplied, readFunnelFacts } from '../../db/funnel-repo.js'
import { draftProblems, isFileAnswer, normaliseWebAddresses, submissionProblems } from './answer-rules.js'

/** Starts the organisation's EOI for an open competition; one per organisation, by the database. */
export async function startApplication(ctx: Ctx, user: User, competitionId: string): Promise<Application> {
  const organisationId = await getMembership(ctx.db, user.id)
  const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
  if (!organisation) {
    throw new RuleViolated('Register your organisation before starting an expression of interest.', [
      { field: 'organisation', message: 'is not registered yet' },
    ])
  }
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
  if (aggregate?.competition.status !== 'published') throw new NotFound('competition')
  const now = ctx.now()
  assertOpen(aggregate.competition, now)
  const at = now.toISOString()
  const application: Application = {
    id: newId(),
    competitionId,
    competitionTitle: aggregate.competition.title,
    organisationId: organisation.id,
    organisationName: organisation.name,
    status: 'draft',
    answers: {},
    themeIds: [],
    eligibilityConfirmed: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  }
  try {
    await insertApplication(ctx.db, application)
  } catch (error) {
    if (error instanceof ConditionFailed) {
      const existing = await getClaim(ctx.db, competitionId, organisation.id)
      throw new StateConflict(
        `${organisation.name} has already started an expression of interest for this competition (${existing}). Carry on with that one.`,
        [{ field: 'competitionId', message: 'already has an expression of interest from your organisation' }],
      )
    }
    throw error
  }
  await engage(ctx, competitionId, organisation.name, 'eoi')
  return application
}

/**
 * An EOI, for its own organisation's members or a programme manager; 404 for anyone else.
 * A manager sees a draft without its answers (enough to extend its deadline): until it is
 * submitted, what an applicant writes is theirs.
 */
export async function readApplication(ctx: Ctx, user: User, applicationId: string): Promise<Application> {
  const application = await getApplication(ctx.db, applicationId)
  if (!application) throw new NotFound('expression of interest')
  if (isManager(user)) return withSharedNumbers(ctx, [managerView(application)]).then(([flagged]) => flagged!)
  if (user.role === 'applicant' && (await getMembership(ctx.db, user.id)) === application.organisationId) {
    return applicantView(application, await releasedFor(ctx, [application]))
  }
  throw new NotFound('expression of interest')
}

/** Autosave: merges the changed answers into the draft if nobody saved since `version`. */
export async function saveDraft(
  ctx: Ctx,
  user: User,
  applicationId: string,
  changes: DraftChanges,
): Promise<Application> {
  const current = await ownApplication(ctx, user, applicationId)
  if (current.status !== 'draft')
    throw new StateConflict(`This expression of interest is ${current.status} and can no longer be edited.`)
  // An autosave checks answers against the form as read up to 2 s ago (a save is a few words,
  // many times a minute); submission reads it afresh.
  const aggregate = await getRecentCompetitionAggregate(ctx.db, current.competitionId)
  if (!aggregate) throw new NotFound('competition')
  assertBeforeDeadline(aggregate.competition, current, ctx.now())
  if (current.version !== changes.version) throw staleSave(current.version)

  const typed = Object.fromEntries(
    Object.entries(changes.answers ?? {}).filter((entry): entry is [string, Answer] => entry[1] !== null),
  )
  // "example.org" is saved as "https://example.org"; what is not a web address is refused now, not at submission.
  const { answers: incoming, problems: addressProblems } = normaliseWebAddresses(typed, aggregate.questions)
  const answers = { ...current.answers }
  for (const [id, answer] of Object.entries(changes.answers ?? {})) {
    if (answer !== null && isFileAnswer(answer)) {
      throw new RuleViolated('Files are attached through their own upload, not saved as answers.', [
        { field: `answers.${id}`, message: 'must be uploaded as a file' },
      ])
    }
    if (answer === null) delete answers[id]
    else answers[id] = incoming[id]!
  }
  const next: Application = {
    ...current,
    answers,
    amountRequestedPence:
      changes.amountRequestedPence === null
        ? undefined
        : (changes.amountRequestedPence ?? current.amountRequestedPence),
    themeIds: changes.themeIds ?? current.themeIds,
    eligibilityConfirmed: changes.eligibilityConfirmed ?? current.eligibilityConfirmed,
    version: current.version + 1,
    updatedAt: ctx.now().toISOString(),
  }
  // Only what this save changes is checked: an answer the applicant did not touch, made
  // stale by a change to the competition, must not stop every later save.
  const changed = {
    answers: incoming,
    amountRequestedPence: changes.amountRequestedPence ?? undefined,
    themeIds: changes.themeIds ?? [],
    eligibilityConfirmed: changes.eligibilityConfirmed ?? [],
  }
  const problems = [
    ...addressProblems,
    ...draftProblems(changed, {
      competition: aggregate.competition,
      themes: aggregate.themes,
      form: aggregate.questions,
    }),
    ...sizeProblems(next),
  ]
  if (problems.length) throw new RuleViolated('Some answers cannot be saved.', problems)
  await commit(ctx.db, [applicationPut(ctx.db, next, { version: current.version, status: 'draft' })], {
    'application-version': () => staleSave(),
  })
  return next
}

/**
 * Submits the draft: every rule of the form checked, before the deadline, once. A repeat
 * (double click, retried request) gets the same receipt and sends no second email.
 */
/** Submits a draft, once; `onSubmitted` is told only by the call whose commit submitted it (not a repeat). */
export async function submitApplication(
  ctx: Ctx,
  user: User,
  applicationId: string,
  onSubmitted?: () => void,
): Promise<Application> {
  const current = await ownApplication(ctx, user, applicationId)
  if (current.status === 'submitted') return applicantView(current)
  if (current.status === 'withdrawn')
    throw new StateConflict('This expression of interest was withdrawn and cannot be submitted.')
  const aggregate = await competitionOf(ctx, current)
  const now = ctx.now()
  assertBeforeDeadline(aggregate.competition, current, now)
  const problems = submissionProblems(current, {
    competition: aggregate.competition,
    themes: aggregate.themes,
    form: aggregate.questions,
  })
  if (problems.length) {
    throw new RuleViolated(
      `Before you submit: ${problems.length} thing${problems.length === 1 ? '' : 's'} to put right.`,
      problems,
    )
  }
  const submitter = await whoAmI(ctx, user)
  const submitted: Application = {
    ...current,
    contact: { name: submitter.name, email: user.email },
    // An address saved before addresses were normalised is saved as it is now checked.
    answers: normaliseWebAddresses(current.answers, aggregate.questions).answers,
    status: 'submitted',
    submittedAt: now.toISOString(),
    receiptNumber: `EOI-${current.id.slice(-8)}`,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  }
  const receipt = receiptEmail(user.email, submitted, aggregate, pageUrl(ctx, pagePaths.application(submitted.id)))
  // The funnel counts it under its themes, their challenges and its organisation's leadership answers as they are now.
  const funnelScopes = scopesFor(
    submitted.themeIds,
    aggregate.themes,
    await leadershipCellsOf(ctx, submitted.organisationId),
  )
  try {
    await commit(ctx.db, [
      applicationPut(ctx.db, submitted, { version: current.version, status: 'draft' }),
      outboxPut(ctx.db, {
        id: newId(),
        to: user.email,
        kind: 'receipt',
        competitionId: submitted.competitionId,
        applicationId: submitted.id,
        createdAt: submitted.submittedAt!,
        status: 'pending',
        ...receipt,
      }),
      // Once decisions are released (or a release scheduled), no new candidate could be decided.
      releaseNotStarted(ctx.db, submitted.competitionId),
      // Submitted EOIs are the assessment's candidates; screening reads them from there.
      candidatePut(
        ctx.db,
        {
          applicationId: submitted.id,
          competitionId: submitted.competitionId,
          organisationId: submitted.organisationId,
          organisationName: submitted.organisationName,
          amountRequestedPence: submitted.amountRequestedPence,
          themeIds: submitted.themeIds,
          submittedAt: submitted.submittedAt!,
          receiptNumber: submitted.receiptNumber,
          contactEmail: user.email,
        },
        funnelScopes,
      ),
      funnelCount(ctx.db, submitted.competitionId, [
        { applicationId: submitted.id, deltas: { submitted: 1 }, scopes: funnelScopes },
      ])!,
      markApplied(ctx.db, submitted.competitionId, organisationKey(submitted.organisationName), submitted.submittedAt!),
    ])
  } catch (error) {
    if (!(error instanceof ConditionFailed || error instanceof Contended)) throw error
    if (
      error instanceof ConditionFailed &&
      !error.failed('application-version') &&
      error.failed('release-not-started')
    ) {
      throw decisionsReleased()
    }
    // Lost a race: with another submission (return its receipt) or with a save (try again).
    const latest = await getApplication(ctx.db, applicationId)
    if (latest?.status === 'submitted') return applicantView(latest)
    throw staleSave(latest?.version)
  }
  onSubmitted?.()
  return applicantView(submitted)
}

/** Withdraws a draft or a submitted EOI before the deadline. */
export async function withdrawApplication(
  ctx: Ctx,
  user: User,
  applicationId: string,
  version: number,
): Promise<Application> {
  const current = await ownApplication(ctx, user, applicationId)
  if (current.status === 'withdrawn') return current
  const aggregate = await competitionOf(ctx, current)
  const now = ctx.now()
  assertBeforeDeadline(aggregate.competition, current, now)
  if (current.version !== version) throw staleSave(current.version)
  const withdrawn: Application = {
    ...current,
    status: 'withdrawn',
    withdrawnAt: now.toISOString(),
    version: version + 1,
    updatedAt: now.toISOString(),
  }
  // A submitted one leaves the funnel's submitted count (never screened, so no later stage).
  const facts =
    current.status === 'submitted'
      ? (await readFunnelFacts(ctx.db, current.competitionId, [current.id])).get(current.id)
      : undefined
  await commit(
    ctx.db,
    [
      applicationPut(ctx.db, withdrawn, { version, status: current.status }),
      // Out of the assessment too, unless screening has begun on it.
      ...(current.status === 'submitted' ? [candidateDelete(ctx.db, current.competitionId, current.id)] : []),
      ...(facts
        ? [
            funnelCount(ctx.db, current.competitionId, [
              { applicationId: current.id, deltas: { submitted: -1 }, scopes: facts.scopes },
            ])!,
          ]
        : []),
    ],
    {
      'screening-not-started': () =>
        new StateConflict(
          'This expression of interest is already being assessed and can no longer be withdrawn. Contact the programme team.',
        ),
      'application-version': () => staleSave(),
    },
  )
  return withdrawn
}

/** A programme manager gives one organisation a later deadline, recorded with who and why. */
export async function grantExtension(
  ctx: Ctx,
  manager: User,
  applicationId: string,
  input: ExtensionInput,
): Promise<Application> {
  const current = await getApplication(ctx.db, applicationId)
  if (!current) throw new NotFound('expression of interest')
  const aggregate = await competitionOf(ctx, current)
  const closes = aggregate.competition.timeline.eoiClosesAt
  const now = ctx.now()
  if (closes && new Date(input.until) <= new Date(closes)) {
    throw new RuleViolated('An extension must end after the competition’s deadline.', [
      { field: 'until', message: `must be after ${formatLondon(closes)}` },
    ])
  }
  if (new Date(input.until) <= now)
    throw new RuleViolated('An extension must end in the future.', [
      { field: 'until', message: 'must be in the future' },
    ])
  if (current.status === 'withdrawn') throw new StateConflict('This expression of interest was withdrawn.')
  const next: Application = {
    ...current,
    extension: { until: input.until, reason: input.reason, grantedBy: manager.id, grantedAt: now.toISOString() },
    version: current.version + 1,
    updatedAt: now.toISOString(),
  }
  await commit(
    ctx.db,
    [
      applicationPut(ctx.db, next, { version: current.version, status: current.status }),
      releaseNotStarted(ctx.db, current.competitionId),
    ],
    {
      'release-not-started': decisionsReleased,
      'application-version': () => new VersionConflict('expression of interest'),
    },
  )
  return next
}

/** The organisation's EOIs; with `competitionId`, just the one for that competition (if any). */
export async function listMyApplications(
  ctx: Ctx,
  user: User,
  query: { limit: number; cursor?: string; competitionId?: string },
): Promise<Page<Application>> {
  const organisationId = await getMembership(ctx.db, user.id)
  if (!organisationId) return { items: [] }
  if (query.competitionId) {
    const id = await getClaim(ctx.db, query.competitionId, organisationId)
    const application = id ? await getApplication(ctx.db, id) : undefined
    return { items: application ? [applicantView(application, await releasedFor(ctx, [application]))] : [] }
  }
  const page = await withCursorErrors(() => listApplicationsByOrganisation(ctx.db, organisationId, query))
  const released = await releasedFor(ctx, page.items)
  return { ...page, items: page.items.map((application) => applicantView(application, released)) }
}

/** The competitions (of these EOIs) whose decisions are released. */
async function releasedFor(ctx: Ctx, applications: Application[]): Promise<Set<string>> {
  const submitted = applications.filter((a) => a.status === 'submitted')
  if (!submitted.length) return new Set()
  const releases = await getReleases(
    ctx.db,
    submitted.map((a) => a.competitionId),
  )
  return new Set([...releases.values()].filter((r) => isReleased(r, ctx.now())).map((r) => r.competitionId))
}

/**
 * A competition's EOIs for programme managers, as summaries. Drafts are listed (so a manager
 * can find one to extend its deadline) but their answers stay the applicant's own.
 */
export async function listCompetitionApplications(
  ctx: Ctx,
  competitionId: string,
  query: { limit: number; cursor?: string; status: ApplicationStatus; themeId?: string },
): Promise<Page<Application>> {
  if (query.status === 'draft' && query.themeId) {
    throw new ValidationFailed([
      { field: 'themeId', message: 'cannot filter drafts: their themes are the applicant’s own until submitted' },
    ])
  }
  const page = await withCursorErrors(() => listApplicationsByCompetition(ctx.db, competitionId, query))
  return { ...page, items: await withSharedNumbers(ctx, page.items.map(managerView)) }
}

/** Flags, for managers, EOIs from organisations whose Companies House number another organisation registered too. */
async function withSharedNumbers(ctx: Ctx, applications: Application[]): Promise<Application[]> {
  const shared = await sharedCompaniesHouseNumbers(
    ctx,
    applications.map((a) => a.organisationId),
  )
  return applications.map((a) =>
    shared.has(a.organisationId) ? { ...a, sharedCompaniesHouseNumber: shared.get(a.organisationId) } : a,
  )
}

/**
 * What a programme manager may see. Until an EOI has been submitted, what the applicant
 * wrote (answers, amount, themes, confirmations) is theirs alone, even once withdrawn; and
 * whether the anonymous survey was answered is never shown, so it cannot be joined to counts.
 */
export function managerView(application: Application): Application {
  const { diSurveyAnswered: _answered, ...rest } = application
  if (application.submittedAt) return rest
  const { amountRequestedPence: _amount, ...unsubmitted } = rest
  return { ...unsubmitted, answers: {}, themeIds: [], eligibilityConfirmed: [] }
}

/**
 * What an applicant sees: their EOI, and of the assessment only that a submitted one is under
 * review, or decided once its competition's decisions are released (the decision itself, the
 * feedback and any offer are behind GET /applications/{id}/decision).
 */
export function applicantView(application: Application, released: ReadonlySet<string> = new Set()): Application {
  if (application.status !== 'submitted') return application
  return { ...application, review: released.has(application.competitionId) ? 'decided' : 'under-review' }
}

const decisionsReleased = () =>
  new StateConflict(
    'Decisions for this competition have been released, or a release is scheduled: it takes no more expressions of interest.',
  )

/** DynamoDB items hold 400 KB; answers may use most of it, and the largest is named. */
const MAX_ANSWERS_BYTES = 300_000

function sizeProblems(application: Application): FieldError[] {
  const sizes = Object.entries(application.answers).map(
    ([id, answer]) => [id, Buffer.byteLength(JSON.stringify(answer))] as const,
  )
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0)
  if (total <= MAX_ANSWERS_BYTES) return []
  const [largest] = [...sizes].sort((a, b) => b[1] - a[1])
  return [
    {
      field: `answers.${largest![0]}`,
      message: 'makes your answers too long to save together: shorten it (or another long answer)',
    },
  ]
}

/** The later of the competition's deadline and this organisation's extension. */
export function deadlineFor(competition: Competition, application: Application): string | undefined {
  const closes = competition.timeline.eoiClosesAt
  const extended = application.extension?.until
  // biome-ignore lint/complexity/useMathMinMax: ISO 8601 times compare as strings, not numbers
  return closes && extended ? (extended > closes ? extended : closes) : (extended ?? closes)
}

async function ownApplication(ctx: Ctx, user: User, applicationId: string): Promise<Application> {
  const [application, organisationId] = await Promise.all([
    getApplication(ctx.db, applicationId),
    getMembership(ctx.db, user.id),
  ])
  if (!application || application.organisationId !== organisationId) throw new NotFound('expression of interest')
  return application
}

async function competitionOf(ctx: Ctx, application: Application): Promise<CompetitionAggregate> {
  const aggregate = await getCompetitionAggregate(ctx.db, application.competitionId)
  if (!aggregate) throw new NotFound('competition')
  return aggregate
}

function assertOpen(competition: Competition, now: Date) {
  if (!formIsOpen(competition, now)) {
    throw new RuleViolated(`The form opens ${formatLondon(competition.timeline.eoiOpensAt!)}.`, [
      { field: 'competitionId', message: 'is not open for expressions of interest yet' },
    ])
  }
  const closes = competition.timeline.eoiClosesAt
  if (closes && now >= new Date(closes)) throw new DeadlinePassed(formatLondon(closes))
}

/** Server time against the deadline, or this organisation's extension. */
function assertBeforeDeadline(competition: Competition, application: Application, now: Date) {
  const deadline = deadlineFor(competition, application)
  if (deadline && now >= new Date(deadline)) throw new DeadlinePassed(formatLondon(deadline))
}

function staleSave(currentVersion?: number) {
  return new VersionConflict('expression of interest (saved from another tab or device)', currentVersion)
}

async function withCursorErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
    throw error
  }
}

/** The receipt: what was received, when, and a copy of the answers. Plain text. */
function receiptEmail(
  to: string,
  application: Application,
  { competition, themes, questions }: CompetitionAggregate,
  link: string,
) {
  const answerText = (question: Question) => {
    const answer = application.answers[question.id]
    if (answer === undefined) return '(not answered)'
    if (typeof answer === 'string' || typeof answer === 'number') return String(answer)
    if (Array.isArray(answer))
      return answer.map((id) => question.options?.find((o) => o.id === id)?.label ?? id).join(', ')
    if ('file' in answer) return `File: ${answer.file.filename}`
    return answer.mode === 'text' ? answer.text : `Video: ${answer.url}`
  }
  const lines = [
    `Thank you. We received the expression of interest from ${application.organisationName} for “${competition.title}”.`,
    '',
    `Receipt number: ${application.receiptNumber}`,
    `Received: ${formatLondon(application.submittedAt!)}`,
    `Amount requested: ${formatPence(application.amountRequestedPence ?? 0)}`,
    `Themes: ${application.themeIds.map((id) => themes.find((t) => t.id === id)?.title ?? id).join('; ')}`,
    '',
    `Your expression of interest: ${link}`,
    '',
    'Your answers',
    '',
    ...questions.flatMap((q) => [q.label, answerText(q), '']),
    `Sent to ${to} by Challenge Fund.`,
  ]
  return {
    subject: `Received: your expression of interest for “${competition.title}” (${application.receiptNumber})`,
    text: lines.join('\n'),
  }
}
