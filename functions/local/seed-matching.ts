// The demo's partner matching, on "What's your problem?": two challenge owners (opted in by the
// programme manager) and three businesses (opted in by their applicants) say what they offer and
// seek. Breathe Easy and Alder Hey are a likely match nobody has acted on yet; FamilyLink asked
// Liverpool's children's services for an introduction, and the manager accepted it for them.
// Seeded through the same core functions people use.
import { OrganisationInput } from '../../shared/schemas/organisation.js'
import { IntroductionRequest, MatchProfileInput } from '../../shared/schemas/matching.js'
import type { User } from '../../shared/schemas/user.js'
import type { Ctx } from '../core/context.js'
import { answerIntroduction, optIn, requestIntroduction } from '../core/matching/matching.js'
import { registerOrganisation } from '../core/organisations/organisations.js'
import { getCompetitionAggregate } from '../db/competitions-repo.js'
import { getMembership } from '../db/organisations-repo.js'

/** The businesses: a demo applicant each, with the organisation they register if they have none yet. */
const smes = [
  {
    email: 'founder@breathe-easy.example',
    organisation: { name: 'Breathe Easy Ltd', type: 'sme', postcode: 'L3 9PP', sizeBand: '2-9' },
    challenge: 'Childhood asthma',
    summary: 'We build low-cost air sensors that warn families when the air at home or near school is bad.',
    skillsOffered: ['Sensor hardware', 'Air quality monitoring'],
    dataSought: ['Asthma admissions by ward'],
    pilotSite: 'seek',
    pilotSiteNote: 'Homes of children with asthma, through a clinic or school',
  },
  {
    email: 'director@familylink.example',
    organisation: { name: 'FamilyLink CIC', type: 'vcse', postcode: 'L8 7NL', sizeBand: '10-49' },
    challenge: 'Family support',
    summary: 'Trained volunteers who support families early, before problems reach children’s services.',
    skillsOffered: ['Family support', 'Volunteer training'],
    dataSought: ['Early help referrals'],
    pilotSite: 'seek',
    pilotSiteNote: 'A family hub',
  },
  {
    email: 'ideas@merseymakers.example',
    organisation: { name: 'Mersey Makers', type: 'vcse', postcode: 'L1 4DQ', sizeBand: '2-9' },
    challenge: 'Childhood asthma',
    summary: 'A community makerspace: young people build open-source sensors and learn electronics.',
    skillsOffered: ['Sensor hardware', 'Community workshops'],
    dataSought: [],
    pilotSite: 'none',
    pilotSiteNote: '',
  },
] as const

/** The challenge owners: opted in by the programme manager, who names their contact. */
const owners = [
  {
    organisationName: 'Alder Hey Children’s NHS Foundation Trust',
    challenge: 'Childhood asthma',
    contactName: 'Dr Ada Okoro',
    contactEmail: 'respiratory.team@alderhey.example',
    summary: 'Our respiratory team sees the same children admitted with asthma attacks every winter.',
    dataOffered: ['Asthma admissions by ward'],
    skillsSought: ['Air quality monitoring', 'Machine learning'],
    pilotSite: 'offer',
    pilotSiteNote: 'Two respiratory clinics',
  },
  {
    organisationName: 'Liverpool City Council Children’s Services',
    challenge: 'Family support',
    contactName: 'Joanne Price',
    contactEmail: 'early.help@liverpool.example',
    summary: 'Our early help teams want to reach families sooner, and with the community’s help.',
    dataOffered: ['Early help referrals'],
    skillsSought: ['Volunteer training'],
    pilotSite: 'offer',
    pilotSiteNote: 'A family hub in Kirkby',
  },
] as const

export async function seedMatchingDemo(ctx: Ctx, competitionId: string, users: User[]): Promise<void> {
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
  if (!aggregate) throw new Error('The matching demo needs the open competition.')
  const challengeId = (title: string) => {
    const found = aggregate.challenges.find((c) => c.title === title)
    if (!found) throw new Error(`The matching demo needs the challenge “${title}”.`)
    return found.id
  }
  const manager = users.find((u) => u.role === 'manager')
  if (!manager) throw new Error('The matching demo needs a programme manager.')
  const acting = { caller: manager }

  const ownerProfiles = []
  for (const { challenge, ...owner } of owners)
    ownerProfiles.push(
      await optIn(
        ctx,
        manager,
        competitionId,
        MatchProfileInput.parse({ side: 'owner', challengeId: challengeId(challenge), ...owner }),
      ),
    )
  const smeProfiles = []
  for (const { email, organisation, challenge, ...fields } of smes) {
    const applicant = users.find((u) => u.email === email)
    if (!applicant) throw new Error(`The matching demo needs the applicant ${email}.`)
    if (!(await getMembership(ctx.db, applicant.id)))
      await registerOrganisation(ctx, applicant, OrganisationInput.parse(organisation))
    smeProfiles.push({
      applicant,
      profile: await optIn(
        ctx,
        applicant,
        competitionId,
        MatchProfileInput.parse({ side: 'sme', challengeIds: [challengeId(challenge)], ...fields }),
      ),
    })
  }

  // FamilyLink asks Liverpool's children's services; the manager accepts for them.
  const familyLink = smeProfiles[1]!
  const childrensServices = ownerProfiles[1]!
  const asked = await requestIntroduction(
    ctx,
    competitionId,
    familyLink.profile.id,
    { caller: familyLink.applicant },
    IntroductionRequest.parse({
      toProfileId: childrensServices.id,
      message: 'We would love to pilot healthy-home champions with your early help team in Kirkby.',
    }),
  )
  await answerIntroduction(ctx, competitionId, childrensServices.id, acting, asked.id, { action: 'accept' })
}
