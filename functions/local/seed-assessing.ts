// Seeds the second demo competition, "Healthy homes, healthy lungs", part-way through
// assessment. Every step goes through the core functions people use, with inputs parsed by
// the API's own schemas, on a clock set to when it would have happened: built and opened
// weeks ago, EOIs submitted before the deadline, screening, shortlisting and scoring after.
import {
  DeclarationsInput,
  PanelInvite,
  PitchScheduleInput,
  RubricInput,
  ScreeningInput,
  SheetInput,
  ShortlistInput,
} from '../../shared/schemas/assessing.js'
import { DraftChanges } from '../../shared/schemas/application.js'
import type { NewCompetition } from '../../shared/schemas/competition.js'
import { SignpostInput } from '../../shared/schemas/feedback.js'
import type { Question } from '../../shared/schemas/form.js'
import { OrganisationInput } from '../../shared/schemas/organisation.js'
import type { User } from '../../shared/schemas/user.js'
import { londonLocalToUtcIso, utcIsoToLondonLocal } from '../../shared/dates.js'
import { startApplication, saveDraft, submitApplication } from '../core/applications/applications.js'
import { screen, shortlist } from '../core/assessing/decisions.js'
import { declare, invitePanellist, respondToInvitation } from '../core/assessing/panel.js'
import { saveSchedule } from '../core/assessing/pitches.js'
import { saveRubric } from '../core/assessing/rubric.js'
import { saveSheet, submitSheet } from '../core/assessing/scoring.js'
import { addChallenge, addTheme } from '../core/competitions/challenges.js'
import { createCompetition, publishCompetition } from '../core/competitions/competitions.js'
import { addDataPackItem, completeUpload } from '../core/competitions/data-pack.js'
import { addQuestion } from '../core/competitions/form.js'
import { addSignpost } from '../core/feedback/signposts.js'
import type { Ctx } from '../core/context.js'
import { documentKeyOf } from '../core/files/file-store.js'
import { newId } from '../core/ids.js'
import { registerOrganisation } from '../core/organisations/organisations.js'
import { insertUser } from '../db/users-repo.js'
import type { FolderFileStore } from '../adapters/folder-file-store.js'
import {
  assessingChallenges,
  assessingCompetition,
  assessingConflict,
  assessingPanel,
  assessingPitches,
  assessingQuestions,
  assessingRubric,
  assessingSheets,
  assessingSignposts,
  assessingThemes,
  demoEois,
  panelStarts,
  timeline,
  type ShortlistKey,
} from './seed-assessing-data.js'

const hour = 60 * 60 * 1000
const day = 24 * hour

/**
 * Seeds the competition in assessment. `users` are the first demo's users (the manager, the
 * five panellists and the four applicants, who own four of the twelve EOIs); eight more
 * applicants are created. Returns the competition's id.
 *
 * Seeding takes about as long as DynamoDB Local takes over its ~150 transactions, so steps
 * that do not depend on each other overlap (the panellists score side by side: DynamoDB
 * Local queues transactions on the shared rubric rather than conflicting).
 */
export async function seedAssessingDemo(ctx: Ctx & { files: FolderFileStore }, users: User[]): Promise<string> {
  const today = ctx.now()
  /** The context as it was `days` from today (`hours` later in that day). */
  const on = (days: number, hours = 0): Ctx => ({
    ...ctx,
    now: () => new Date(today.getTime() + days * day + hours * hour),
  })
  const byEmail = new Map(users.map((u) => [u.email, u]))
  const manager = users.find((u) => u.role === 'manager')!
  const panel = new Map(
    assessingPanel.map(({ key, email }) => {
      const user = byEmail.get(email)
      if (user?.role !== 'panellist')
        throw new Error(`The assessing demo needs the panellist ${email} from the first demo.`)
      return [key, user]
    }),
  )
  const panelDate = utcIsoToLondonLocal(new Date(today.getTime() + timeline.panelDay * day).toISOString()).slice(0, 10)
  const onPanelDay = (time: string) => londonLocalToUtcIso(`${panelDate}T${time}`)!

  // The competition is built while the applicants register their organisations.
  const [{ competition, themeIds, questions }, applicants] = await Promise.all([
    buildCompetition(ctx, on(timeline.createdDay), assessingCompetition(today, onPanelDay(panelStarts))),
    Promise.all(
      demoEois.map(async (eoi) => {
        const existing = byEmail.get(eoi.applicant.email)
        const applicant = existing ?? { id: newId(), ...eoi.applicant }
        if (!existing) await insertUser(ctx.db, applicant)
        await registerOrganisation(on(eoi.submittedDay, -3), applicant, OrganisationInput.parse(eoi.organisation))
        return applicant
      }),
    ),
  ])

  // — Twelve EOIs, drafted and submitted while the form was open —
  const submitted = await Promise.all(
    demoEois.map(async (eoi, i) => {
      const applicant = applicants[i]!
      const drafting = on(eoi.submittedDay, -2)
      const draft = await startApplication(drafting, applicant, competition.id)
      const answers = {
        [questions[0]!.id]: eoi.idea,
        [questions[1]!.id]: eoi.difference,
        [questions[2]!.id]: eoi.stage,
      }
      const changes = DraftChanges.parse({
        version: draft.version,
        answers,
        amountRequestedPence: eoi.amountRequestedPence,
        themeIds: eoi.themes.map((t) => themeIds.get(t)!),
        eligibilityConfirmed: competition.eligibility.map((s) => s.id),
      })
      await saveDraft(drafting, applicant, draft.id, changes)
      return { eoi, application: await submitApplication(on(eoi.submittedDay), applicant, draft.id) }
    }),
  )
  const applicationIds = new Map<ShortlistKey, string>(
    submitted.flatMap(({ eoi, application }) =>
      eoi.shortlist?.outcome === 'shortlisted' ? [[eoi.shortlist.key, application.id] as const] : [],
    ),
  )

  // — After the deadline: the rubric, and screening then the shortlist —
  const [rubric] = await Promise.all([
    saveRubric(on(timeline.rubricDay), competition.id, RubricInput.parse({ version: 0, ...assessingRubric })),
    (async () => {
      const screening = submitted.map(({ eoi, application }) => ({
        applicationId: application.id,
        reason: '',
        ...eoi.screening,
      }))
      await screen(on(timeline.screenedDay), manager, competition.id, ScreeningInput.parse({ decisions: screening }))
      const decisions = submitted.flatMap(({ eoi, application }) =>
        eoi.shortlist
          ? [{ applicationId: application.id, outcome: eoi.shortlist.outcome, reason: eoi.shortlist.reason }]
          : [],
      )
      await shortlist(on(timeline.shortlistedDay), manager, competition.id, ShortlistInput.parse({ decisions }))
    })(),
  ])

  // — The pitch schedule (invitations left for the manager to send), and each panellist:
  // invited, accepted, declared, then scoring in the order the sheets were written —
  const sheets = assessingSheets.map((sheet, i) => ({
    ...sheet,
    savedAt: on(-7 + Math.floor(i / 4), i % 4),
    submittedAt: on(-7 + Math.floor(i / 4), (i % 4) + 1),
  }))
  await Promise.all([
    saveSchedule(
      on(timeline.shortlistedDay + 3),
      competition.id,
      PitchScheduleInput.parse({
        version: 0,
        slots: assessingPitches.map(({ application, at, minutes, place, link }) => ({
          applicationId: applicationIds.get(application)!,
          startsAt: onPanelDay(at),
          minutes,
          place,
          link,
        })),
      }),
    ),
    ...assessingPanel.map(async ({ key, role }, i) => {
      const panellist = panel.get(key)!
      await invitePanellist(
        on(timeline.shortlistedDay, 2),
        manager,
        competition.id,
        PanelInvite.parse({ email: panellist.email, name: panellist.name, role }),
      )
      await respondToInvitation(on(timeline.shortlistedDay + 1, i), panellist, competition.id, true)
      const declarations = [...applicationIds].map(([application, applicationId]) =>
        assessingConflict.panellist === key && assessingConflict.application === application
          ? { applicationId, type: assessingConflict.type, note: assessingConflict.note }
          : { applicationId, type: 'none' as const, note: '' },
      )
      await declare(
        on(timeline.shortlistedDay + 2, i),
        panellist,
        competition.id,
        DeclarationsInput.parse({ declarations }),
      )
      for (const sheet of sheets.filter((s) => s.panellist === key)) {
        const applicationId = applicationIds.get(sheet.application)!
        const scores = Object.fromEntries(
          rubric.criteria.flatMap((c, k) => (sheet.scores[k] === undefined ? [] : [[c.id, sheet.scores[k]]])),
        )
        const input = SheetInput.parse({
          version: 0,
          scores,
          panelNote: sheet.panelNote,
          applicantFeedback: sheet.applicantFeedback,
        })
        const saved = await saveSheet(sheet.savedAt, panellist, competition.id, applicationId, input)
        if (sheet.status === 'submitted')
          await submitSheet(sheet.submittedAt, panellist, competition.id, applicationId, saved.version)
      }
    }),
  ])
  // The signposting directory, ready for feedback, its topics mapped to the rubric's criteria.
  const criterionId = new Map(rubric.criteria.map((c) => [c.title, c.id]))
  for (const { topics, ...signpost } of assessingSignposts) {
    await addSignpost(
      on(timeline.shortlistedDay),
      competition.id,
      SignpostInput.parse({ ...signpost, topics: topics.map((title) => criterionId.get(title)!) }),
    )
  }
  return competition.id
}

/** The competition with its challenges, data packs, themes and form, published before the form opens. */
async function buildCompetition(ctx: Ctx & { files: FolderFileStore }, built: Ctx, details: NewCompetition) {
  const competition = await createCompetition(built, details)
  const challengeIds = new Map<string, string>()
  for (const { key, input, dataPack } of assessingChallenges) {
    const challenge = await addChallenge(built, competition.id, input)
    challengeIds.set(key, challenge.id)
    for (const { bytes, ...item } of dataPack) {
      const content = bytes?.()
      const { item: created } = await addDataPackItem(
        built,
        competition.id,
        challenge.id,
        item.kind === 'document' && content ? { ...item, sizeBytes: content.byteLength } : item,
      )
      if (content && created.kind === 'document') {
        await ctx.files.write(documentKeyOf(competition.id, created), content)
        await completeUpload(built, competition.id, created.id)
      }
    }
  }
  const themeIds = new Map<string, string>()
  for (const { key, title, description, challenges } of assessingThemes) {
    const theme = await addTheme(built, competition.id, {
      title,
      description,
      challengeIds: challenges.map((c) => challengeIds.get(c)!),
    })
    themeIds.set(key, theme.id)
  }
  const questions: Question[] = []
  for (const question of assessingQuestions) questions.push(await addQuestion(built, competition.id, question))
  await publishCompetition(built, competition.id, competition.version)
  return { competition, themeIds, questions }
}
