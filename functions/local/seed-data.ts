// The demo: "What's your problem?", the Liverpool City Region Civic Data Cooperative's
// challenge-led programme (2021–22), with its 3 problems, 6 themes and £60,000 pot.
// Dates are set relative to today so the demo is always open for expressions of interest.
import type { Role } from '../../shared/schemas/common.js'
import type { ChallengeInput, DataPackItemInput, NewCompetition } from '../../shared/schemas/competition.js'
import type { QuestionInput } from '../../shared/schemas/form.js'

export const demoUsers: { email: string; name: string; role: Role }[] = [
  { email: 'programme.manager@lcr-cdc.example', name: 'Priya Shah', role: 'manager' },
  // The second manager, who records payments: never the person who authorised them (four eyes).
  { email: 'programme.payments@lcr-cdc.example', name: 'Rhys Morgan', role: 'manager' },
  { email: 'panel.chair@lcr-cdc.example', name: 'Dr Helen Moore', role: 'panellist' },
  { email: 'public.health@lcr-cdc.example', name: 'Tom Brennan', role: 'panellist' },
  { email: 'childrens.services@lcr-cdc.example', name: 'Aisha Okafor', role: 'panellist' },
  { email: 'adult.social.care@lcr-cdc.example', name: 'Gareth Lewis', role: 'panellist' },
  { email: 'growth.platform@lcr-cdc.example', name: 'Sian Roberts', role: 'panellist' },
  { email: 'founder@breathe-easy.example', name: 'Chloe Evans', role: 'applicant' },
  { email: 'director@familylink.example', name: 'Marcus Reid', role: 'applicant' },
  { email: 'hello@carebridge.example', name: 'Nadia Hussain', role: 'applicant' },
  { email: 'ideas@merseymakers.example', name: 'Liam Doyle', role: 'applicant' },
]

const day = 24 * 60 * 60 * 1000

/** Noon London time (13:00 BST or 12:00 GMT is close enough for a demo: use 12:00 UTC), `days` from `now`. */
export const noonUtc = (now: Date, days: number) => {
  const d = new Date(now.getTime() + days * day)
  d.setUTCHours(12, 0, 0, 0)
  return d.toISOString()
}

export const demoCompetition = (now: Date): NewCompetition => ({
  title: "What's your problem?",
  summary:
    'Public services in the Liverpool City Region have real problems and the data behind them. We are looking for small businesses, social enterprises and people with an idea who can help solve them. Read a problem and its information pack, then send us an expression of interest. Up to three ideas will be funded from a £60,000 pot.',
  ownerOrganisation: 'Liverpool City Region Civic Data Cooperative',
  potPence: 6_000_000,
  maxAwardPence: 2_000_000,
  timeline: {
    eoiOpensAt: noonUtc(now, -14),
    eoiClosesAt: noonUtc(now, 46),
    panelAt: noonUtc(now, 74),
    feedbackAt: noonUtc(now, 88),
  },
  eligibility: [
    { text: 'Our idea aligns to at least one of the six themes.' },
    { text: 'Our work will contribute to the Liverpool City Region economy.' },
    { text: 'Our idea will improve health and wellbeing in the Liverpool City Region.' },
  ],
})

export type DemoChallenge = { key: 'asthma' | 'families' | 'digital'; input: ChallengeInput; dataPack: DemoItem[] }
/** A data-pack item; one with `bytes` is a document the seed stores. */
export type DemoItem = DataPackItemInput & { bytes?: () => Uint8Array }

/** A text document's bytes. */
export const text = (s: string) => () => new TextEncoder().encode(s)

export const demoChallenges: DemoChallenge[] = [
  {
    key: 'asthma',
    input: {
      title: 'Childhood asthma',
      statement: 'How might we reduce emergency hospital admissions for children and young people with asthma?',
      context:
        'Asthma is one of the most common long-term conditions in children, and the Liverpool City Region has some of the highest rates of emergency admissions for it in England. Many admissions are preventable with good day-to-day management, clean air at home and the right support at school.',
      owner: 'Public health, Liverpool City Region',
      evidenceExpected: 'How your idea would reach families, and how we would know it reduced attacks or admissions.',
    },
    dataPack: [
      {
        kind: 'document',
        title: 'Information pack: childhood asthma',
        description: 'The problem, who it affects, what has been tried, and the questions the service is asking.',
        source: 'Civic Data Cooperative',
        licence: 'Open Government Licence v3.0',
        filename: 'childhood-asthma-information-pack.txt',
        contentType: 'text/plain',
        sizeBytes: 0,
        bytes: text(
          'Childhood asthma: information pack\n\nThe problem\nEmergency admissions for asthma among under-19s are higher here than the England average.\n\nPersonas\n- Jade, 34, parent of two, private rented flat with damp.\n- Mr Ahmed, school nurse covering five primary schools.\n\nQuestions we are asking\n- Which children are at risk before their first admission?\n- What would help families manage asthma day to day?\n',
        ),
      },
      {
        kind: 'dataset',
        title: 'Emergency admissions for asthma, under 19s, by local authority',
        description: 'Directly standardised rates per 100,000, with England for comparison.',
        url: 'https://fingertips.phe.org.uk/',
        source: 'Office for Health Improvement and Disparities: Fingertips',
        licence: 'Open Government Licence v3.0',
        accessLevel: 'open',
      },
      {
        kind: 'link',
        title: 'Asthma and lung health: guidance for families and schools',
        url: 'https://www.asthmaandlung.org.uk/',
        source: 'Asthma + Lung UK',
      },
      {
        kind: 'video',
        title: 'The problem explained by the service leader',
        description: 'A recorded explanation from the launch event (demo link).',
        url: 'https://civicdatacooperative.com/',
      },
    ],
  },
  {
    key: 'families',
    input: {
      title: 'Family support',
      statement: 'How might we help families ask for support early, so that fewer children need to come into care?',
      context:
        'Families often reach services only at crisis point. Earlier, community-based help keeps children safely at home, but families find it hard to know what exists and to ask for it without fear of judgement.',
      owner: "Children's social care, Liverpool City Region",
      evidenceExpected:
        'Who you would work with, how families would find and trust your idea, and what data could show a change.',
    },
    dataPack: [
      {
        kind: 'document',
        title: 'Information pack: family support',
        description: 'Case studies, personas and the local picture.',
        source: 'Civic Data Cooperative',
        licence: 'Open Government Licence v3.0',
        filename: 'family-support-information-pack.txt',
        contentType: 'text/plain',
        sizeBytes: 0,
        bytes: text(
          'Family support: information pack\n\nCase study\nA single father of three lost his job and fell behind with rent. By the time school raised concerns, the family was in crisis.\n\nWhat families told us\n- "I did not know who to ask."\n- "I was worried they would take my children."\n',
        ),
      },
      {
        kind: 'dataset',
        title: 'Children looked after, rates per 10,000, by local authority (aggregated)',
        description: 'Annual aggregated figures; no individual records.',
        url: 'https://www.gov.uk/government/collections/statistics-looked-after-children',
        source: 'Department for Education',
        licence: 'Open Government Licence v3.0',
        accessLevel: 'open',
      },
      {
        kind: 'dataset',
        title: 'Linked early-help referrals extract (synthetic sample)',
        description: 'A synthetic sample in the shape of the real extract; the real data needs an access agreement.',
        url: 'https://civicdatacooperative.com/',
        source: 'Civic Data Cooperative',
        licence: 'Data access agreement',
        accessLevel: 'restricted',
      },
      {
        kind: 'link',
        title: 'Local family hubs and early help',
        url: 'https://www.gov.uk/government/collections/family-hubs-and-start-for-life-programme',
        source: 'GOV.UK',
      },
    ],
  },
  {
    key: 'digital',
    input: {
      title: 'Digital in social care',
      statement: 'How might we make digital doable for social care teams?',
      context:
        'Social care teams juggle many systems that do not talk to each other, with little time for training. Digital tools succeed when they fit the working day and build confidence, not when they add another login.',
      owner: 'Adult social care, Liverpool City Region',
      evidenceExpected:
        'How your idea fits a care worker’s day, and how you would meet information-governance and DTAC expectations.',
    },
    dataPack: [
      {
        kind: 'document',
        title: 'Information pack: digital in social care',
        description: 'Findings from workshops with care teams, and the systems they use.',
        source: 'Civic Data Cooperative',
        licence: 'Open Government Licence v3.0',
        filename: 'digital-social-care-survey.csv',
        contentType: 'text/csv',
        sizeBytes: 0,
        bytes: text(
          'question,agree,neutral,disagree\n"I feel confident using the case-management system",41,22,37\n"Our systems share information with health colleagues",12,18,70\n"I have time for digital training",9,15,76\n',
        ),
      },
      {
        kind: 'link',
        title: 'Digital Technology Assessment Criteria (DTAC)',
        url: 'https://transform.england.nhs.uk/key-tools-and-info/digital-technology-assessment-criteria-dtac/',
        source: 'NHS England',
      },
      {
        kind: 'video',
        title: 'A day in the life of a care team (demo link)',
        url: 'https://civicdatacooperative.com/',
      },
    ],
  },
]

export const demoThemes: { title: string; description: string; challenges: DemoChallenge['key'][] }[] = [
  {
    title: 'Digital leadership',
    description: 'Helping leaders set direction for digital change.',
    challenges: ['digital'],
  },
  {
    title: 'Digital literacy',
    description: 'Building the confidence and skills to use digital tools.',
    challenges: ['digital', 'families'],
  },
  {
    title: 'Helping digital systems talk to each other',
    description: 'Interoperability between the systems services use.',
    challenges: ['digital', 'asthma', 'families'],
  },
  {
    title: 'Data linkage',
    description: 'Joining data safely to see the whole picture.',
    challenges: ['asthma', 'families'],
  },
  {
    title: 'Helping families ask for help',
    description: 'Making it easy and safe to ask for support early.',
    challenges: ['families', 'asthma'],
  },
  {
    title: 'Services driven by community power',
    description: 'Communities shaping and running the help they need.',
    challenges: ['families', 'asthma', 'digital'],
  },
]

/** How far along an idea is: the same question on every demo competition's form. */
export const stageQuestion: QuestionInput = {
  kind: 'singleChoice',
  label: 'How far along is your idea?',
  help: '',
  required: true,
  options: [
    { id: 'idea', label: 'An idea on paper' },
    { id: 'prototype', label: 'A prototype' },
    { id: 'pilot', label: 'Piloted with real users' },
    { id: 'in-use', label: 'In use elsewhere' },
  ],
}

/** "A sensible, easy and forgiving web form": flexible word counts, text or video. */
export const demoQuestions: QuestionInput[] = [
  {
    kind: 'longText',
    label: 'What is your idea?',
    help: 'Say what you would build or do, and for whom. Plain English is best.',
    required: true,
    softWordLimit: 300,
    hardWordLimit: 500,
  },
  {
    kind: 'longText',
    label: 'Which problem does it address, and how would we know it worked?',
    help: 'Name the challenge and the evidence you would collect.',
    required: true,
    softWordLimit: 300,
    hardWordLimit: 600,
  },
  {
    kind: 'textOrVideo',
    label: 'Your pitch',
    help: 'Write it, or send a link to a video of up to three minutes: whichever suits you.',
    required: false,
    softWordLimit: 250,
    hardWordLimit: 400,
  },
  stageQuestion,
  { kind: 'url', label: 'Your website, if you have one', help: '', required: false },
]
