// Problems from the people who own them: a programme manager invites a problem owner (someone at
// a public body); they propose problems and answer requests for more; managers curate (ask for
// more, merge duplicates, publish for prioritisation). An owner sees only their own problems.
import type { Page } from '../../../shared/schemas/common.js'
import type { OwnerInvite, Problem, ProblemEdit, ProblemInput, ProblemOwner } from '../../../shared/schemas/intake.js'
import type { User } from '../../../shared/schemas/user.js'
import {
  getOwner,
  getProblem,
  listOwners,
  listProblems,
  listProblemsByOwner,
  ownerPut,
  problemPut,
} from '../../db/intake-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { InvalidCursor } from '../../db/cursor.js'
import { Forbidden, NotFound, StateConflict, ValidationFailed, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

type Email = { to: string; kind: string; subject: string; text: string[] }

export const intakeEmail = (ctx: Ctx, { text, ...email }: Email) =>
  outboxPut(ctx.db, {
    id: newId(),
    ...email,
    text: text.join('\n'),
    createdAt: ctx.now().toISOString(),
    status: 'pending',
  })

export async function inviteOwner(ctx: Ctx, manager: User, input: OwnerInvite): Promise<ProblemOwner> {
  const owner: ProblemOwner = {
    email: input.email.toLowerCase(),
    name: input.name,
    organisation: input.organisation,
    invitedAt: ctx.now().toISOString(),
    invitedBy: manager.id,
  }
  await commit(
    ctx.db,
    [
      ownerPut(ctx.db, owner),
      intakeEmail(ctx, {
        to: owner.email,
        kind: 'problem-owner-invitation',
        subject: 'Invitation: tell us the problems you want solved',
        text: [
          `${manager.name} has invited you to propose problems for Challenge Fund on behalf of ${owner.organisation}.`,
          '',
          'Tell us the problem, who it affects, the evidence and data you can share, and what you could commit (a named lead, time, a pilot site). Stakeholders then choose which problems to run as challenges.',
          '',
          `Sign in with this email address (${owner.email}) to propose a problem: ${pageUrl(ctx, pagePaths.ownerProblems())}`,
        ],
      }),
    ],
    {
      'owner-new': () =>
        new StateConflict(`${owner.email} is already invited.`, [{ field: 'email', message: 'is already invited' }]),
    },
  )
  return owner
}

/** A page of a list; a cursor from elsewhere is a 400 naming it. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
    throw error
  }
}

export const listProblemOwners = (ctx: Ctx, page: { limit: number; cursor?: string }) =>
  withCursor(() => listOwners(ctx.db, page))

/** The caller's invitation: a problem-owner account without one may not propose. */
async function invitationOf(ctx: Ctx, user: User): Promise<ProblemOwner> {
  const owner = await getOwner(ctx.db, user.email)
  if (!owner)
    throw new Forbidden(
      'Only problem owners a programme manager has invited can propose problems. Ask them to invite you.',
    )
  return owner
}

export async function proposeProblem(ctx: Ctx, user: User, input: ProblemInput): Promise<Problem> {
  const owner = await invitationOf(ctx, user)
  const at = ctx.now().toISOString()
  const problem: Problem = {
    id: newId(),
    ...input,
    status: 'submitted',
    ownerId: user.id,
    ownerName: owner.name,
    ownerEmail: user.email.toLowerCase(),
    organisation: owner.organisation,
    questions: [],
    mergedFrom: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
  await commit(ctx.db, [problemPut(ctx.db, problem, 0)])
  return problem
}

/** A problem as its owner or a manager sees it; anyone else gets the same 404 as a missing one. */
export async function readProblem(ctx: Ctx, user: User, problemId: string): Promise<Problem> {
  const problem = await getProblem(ctx.db, problemId, { consistent: true })
  if (!problem || (user.role !== 'manager' && problem.ownerId !== user.id)) throw new NotFound('problem')
  return problem
}

export const listMyProblems = (
  ctx: Ctx,
  user: User,
  page: { limit: number; cursor?: string },
): Promise<Page<Problem>> => withCursor(() => listProblemsByOwner(ctx.db, user.id, page))

export const listAllProblems = (ctx: Ctx, page: { limit: number; cursor?: string }) =>
  withCursor(() => listProblems(ctx.db, page))

const versionRefusal = (what: Problem) => ({
  'problem-version': () => new VersionConflict('problem', what.version),
})

/** The owner edits their problem (and answers the manager's question) until it is published or merged. */
export async function editProblem(ctx: Ctx, user: User, problemId: string, edit: ProblemEdit): Promise<Problem> {
  const current = await readProblem(ctx, user, problemId)
  if (current.ownerId !== user.id) throw new NotFound('problem')
  if (current.version !== edit.version) throw new VersionConflict('problem', current.version)
  if (current.status === 'published' || current.status === 'merged')
    throw new StateConflict(`This problem has been ${current.status}: it can no longer be changed.`)
  const { version: _v, answer, ...fields } = edit
  const questions = current.questions.map((q, i) =>
    i === current.questions.length - 1 && current.status === 'more-info' && answer ? { ...q, answer } : q,
  )
  const next: Problem = {
    ...current,
    ...fields,
    questions,
    status: 'submitted',
    updatedAt: ctx.now().toISOString(),
    version: current.version + 1,
  }
  await commit(ctx.db, [problemPut(ctx.db, next, current.version)], versionRefusal(current))
  return next
}

async function managed(ctx: Ctx, problemId: string, version: number): Promise<Problem> {
  const current = await getProblem(ctx.db, problemId, { consistent: true })
  if (!current) throw new NotFound('problem')
  if (current.version !== version) throw new VersionConflict('problem', current.version)
  if (current.status === 'published' || current.status === 'merged')
    throw new StateConflict(`This problem has been ${current.status}: that is decided.`)
  return current
}

export async function askForMore(
  ctx: Ctx,
  manager: User,
  problemId: string,
  { question, version }: { question: string; version: number },
): Promise<Problem> {
  const current = await managed(ctx, problemId, version)
  const at = ctx.now().toISOString()
  const next: Problem = {
    ...current,
    status: 'more-info',
    questions: [...current.questions, { question, askedAt: at }],
    updatedAt: at,
    version: current.version + 1,
  }
  await commit(
    ctx.db,
    [
      problemPut(ctx.db, next, current.version),
      intakeEmail(ctx, {
        to: current.ownerEmail,
        kind: 'problem-more-info',
        subject: `More needed: “${current.title}”`,
        text: [
          `${manager.name} would like to know more about the problem you proposed, “${current.title}”:`,
          '',
          question,
          '',
          `Answer and update your problem here: ${pageUrl(ctx, pagePaths.ownerProblem(current.id))}`,
        ],
      }),
    ],
    versionRefusal(current),
  )
  return next
}

/** Merges a duplicate into another problem: both stay, the duplicate points at the one kept. */
export async function mergeProblem(
  ctx: Ctx,
  problemId: string,
  { intoId, version }: { intoId: string; version: number },
): Promise<Problem> {
  if (intoId === problemId)
    throw new StateConflict('A problem cannot be merged into itself.', [
      { field: 'intoId', message: 'must be another problem' },
    ])
  const current = await managed(ctx, problemId, version)
  const into = await getProblem(ctx.db, intoId, { consistent: true })
  if (!into) throw new NotFound('problem', 'No problem to merge into has that id.')
  if (into.status === 'merged')
    throw new StateConflict('That problem was itself merged: merge into the one it was merged into.', [
      { field: 'intoId', message: 'was itself merged' },
    ])
  const at = ctx.now().toISOString()
  const merged: Problem = {
    ...current,
    status: 'merged',
    mergedInto: into.id,
    updatedAt: at,
    version: current.version + 1,
  }
  const kept: Problem = {
    ...into,
    mergedFrom: [...into.mergedFrom, current.id],
    evidence: [...into.evidence, ...current.evidence].slice(0, 10),
    updatedAt: at,
    version: into.version + 1,
  }
  await commit(ctx.db, [problemPut(ctx.db, merged, current.version), problemPut(ctx.db, kept, into.version)], {
    'problem-version': () => new VersionConflict('problem'),
  })
  return merged
}

export async function publishProblem(
  ctx: Ctx,
  problemId: string,
  { expectedCostPence, version }: { expectedCostPence: number; version: number },
): Promise<Problem> {
  const current = await managed(ctx, problemId, version)
  const next: Problem = {
    ...current,
    status: 'published',
    expectedCostPence,
    updatedAt: ctx.now().toISOString(),
    version: current.version + 1,
  }
  await commit(ctx.db, [problemPut(ctx.db, next, current.version)], versionRefusal(current))
  return next
}
