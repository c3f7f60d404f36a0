// The panel: invitations by email (through the outbox), answers, conflict-of-interest
// declarations (by the panellist, or recorded by a programme manager), and a panellist's own
// page of what to declare and score.
import type {
  Assignment,
  Declaration,
  DeclarationsInput,
  ManagerDeclarationInput,
  MyPanels,
  Panel,
  PanelInvite,
  PanelMember,
} from '../../../shared/schemas/assessing.js'
import type { User } from '../../../shared/schemas/user.js'
import {
  candidateShortlisted,
  declarationAllowed,
  declarationPut,
  getCandidate,
  getCandidates,
  memberAccepted,
  memberPut,
  readCandidates,
  readPanel,
  readPanellistItems,
} from '../../db/assessing-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'
import { newId } from '../ids.js'
import { commitUnlessReleased } from './lock.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { assertSeated, readAssessment } from './seat.js'

export async function invitePanellist(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  input: PanelInvite,
): Promise<PanelMember> {
  const { competition } = await readAssessment(ctx, competitionId)
  const at = ctx.now().toISOString()
  const member: PanelMember = {
    competitionId,
    competitionTitle: competition.title,
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    ...(input.organisation ? { organisation: input.organisation } : {}),
    status: 'invited',
    invitedAt: at,
    invitedBy: manager.id,
  }
  const text = [
    `${manager.name} has invited you to sit on the assessment panel for “${competition.title}”.`,
    '',
    'Panellists declare any conflicts of interest with the shortlisted organisations, then score each pitch against the published criteria on their own before seeing anyone else’s scores.',
    '',
    `Sign in to Challenge Fund with this email address (${member.email}) to accept or decline: ${pageUrl(ctx, pagePaths.panel())}`,
  ].join('\n')
  await commit(
    ctx.db,
    [
      memberPut(ctx.db, member, 'new-or-declined'),
      outboxPut(ctx.db, {
        id: newId(),
        to: member.email,
        kind: 'panel-invitation',
        subject: `Invitation: assessment panel for “${competition.title}”`,
        text,
        createdAt: at,
        status: 'pending',
      }),
    ],
    {
      'invitation-state': (current) =>
        new StateConflict(
          `${member.email} is already ${current?.status === 'accepted' ? 'on the panel' : 'invited'}.`,
          [{ field: 'email', message: 'is already invited' }],
        ),
    },
  )
  return member
}

/** A panellist accepts or declines, under the account signed in with the invited email. */
export async function respondToInvitation(
  ctx: Ctx,
  user: User,
  competitionId: string,
  accept: boolean,
): Promise<PanelMember> {
  const { member, competition } = await readAssessment(ctx, competitionId, { panellist: user })
  // Uninvited, a draft is as unknown as a competition that does not exist.
  if (!member) throw new NotFound(competition.status === 'draft' ? 'competition' : 'invitation')
  const status = accept ? 'accepted' : 'declined'
  if (member.status === status && (!accept || member.userId === user.id)) return member
  if (member.status !== 'invited') throw new StateConflict(`You have already ${member.status} this invitation.`)
  const next: PanelMember = {
    ...member,
    status,
    respondedAt: ctx.now().toISOString(),
    ...(accept ? { userId: user.id } : {}),
  }
  await commit(ctx.db, [memberPut(ctx.db, next, 'invited')], {
    'invitation-state': () => new StateConflict('This invitation was answered from another tab or device: reload.'),
  })
  return next
}

/** The panel as a programme manager sees it: invitations and every declaration. */
export async function getPanel(ctx: Ctx, competitionId: string): Promise<Panel> {
  await readAssessment(ctx, competitionId)
  return readPanel(ctx.db, competitionId)
}

/**
 * A panellist's declarations against shortlisted applications, all or none. "None" cannot
 * replace a declared conflict (the database checks): only a programme manager withdraws one.
 */
export async function declare(
  ctx: Ctx,
  user: User,
  competitionId: string,
  input: DeclarationsInput,
): Promise<Declaration[]> {
  const read = await readAssessment(ctx, competitionId, { panellist: user })
  assertSeated(read, user)
  const candidates = await getCandidates(
    ctx.db,
    competitionId,
    input.declarations.map((d) => d.applicationId),
  )
  const problems = input.declarations.flatMap((d, i) =>
    candidates.get(d.applicationId)?.shortlist?.outcome === 'shortlisted'
      ? []
      : [{ field: `declarations.${i}.applicationId`, message: 'is not on the shortlist' }],
  )
  if (problems.length) throw new RuleViolated('Conflicts are declared against shortlisted applications only.', problems)
  const at = ctx.now().toISOString()
  const declarations: Declaration[] = input.declarations.map((d) => ({
    competitionId,
    applicationId: d.applicationId,
    panellistId: user.id,
    type: d.type,
    note: d.note,
    recordedBy: user.id,
    recordedByManager: false,
    at,
  }))
  try {
    await commitUnlessReleased(
      ctx,
      competitionId,
      [
        ...declarations.map((d) => declarationPut(ctx.db, d, user.email, { byPanellist: true })),
        memberAccepted(ctx.db, competitionId, user.email, user.id),
      ],
      'declarations',
      { 'on-the-panel': () => new NotFound('competition') },
    )
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    // The guard names the application whose declaration was refused.
    const at = declarations.findIndex((d) => error.failed(declarationAllowed(d.applicationId)))
    if (at < 0) throw error
    const name = candidates.get(declarations[at]!.applicationId)!.organisationName
    const field = `declarations.${at}.type`
    if (error.current?.recordedByManager) {
      throw new RuleViolated(`The programme manager recorded your declaration for ${name}; only they can change it.`, [
        { field, message: 'was recorded by the programme manager' },
      ])
    }
    throw new RuleViolated(
      `You declared a conflict of interest with ${name}; only the programme manager can withdraw it.`,
      [{ field, message: 'cannot be “none” after a conflict was declared' }],
    )
  }
  return declarations
}

/** A programme manager records (or clears) a panellist's conflict, with a note. */
export async function recordConflict(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  input: ManagerDeclarationInput,
): Promise<Declaration> {
  const { members } = await getPanel(ctx, competitionId)
  const member = members.find((m) => m.status === 'accepted' && m.userId === input.panellistId)
  if (!member)
    throw new RuleViolated('Conflicts are recorded for panellists who have accepted.', [
      { field: 'panellistId', message: 'is not on this panel' },
    ])
  const candidate = await getCandidate(ctx.db, competitionId, input.applicationId)
  if (candidate?.shortlist?.outcome !== 'shortlisted') {
    throw new RuleViolated('Conflicts are recorded against shortlisted applications.', [
      { field: 'applicationId', message: 'is not on the shortlist' },
    ])
  }
  const declaration: Declaration = {
    competitionId,
    applicationId: input.applicationId,
    panellistId: input.panellistId,
    type: input.type,
    note: input.note,
    recordedBy: manager.id,
    recordedByManager: true,
    at: ctx.now().toISOString(),
  }
  const changed = () =>
    new StateConflict('The panel or the shortlist changed while you were recording this: reload and try again.')
  await commitUnlessReleased(
    ctx,
    competitionId,
    [
      declarationPut(ctx.db, declaration, member.email, { byPanellist: false }),
      memberAccepted(ctx.db, competitionId, member.email, member.userId!),
      candidateShortlisted(ctx.db, competitionId, input.applicationId),
    ],
    'type',
    { 'on-the-panel': changed, 'still-shortlisted': changed },
  )
  return declaration
}

/**
 * A panellist's page: their invitations and, for each panel they sit on, the shortlist with
 * their declaration and sheet status. One query for their own items, one per panel.
 */
export async function myPanels(ctx: Ctx, user: User): Promise<MyPanels> {
  const items = await readPanellistItems(ctx.db, user.email)
  const members = items.members.filter((m) => m.status === 'invited' || m.userId === user.id)
  const mine = <T extends { competitionId: string; applicationId: string; panellistId: string }>(list: T[]) =>
    new Map(list.filter((x) => x.panellistId === user.id).map((x) => [`${x.competitionId}#${x.applicationId}`, x]))
  const declarations = mine(items.declarations)
  const sheets = mine(items.sheets)
  const panels = await Promise.all(
    members.map(async (member) => {
      if (member.status !== 'accepted') return { member, assignments: [] }
      const candidates = await readCandidates(ctx.db, member.competitionId)
      const assignments: Assignment[] = candidates
        .filter((c) => c.shortlist?.outcome === 'shortlisted')
        .map((c) => ({
          applicationId: c.applicationId,
          organisationName: c.organisationName,
          declaration: declarations.get(`${c.competitionId}#${c.applicationId}`)?.type,
          sheet: sheets.get(`${c.competitionId}#${c.applicationId}`)?.status,
        }))
      return { member, assignments }
    }),
  )
  return { panels }
}
