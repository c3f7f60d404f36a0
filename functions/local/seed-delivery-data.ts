// The third demo competition: the first round of "What's your problem?", the real Liverpool
// City Region Civic Data Cooperative programme (2021–22), now in delivery. Its three winners
// and their awards are the real ones (£16,700, £20,000 and £16,240: £52,940 of the £60,000
// pot); what each proposed, their grant agreements, milestones, indicators and the people who
// sign in for them are illustrative, and every email uses .example.
import type { Role } from '../../shared/schemas/common.js'
import type { NewCompetition } from '../../shared/schemas/competition.js'
import type { GrantSetupInput } from '../../shared/schemas/grants.js'
import type { OrganisationInput } from '../../shared/schemas/organisation.js'
import { demoCompetition, type DemoChallenge } from './seed-data.js'

/** Days relative to the seed's "today" (negative: in the past). */
export const deliveryTimeline = {
  createdDay: -215,
  eoiOpensDay: -200,
  eoiClosesDay: -150,
  screenedDay: -147,
  shortlistedDay: -140,
  panelDay: -125,
  /** Awards the day after the panel, released to the applicants the day after that. */
  awardedDay: -124,
  releasedDay: -123,
  offersAnsweredDay: -120,
  resultsDay: -116,
  /** The agreements are sent, then accepted over the next days; each grant starts after. */
  agreementsSentDay: -100,
  agreementsAcceptedDay: -96,
  startsDay: -92,
}

export const deliveryCompetition = (now: Date, at: (days: number) => string): NewCompetition => ({
  ...demoCompetition(now),
  title: "What's your problem? (first round)",
  summary:
    'The first round of the Civic Data Cooperative’s challenge-led programme: public services in the Liverpool City Region set out three real problems with the data behind them, and small businesses, social enterprises and charities answered. Three ideas were funded from a £60,000 pot and are now being delivered.',
  timeline: {
    eoiOpensAt: at(deliveryTimeline.eoiOpensDay),
    eoiClosesAt: at(deliveryTimeline.eoiClosesDay),
    panelAt: at(deliveryTimeline.panelDay),
    feedbackAt: at(deliveryTimeline.releasedDay),
  },
})

/**
 * One winner: its organisation, the person who applied and signs in for it, its EOI, the award
 * and the grant agreement. Dates in the agreement are days from today (`startsDay`, `endsDay`,
 * each milestone's `dueDay`, each baseline's and target's `day`).
 */
export type DeliveryWinner = {
  key: WinnerKey
  grantee: { email: string; name: string; role: Role }
  organisation: OrganisationInput
  challenge: DemoChallenge['key']
  /** Theme titles, as in the first demo. */
  themes: string[]
  idea: string
  difference: string
  pitch: string
  stage: 'idea' | 'prototype' | 'pilot' | 'in-use'
  amountPence: number
  submittedDay: number
  shortlistReason: string
  conditions: string
  agreement: {
    endsDay: number
    milestones: { id: string; title: string; dueDay: number; evidence: string }[]
    /** Percentages of the award: on signing, on a milestone's approval; the last held back. */
    tranches: GrantSetupInput['tranches']
    indicators: {
      id: string
      measure: string
      unit: string
      better: 'higher' | 'lower'
      baseline: { value: number; day: number }
      targets: { value: number; day: number }[]
    }[]
    notes: string
  }
}

export type WinnerKey = 'spacious' | 'koala' | 'damibu'

/** 25% on signing, 25% on each of two milestones, 25% held back until the completion report. */
const quarters = (first: string, second: string): GrantSetupInput['tranches'] => [
  { id: 'signing', label: 'On signing', percent: 25, trigger: { kind: 'signing' } },
  { id: 't2', label: 'On the first milestone', percent: 25, trigger: { kind: 'milestone', milestoneId: first } },
  { id: 't3', label: 'On the second milestone', percent: 25, trigger: { kind: 'milestone', milestoneId: second } },
  {
    id: 'holdback',
    label: 'Held back until the completion report',
    percent: 25,
    trigger: { kind: 'milestone', milestoneId: 'final' },
    holdback: true,
  },
]

export const deliveryWinners: DeliveryWinner[] = [
  {
    key: 'spacious',
    grantee: { email: 'hello@spaciousplaces.example', name: 'Joanne Kelly', role: 'applicant' },
    organisation: { name: 'Spacious Places Life', type: 'vcse', postcode: 'L8 1YE', sizeBand: '2-9' },
    challenge: 'digital',
    themes: ['Digital literacy', 'Services driven by community power'],
    idea: 'Short, hands-on “digital doable” sessions for care teams, run in their own workplaces by care workers we train as digital champions, built around the three systems each team uses most.',
    difference:
      'Care workers who feel confident with the tools they already have, and fewer hours lost to double entry. We would survey confidence before and after, and count sessions, champions and the tasks teams move off paper.',
    pitch:
      'Care teams told the Cooperative they have no time for training. We bring the training to the break room: twenty minutes, their own systems, a colleague leading it.',
    stage: 'pilot',
    amountPence: 1_670_000,
    submittedDay: -158,
    shortlistReason: 'Fits the digital challenge closely, builds on a small pilot, and measures confidence directly.',
    conditions: 'Quarterly progress reports. Sessions are arranged through each care provider’s manager.',
    agreement: {
      endsDay: 200,
      milestones: [
        {
          id: 'm1',
          title: 'Six digital champions trained in three care providers',
          dueDay: 10,
          evidence: 'The champions’ names and providers, the training plan and attendance.',
        },
        {
          id: 'm2',
          title: 'Forty workplace sessions delivered',
          dueDay: 75,
          evidence: 'Session log (date, provider, attendees, topic) and the confidence survey’s first results.',
        },
        {
          id: 'm3',
          title: 'Champions running sessions without us',
          dueDay: 140,
          evidence: 'Sessions led by champions alone, with their notes.',
        },
        {
          id: 'final',
          title: 'Completion report',
          dueDay: 190,
          evidence: 'The completion report: what changed, the survey before and after, and what continues.',
        },
      ],
      tranches: quarters('m1', 'm2'),
      indicators: [
        {
          id: 'confidence',
          measure: 'Care workers who feel confident using their case-management system',
          unit: '% of those surveyed',
          better: 'higher',
          baseline: { value: 41, day: -130 },
          targets: [
            { value: 55, day: 80 },
            { value: 65, day: 195 },
          ],
        },
        {
          id: 'sessions',
          measure: 'Workplace sessions delivered',
          unit: 'sessions',
          better: 'higher',
          baseline: { value: 0, day: -92 },
          targets: [
            { value: 40, day: 75 },
            { value: 90, day: 195 },
          ],
        },
      ],
      notes: 'Check the champions’ release time is agreed with each provider before the second payment.',
    },
  },
  {
    key: 'koala',
    grantee: { email: 'grants@koalanorthwest.example', name: 'Lisa Byrne', role: 'applicant' },
    organisation: { name: 'Koala North West', type: 'vcse', postcode: 'CH41 5LH', sizeBand: '10-49' },
    challenge: 'families',
    themes: ['Helping families ask for help', 'Services driven by community power'],
    idea: 'Families already trust us when they collect essentials for their babies and children. We would add a friendly “what else would help?” conversation at collection, and a simple way to pass a family, with their consent, to the early-help team.',
    difference:
      'Families reach help before a crisis. We would count conversations, consented referrals and whether the family was supported, and ask families whether they now know where to go.',
    pitch:
      'No one walks into a baby bank expecting to be judged. That is the moment to ask what else would help, and to make the next step easy.',
    stage: 'in-use',
    amountPence: 2_000_000,
    submittedDay: -163,
    shortlistReason: 'Reaches families at a moment of trust, with a clear route into early help and a measure of it.',
    conditions: 'Quarterly progress reports. Referrals only with the family’s recorded consent.',
    agreement: {
      endsDay: 240,
      milestones: [
        {
          id: 'm1',
          title: 'Conversation guide and consent process agreed with early help',
          dueDay: 21,
          evidence: 'The guide, the consent form and the early-help team’s sign-off.',
        },
        {
          id: 'm2',
          title: 'Six months of conversations at collection',
          dueDay: 120,
          evidence: 'Conversations held, referrals made and what happened to them (counts only).',
        },
        {
          id: 'final',
          title: 'Completion report',
          dueDay: 230,
          evidence: 'The completion report, with what families told us.',
        },
      ],
      tranches: quarters('m1', 'm2'),
      indicators: [
        {
          id: 'referrals',
          measure: 'Families referred to early help with their consent',
          unit: 'families a quarter',
          better: 'higher',
          baseline: { value: 12, day: -120 },
          targets: [
            { value: 30, day: 120 },
            { value: 45, day: 235 },
          ],
        },
        {
          id: 'know-where',
          measure: 'Families who say they know where to ask for help',
          unit: '% of families asked',
          better: 'higher',
          baseline: { value: 38, day: -120 },
          targets: [{ value: 70, day: 235 }],
        },
      ],
      notes: 'Information-governance check of the consent form before the first referral.',
    },
  },
  {
    key: 'damibu',
    grantee: { email: 'projects@damibu.example', name: 'Owen Price', role: 'applicant' },
    organisation: { name: 'Damibu', type: 'sme', postcode: 'L3 4BL', sizeBand: '10-49' },
    challenge: 'asthma',
    themes: ['Helping digital systems talk to each other', 'Data linkage'],
    idea: 'A shared asthma action plan for each child, on the family’s phone and the school nurse’s tablet: inhaler reminders, a record of reliever use, and a nudge to the nurse when a child needs their reliever often.',
    difference:
      'Children whose asthma is managed day to day, at home and at school, and fewer emergency admissions. We would count plans in use and nurse follow-ups, and, through the Cooperative, admissions for the children taking part.',
    pitch:
      'Every child with asthma should have a plan, and everyone around them should be able to see it. We build health apps that families actually keep using.',
    stage: 'prototype',
    amountPence: 1_624_000,
    submittedDay: -152,
    shortlistReason:
      'A practical tool from an experienced health-app developer, linking home and school, with a path to admissions data.',
    conditions: 'Quarterly progress reports. A DTAC self-assessment before the app is used by any family.',
    agreement: {
      endsDay: 270,
      milestones: [
        {
          id: 'm1',
          title: 'Plan co-designed with families and two school nurses',
          dueDay: -12,
          evidence: 'Notes from the design sessions and the clickable prototype.',
        },
        {
          id: 'm2',
          title: 'DTAC self-assessment and app live in five schools',
          dueDay: 60,
          evidence: 'The DTAC self-assessment and the schools’ confirmation.',
        },
        {
          id: 'm3',
          title: 'A term of use in the pilot schools',
          dueDay: 150,
          evidence: 'Plans in use, reminders sent and nurse follow-ups (counts only).',
        },
        {
          id: 'final',
          title: 'Completion report',
          dueDay: 260,
          evidence: 'The completion report, with admissions for the children taking part from the Cooperative.',
        },
      ],
      tranches: quarters('m2', 'm3'),
      indicators: [
        {
          id: 'plans',
          measure: 'Children with a shared asthma action plan in use',
          unit: 'children',
          better: 'higher',
          baseline: { value: 0, day: -92 },
          targets: [
            { value: 60, day: 90 },
            { value: 150, day: 265 },
          ],
        },
        {
          id: 'admissions',
          measure: 'Emergency asthma admissions of children in the pilot schools',
          unit: 'admissions a term',
          better: 'lower',
          baseline: { value: 14, day: -150 },
          targets: [{ value: 9, day: 265 }],
        },
      ],
      notes: 'The first milestone is late: the school nurses’ availability moved the design sessions.',
    },
  },
]
