// The first round's funnel as the real programme counted it: 15 organisations engaged, 12 EOIs,
// 4 shortlisted, 3 funded, 3 that engaged but never applied. The three winners are seeded by
// seed-delivery.ts; this adds the other nine EOIs (one shortlisted but not funded, two not
// eligible) and the three that only asked a question. Those twelve organisations, their people
// and what they wrote are synthetic (every email uses .example); some answered the optional
// leadership questions. Everything goes through core, so the funnel's counts are the app's own.
import { DraftChanges } from '../../shared/schemas/application.js'
import { OrganisationInput } from '../../shared/schemas/organisation.js'
import type { User } from '../../shared/schemas/user.js'
import { LeadershipInput, ProgrammeInput } from '../../shared/schemas/funnel.js'
import { saveDraft, startApplication, submitApplication } from '../core/applications/applications.js'
import { askClarification } from '../core/clarifications/clarifications.js'
import type { Ctx } from '../core/context.js'
import { saveLeadership } from '../core/funnel/leadership.js'
import { createProgramme } from '../core/funnel/programmes.js'
import { newId } from '../core/ids.js'
import { registerOrganisation } from '../core/organisations/organisations.js'
import { insertUser } from '../db/users-repo.js'

const others = [
  { name: 'Wirral Wellbeing Works CIC', type: 'vcse', theme: 'Data linkage', outcome: 'shortlisted-unfunded' },
  { name: 'Sefton Sensors Ltd', type: 'sme', theme: 'Helping digital systems talk to each other', outcome: 'eligible' },
  { name: 'Knowsley Kin Network', type: 'vcse', theme: 'Helping families ask for help', outcome: 'eligible' },
  { name: 'Halton Health Data Ltd', type: 'sme', theme: 'Data linkage', outcome: 'eligible' },
  { name: 'St Helens Care Tech Ltd', type: 'sme', theme: 'Digital leadership', outcome: 'eligible' },
  { name: 'Riverside Digital Champions', type: 'vcse', theme: 'Digital literacy', outcome: 'eligible' },
  {
    name: 'Bootle Breathing Space CIC',
    type: 'vcse',
    theme: 'Services driven by community power',
    outcome: 'eligible',
  },
  { name: 'North West Forms Ltd', type: 'sme', theme: 'Digital literacy', outcome: 'ineligible' },
  { name: 'Generic Apps Ltd', type: 'sme', theme: 'Digital leadership', outcome: 'ineligible' },
] as const

const askers = ['Anfield Asthma Friends', 'Liverpool Parent Network CIC', 'Mersey Care Robotics Ltd']

/** The twelve organisations besides the winners that engaged with the application process. */
export const otherEngagedOrganisations: readonly string[] = [...others.map((o) => o.name), ...askers]

export type FirstRoundOthers = {
  /** Application ids by the decision they get. */
  eligible: string[]
  ineligible: string[]
  shortlistedUnfunded: string[]
}

/**
 * The nine other EOIs, drafted and submitted while the form was open (`on` gives the context on
 * a day of the seed's timeline), and the three questions from organisations that never applied.
 */
export async function seedFirstRoundOthers(
  on: (days: number, hours?: number) => Ctx,
  competitionId: string,
  form: {
    opensDay: number
    closesDay: number
    eligibilityIds: string[]
    themeIds: Map<string, string>
    questionIds: string[]
  },
): Promise<FirstRoundOthers> {
  const seeded: FirstRoundOthers = { eligible: [], ineligible: [], shortlistedUnfunded: [] }
  const person = async (name: string, i: number, kind: string): Promise<User> => {
    const user: User = {
      id: newId(),
      email: `${kind}${i + 1}@first-round.example`,
      name: `${name} (synthetic)`,
      role: 'applicant',
    }
    const ctx = on(form.opensDay + 1 + i)
    await insertUser(ctx.db, user)
    await registerOrganisation(
      ctx,
      user,
      OrganisationInput.parse({ name, type: 'sme', postcode: 'L1 8JQ', sizeBand: '2-9' }),
    )
    return user
  }
  for (const [i, name] of askers.entries()) {
    const asker = await person(name, i, 'asker')
    await askClarification(
      on(form.opensDay + 3 + i),
      asker,
      competitionId,
      'Can we apply with a partner who is not based in the region?',
    )
  }
  for (const [i, other] of others.entries()) {
    const applicant = await person(other.name, i, 'applicant')
    const day = form.closesDay - 20 + i * 2
    if (i % 3 === 0) {
      await saveLeadership(
        on(day - 1),
        applicant,
        LeadershipInput.parse({
          consent: true,
          answers: { 'women-led': 'yes', 'lived-experience-led': 'yes' },
          version: 0,
        }),
      )
    }
    const drafting = on(day, -2)
    const draft = await startApplication(drafting, applicant, competitionId)
    const [idea, difference, pitch, stage] = form.questionIds
    await saveDraft(
      drafting,
      applicant,
      draft.id,
      DraftChanges.parse({
        version: draft.version,
        answers: {
          [idea!]: `${other.name} would test a small, practical answer to the problem with the people who live with it.`,
          [difference!]: 'Fewer hours lost, and families and staff who say it helped. We would count both.',
          [pitch!]: { mode: 'text', text: 'A short pilot with one team, then a decision on whether to go further.' },
          [stage!]: 'idea',
        },
        amountRequestedPence: 1_500_000,
        themeIds: [form.themeIds.get(other.theme)!],
        eligibilityConfirmed: form.eligibilityIds,
      }),
    )
    const submitted = await submitApplication(on(day), applicant, draft.id)
    if (other.outcome === 'ineligible') seeded.ineligible.push(submitted.id)
    else if (other.outcome === 'shortlisted-unfunded') seeded.shortlistedUnfunded.push(submitted.id)
    else seeded.eligible.push(submitted.id)
  }
  return seeded
}

/** "What's your problem?" as a programme: the first round, then the open one. */
export async function seedProgramme(ctx: Ctx, firstRoundId: string, openId: string): Promise<void> {
  await createProgramme(
    ctx,
    ProgrammeInput.parse({ title: "What's your problem?", competitionIds: [firstRoundId, openId] }),
  )
}
