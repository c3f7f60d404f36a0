// Seeds the third demo competition, "What's your problem? (first round)", in delivery. Every
// step goes through the core functions people use, with inputs parsed by the API's own
// schemas, on a clock set to when it would have happened: built and opened seven months ago,
// the three winners' EOIs submitted, screened, shortlisted, awarded, released and accepted
// four months ago (£52,940 committed of the £60,000 pot, in the ledger), their results
// published, and each grant agreement sent by the programme manager and accepted by the
// grantee three months ago. Damibu's first milestone is past its date with no report.
//
// `seedDeliveryProgress` takes the grants further (a first tranche paid by the second
// manager, a report waiting for review, a query open, the first milestones shown on the public
// results) through the payment, report and programme functions.
import { DraftChanges } from '../../shared/schemas/application.js'
import { ScreeningInput, ShortlistInput } from '../../shared/schemas/assessing.js'
import { AwardInput } from '../../shared/schemas/awards.js'
import { ReleaseInput } from '../../shared/schemas/feedback.js'
import { type Grant, GrantSetupInput } from '../../shared/schemas/grants.js'
import { OrganisationInput } from '../../shared/schemas/organisation.js'
import type { User } from '../../shared/schemas/user.js'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { saveDraft, startApplication, submitApplication } from '../core/applications/applications.js'
import { screen, shortlist } from '../core/assessing/decisions.js'
import { commitAwards, publishResults, respondToOffer } from '../core/awards/awards.js'
import { addChallenge, addTheme } from '../core/competitions/challenges.js'
import { createCompetition, publishCompetition } from '../core/competitions/competitions.js'
import { addDataPackItem } from '../core/competitions/data-pack.js'
import { addQuestion } from '../core/competitions/form.js'
import type { Ctx } from '../core/context.js'
import { getFeedbackOverview } from '../core/feedback/feedback.js'
import { requestRelease } from '../core/feedback/release.js'
import { acceptGrantAgreement, saveGrantAgreement, sendGrantAgreement } from '../core/grants/grants.js'
import { recordPayment } from '../core/grants/payments.js'
import { setMilestonePublic } from '../core/grants/programme.js'
import { queryReport, saveReport, submitReport } from '../core/grants/reports.js'
import { newId } from '../core/ids.js'
import { registerOrganisation } from '../core/organisations/organisations.js'
import { insertUser } from '../db/users-repo.js'
import { demoChallenges, demoQuestions, demoThemes, noonUtc } from './seed-data.js'
import { seedFirstRoundOthers } from './seed-funnel.js'
import {
  deliveryCompetition,
  deliveryTimeline as timeline,
  deliveryWinners,
  type DeliveryWinner,
  type WinnerKey,
} from './seed-delivery-data.js'

const hour = 60 * 60 * 1000
const day = 24 * hour

/** The programme manager who sends the agreements, and the second manager who records payments (four eyes). */
export const DELIVERY_MANAGER = 'programme.manager@lcr-cdc.example'
export const SECOND_MANAGER = 'programme.payments@lcr-cdc.example'

/** One seeded grant: the winner's application, the grantee who signs in for it, and the agreement as accepted. */
export type SeededGrant = { key: WinnerKey; applicationId: string; grantee: User; grant: Grant }

/** What `seedDeliveryProgress` needs: the competition, both managers, the grants, and the clock. */
export type DeliveryDemo = {
  competitionId: string
  manager: User
  secondManager: User
  grants: Record<WinnerKey, SeededGrant>
  /** The context as it was `days` from the seed's today (`hours` later in that day). */
  on: (days: number, hours?: number) => Ctx
}

/**
 * Seeds the competition in delivery. `users` are the first demo's users (the programme manager
 * and the second manager among them); the three grantees are created. Returns what
 * `seedDeliveryProgress` needs.
 */
export async function seedDeliveryDemo(ctx: Ctx, users: User[]): Promise<DeliveryDemo> {
  const today = ctx.now()
  const on = (days: number, hours = 0): Ctx => ({
    ...ctx,
    now: () => new Date(today.getTime() + days * day + hours * hour),
  })
  const dateOn = (days: number) =>
    utcIsoToLondonLocal(new Date(today.getTime() + days * day).toISOString()).slice(0, 10)
  const manager = users.find((u) => u.email === DELIVERY_MANAGER)
  const secondManager = users.find((u) => u.email === SECOND_MANAGER)
  if (manager?.role !== 'manager' || secondManager?.role !== 'manager')
    throw new Error(`The delivery demo needs the managers ${DELIVERY_MANAGER} and ${SECOND_MANAGER}.`)

  // The competition is built while the winners register their organisations.
  const [{ competitionId, eligibilityIds, themeIds, questionIds }, grantees] = await Promise.all([
    buildCompetition(on(timeline.createdDay), (days) => noonUtc(today, days)),
    Promise.all(
      deliveryWinners.map(async (winner) => {
        const grantee: User = { id: newId(), ...winner.grantee }
        await insertUser(ctx.db, grantee)
        await registerOrganisation(on(winner.submittedDay, -3), grantee, OrganisationInput.parse(winner.organisation))
        return grantee
      }),
    ),
  ])

  // — The three EOIs, drafted and submitted while the form was open —
  const applicationIds = await Promise.all(
    deliveryWinners.map(async (winner, i) => {
      const grantee = grantees[i]!
      const drafting = on(winner.submittedDay, -2)
      const draft = await startApplication(drafting, grantee, competitionId)
      const [idea, difference, pitch, stage] = questionIds
      const changes = DraftChanges.parse({
        version: draft.version,
        answers: {
          [idea!]: winner.idea,
          [difference!]: winner.difference,
          [pitch!]: { mode: 'text', text: winner.pitch },
          [stage!]: winner.stage,
        },
        amountRequestedPence: winner.amountPence,
        themeIds: winner.themes.map((title) => themeIds.get(title)!),
        eligibilityConfirmed: eligibilityIds,
      })
      await saveDraft(drafting, grantee, draft.id, changes)
      const submitted = await submitApplication(on(winner.submittedDay), grantee, draft.id)
      return submitted.id
    }),
  )
  // The other nine EOIs and three organisations that only asked a question (seed-funnel.ts).
  const others = await seedFirstRoundOthers(on, competitionId, {
    opensDay: timeline.eoiOpensDay,
    closesDay: timeline.eoiClosesDay,
    eligibilityIds,
    themeIds,
    questionIds,
  })
  const winners = deliveryWinners.map((winner, i) => ({
    winner,
    applicationId: applicationIds[i]!,
    grantee: grantees[i]!,
  }))

  // — After the deadline: screening, the shortlist, the awards after the panel, the release —
  const decisions = (outcome: string, reason: (w: DeliveryWinner) => string) =>
    winners.map(({ winner, applicationId }) => ({ applicationId, outcome, reason: reason(winner) }))
  await screen(
    on(timeline.screenedDay),
    manager,
    competitionId,
    ScreeningInput.parse({
      decisions: [
        ...decisions('eligible', () => ''),
        ...[...others.eligible, ...others.shortlistedUnfunded].map((applicationId) => ({
          applicationId,
          outcome: 'eligible',
          reason: '',
        })),
        ...others.ineligible.map((applicationId) => ({
          applicationId,
          outcome: 'ineligible',
          reason: 'Does not address any of the three problems in the Liverpool City Region.',
        })),
      ],
    }),
  )
  await shortlist(
    on(timeline.shortlistedDay),
    manager,
    competitionId,
    ShortlistInput.parse({
      decisions: [
        ...decisions('shortlisted', (w) => w.shortlistReason),
        ...others.shortlistedUnfunded.map((applicationId) => ({
          applicationId,
          outcome: 'shortlisted',
          reason: 'A strong fit with data linkage; the panel will want to hear the plan for consent.',
        })),
        ...others.eligible.map((applicationId) => ({
          applicationId,
          outcome: 'not-shortlisted',
          reason: 'Eligible, but less developed than the four shortlisted.',
        })),
      ],
    }),
  )
  const awarding = on(timeline.awardedDay)
  await commitAwards(
    awarding,
    manager,
    competitionId,
    winners.map(({ winner, applicationId }) =>
      AwardInput.parse({
        applicationId,
        amountPence: winner.amountPence,
        conditions: winner.conditions,
        respondBy: noonUtc(today, timeline.awardedDay + 21),
      }),
    ),
  )
  const releasing = on(timeline.releasedDay)
  const { release } = await getFeedbackOverview(releasing, competitionId)
  // Winners need no feedback to be told they won: released with the offers alone.
  await requestRelease(
    releasing,
    manager,
    competitionId,
    ReleaseInput.parse({ version: release.version, confirmMissing: true }),
  )
  await Promise.all(
    winners.map(({ applicationId, grantee }, i) =>
      respondToOffer(on(timeline.offersAnsweredDay, i), grantee, applicationId, { version: 1, accept: true }),
    ),
  )
  await publishResults(on(timeline.resultsDay), competitionId)

  // — Each grant agreement set up and sent by the programme manager, accepted by the grantee —
  const seeded = await Promise.all(
    winners.map(async ({ winner, applicationId, grantee }, i): Promise<SeededGrant> => {
      const { agreement } = winner
      const setUp = on(timeline.agreementsSentDay, i)
      const input = GrantSetupInput.parse({
        version: 0,
        startsOn: dateOn(timeline.startsDay),
        endsOn: dateOn(agreement.endsDay),
        milestones: agreement.milestones.map(({ dueDay, ...m }) => ({ ...m, dueOn: dateOn(dueDay) })),
        tranches: agreement.tranches,
        indicators: agreement.indicators.map(({ baseline, targets, ...indicator }) => ({
          ...indicator,
          baseline: { value: baseline.value, on: dateOn(baseline.day) },
          targets: targets.map((t) => ({ value: t.value, on: dateOn(t.day) })),
        })),
        notes: agreement.notes,
      })
      const { grant: draft } = await saveGrantAgreement(setUp, manager, competitionId, applicationId, input)
      const sent = await sendGrantAgreement(setUp, manager, competitionId, applicationId, { version: draft.version })
      const grant = await acceptGrantAgreement(on(timeline.agreementsAcceptedDay + i, 10), grantee, applicationId, {
        version: sent.version,
      })
      return { key: winner.key, applicationId, grantee, grant }
    }),
  )
  return {
    competitionId,
    manager,
    secondManager,
    grants: Object.fromEntries(seeded.map((g) => [g.key, g])) as Record<WinnerKey, SeededGrant>,
    on,
  }
}

/**
 * The competition with the programme's three challenges (each with the first demo's links and
 * datasets as its data pack), six themes and form, published before the form opened.
 */
async function buildCompetition(built: Ctx, at: (days: number) => string) {
  const competition = await createCompetition(built, deliveryCompetition(built.now(), at))
  const challengeIds = new Map<string, string>()
  for (const { key, input, dataPack } of demoChallenges) {
    const challenge = await addChallenge(built, competition.id, input)
    challengeIds.set(key, challenge.id)
    for (const { bytes: _, ...item } of dataPack.filter((i) => i.kind !== 'document'))
      await addDataPackItem(built, competition.id, challenge.id, item)
  }
  const themeIds = new Map<string, string>()
  for (const { title, description, challenges } of demoThemes) {
    const theme = await addTheme(built, competition.id, {
      title,
      description,
      challengeIds: challenges.map((key) => challengeIds.get(key)!),
    })
    themeIds.set(title, theme.id)
  }
  const questionIds: string[] = []
  for (const question of demoQuestions) questionIds.push((await addQuestion(built, competition.id, question)).id)
  await publishCompetition(built, competition.id, competition.version)
  return {
    competitionId: competition.id,
    eligibilityIds: competition.eligibility.map((s) => s.id),
    themeIds,
    questionIds,
  }
}

/**
 * Takes the seeded grants on to every state a newcomer should see: each grant's first tranche
 * (due on signing, authorised by the programme manager who sent the agreement) paid a week
 * after signing by the second manager; Spacious Places Life's first report in, waiting for
 * review; Koala North West's first report queried by the programme manager, the query open.
 * Damibu's first milestone stays overdue.
 */
export async function seedDeliveryProgress(demo: DeliveryDemo): Promise<void> {
  const { competitionId, manager, secondManager, grants, on } = demo
  await Promise.all(
    Object.values(grants).map(({ applicationId, grant }, i) => {
      // Paid a week after signing; the date paid is that day in London (never after it is recorded).
      const paying = on(timeline.agreementsAcceptedDay + i + 7)
      return recordPayment(paying, secondManager, competitionId, applicationId, 'signing', {
        paidOn: utcIsoToLondonLocal(paying.now().toISOString()).slice(0, 10),
        amountPence: grant.progress!.tranches.signing!.amountPence,
        reference: `LCR-CDC-GRANT-${String(i + 1).padStart(3, '0')}-1`,
      })
    }),
  )
  const { spacious, koala } = grants
  await Promise.all([
    (async () => {
      const saved = await saveReport(on(-3), spacious.grantee, spacious.applicationId, 'm1', {
        version: 0,
        progress:
          'Six care workers from three providers (two home-care agencies and a residential home in Sefton) are trained as digital champions. Each has led a first session with a colleague alongside.',
        evidenceNote:
          'All six champions attended the four training sessions; each provider’s manager confirmed their champions by email.',
        actuals: [
          { indicatorId: 'confidence', value: 44, explanation: '' },
          { indicatorId: 'sessions', value: 6, explanation: '' },
        ],
      })
      await submitReport(on(-2), spacious.grantee, spacious.applicationId, 'm1', saved)
    })(),
    (async () => {
      const saved = await saveReport(on(-10), koala.grantee, koala.applicationId, 'm1', {
        version: 0,
        progress:
          'The conversation guide is written with our volunteers and families, and the consent form is agreed with the early-help team in Wirral. Volunteers have practised the conversation at two collection days.',
        evidenceNote: 'The early-help team agreed the guide and the consent form at its meeting last month.',
        actuals: [
          { indicatorId: 'referrals', value: 14, explanation: '' },
          { indicatorId: 'know-where', value: 41, explanation: '' },
        ],
      })
      const submitted = await submitReport(on(-9), koala.grantee, koala.applicationId, 'm1', saved)
      await queryReport(on(-6), manager, competitionId, koala.applicationId, 'm1', {
        version: submitted.version,
        section: 'evidence',
        question:
          'Thank you. Could you add the guide, the consent form and the early-help team’s sign-off as files, so we can check the consent wording before the first referral?',
      })
    })(),
  ])
  // Each winner's first two milestones on the public results page, with their status.
  await Promise.all(
    Object.values(grants).flatMap(({ applicationId, grant }) =>
      grant.milestones
        .slice(0, 2)
        .map((m) => setMilestonePublic(on(-1), manager, competitionId, applicationId, m.id, true)),
    ),
  )
}
