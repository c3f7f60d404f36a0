// The second demo competition, "Healthy homes, healthy lungs": a fictional Liverpool City
// Region challenge modelled on the real "What's your problem?" round (£60,000 pot, 12
// expressions of interest, 4 shortlisted, a panel of 5). Its EOI window has closed and the
// panel is scoring; the recommendations are left for the programme manager to make.
// Every organisation and person here is invented; emails use .example.
import type { SignpostInput } from '../../shared/schemas/feedback.js'
import type { RubricInput } from '../../shared/schemas/assessing.js'
import type { Role } from '../../shared/schemas/common.js'
import type { ChallengeInput, NewCompetition } from '../../shared/schemas/competition.js'
import type { QuestionInput } from '../../shared/schemas/form.js'
import type { OrganisationInput } from '../../shared/schemas/organisation.js'
import { noonUtc, stageQuestion, text, type DemoItem } from './seed-data.js'

/** Days relative to the seed's "today" (negative: in the past). */
export const timeline = {
  createdDay: -62,
  eoiOpensDay: -56,
  eoiClosesDay: -14,
  /** Screening, the rubric and shortlisting happen in the fortnight after the deadline. */
  rubricDay: -13,
  screenedDay: -12,
  shortlistedDay: -10,
  panelDay: 7,
  feedbackDay: 21,
}

export const assessingCompetition = (now: Date, panelAt: string): NewCompetition => ({
  title: 'Healthy homes, healthy lungs',
  summary:
    'Damp, mould and cold homes make people ill, and children and people with lung conditions most of all. Public health and housing teams across the Liverpool City Region want ideas that find the homes at risk sooner and get them fixed. Up to three ideas will be funded from a £60,000 pot.',
  ownerOrganisation: 'Liverpool City Region Civic Data Cooperative',
  potPence: 6_000_000,
  maxAwardPence: 2_000_000,
  timeline: {
    eoiOpensAt: noonUtc(now, timeline.eoiOpensDay),
    eoiClosesAt: noonUtc(now, timeline.eoiClosesDay),
    panelAt,
    feedbackAt: noonUtc(now, timeline.feedbackDay),
  },
  eligibility: [
    { text: 'Our idea addresses at least one of the two challenges.' },
    { text: 'Our work will take place in, and contribute to the economy of, the Liverpool City Region.' },
    { text: 'We can start within three months of an award and finish within six.' },
  ],
})

export type AssessingChallenge = {
  key: 'damp' | 'cold'
  input: ChallengeInput
  dataPack: DemoItem[]
}

export const assessingChallenges: AssessingChallenge[] = [
  {
    key: 'damp',
    input: {
      title: 'Damp and mould in rented homes',
      statement:
        'How might we find and fix damp and mould in rented homes before it harms the health of the people living there?',
      context:
        'Damp and mould are linked to asthma, chest infections and poor mental health. Tenants often do not report them, or report them and wait; landlords and councils hear late. Many of the homes at risk are privately rented, older and hard to heat.',
      owner: 'Public health and housing, Liverpool City Region',
      evidenceExpected:
        'How you would find homes at risk or help tenants be heard, who would act on it, and how we would know homes were fixed.',
    },
    dataPack: [
      {
        kind: 'document',
        title: 'Information pack: damp and mould',
        description: 'The problem, who it affects, what has been tried, and the questions the services are asking.',
        source: 'Civic Data Cooperative',
        licence: 'Open Government Licence v3.0',
        filename: 'damp-and-mould-information-pack.txt',
        contentType: 'text/plain',
        sizeBytes: 0,
        bytes: text(
          'Damp and mould: information pack\n\nThe problem\nEnvironmental health teams across the city region receive more damp and mould complaints every winter, most from private rented homes.\n\nPersonas\n- Kerry, 29, two children under five, a flat above a shop with black mould in the bedroom.\n- Mr Osei, 71, COPD, a terraced house he rents from a landlord who lives abroad.\n\nQuestions we are asking\n- Which homes are at risk before anyone complains?\n- How can a tenant report a problem without fear of losing their home?\n',
        ),
      },
      {
        kind: 'link',
        title: 'Damp and mould: understanding and addressing the health risks for rented housing providers',
        url: 'https://www.gov.uk/government/publications/damp-and-mould-understanding-and-addressing-the-health-risks-for-rented-housing-providers',
        source: 'GOV.UK',
      },
      {
        kind: 'dataset',
        title: 'Energy performance certificates for domestic buildings',
        description: 'Certificates by address, with the age, construction and heating of each home.',
        url: 'https://epc.opendatacommunities.org/',
        source: 'Ministry of Housing, Communities and Local Government',
        licence: 'Open Government Licence v3.0',
        accessLevel: 'open',
      },
      {
        kind: 'dataset',
        title: 'Damp and mould complaints to environmental health, by ward (synthetic sample)',
        description: 'A synthetic sample in the shape of the real extract; the real data needs an access agreement.',
        url: 'https://civicdatacooperative.com/',
        source: 'Civic Data Cooperative',
        licence: 'Data access agreement',
        accessLevel: 'restricted',
      },
    ],
  },
  {
    key: 'cold',
    input: {
      title: 'Cold homes and winter lung health',
      statement: 'How might we help people with lung conditions keep warm and well at home through the winter?',
      context:
        'Cold homes make chest conditions worse, and winter brings a rise in emergency admissions for asthma and COPD. Help with energy costs and home improvements exists, but the people who need it most often do not know about it or cannot reach it.',
      owner: 'Public health, Liverpool City Region',
      evidenceExpected: 'Who you would reach, how, and what would show fewer cold homes or fewer winter admissions.',
    },
    dataPack: [
      {
        kind: 'dataset',
        title: 'Sub-regional fuel poverty statistics',
        description: 'Households in fuel poverty by local authority and lower-layer super output area.',
        url: 'https://www.gov.uk/government/collections/fuel-poverty-sub-regional-statistics',
        source: 'Department for Energy Security and Net Zero',
        licence: 'Open Government Licence v3.0',
        accessLevel: 'open',
      },
      {
        kind: 'link',
        title: 'Excess winter deaths and illness and the health risks associated with cold homes (NG6)',
        url: 'https://www.nice.org.uk/guidance/ng6',
        source: 'NICE',
      },
      {
        kind: 'video',
        title: 'A winter on the respiratory ward, told by a specialist nurse (demo link)',
        url: 'https://civicdatacooperative.com/',
      },
    ],
  },
]

export const assessingThemes: {
  key: 'early' | 'heard' | 'warm'
  title: string
  description: string
  challenges: AssessingChallenge['key'][]
}[] = [
  {
    key: 'early',
    title: 'Spotting risk early',
    description: 'Using data and everyday contact to find homes at risk before people become ill.',
    challenges: ['damp', 'cold'],
  },
  {
    key: 'heard',
    title: 'Helping tenants be heard',
    description: 'Making it easy and safe for tenants to report a problem and see it fixed.',
    challenges: ['damp'],
  },
  {
    key: 'warm',
    title: 'Warm, dry homes on a budget',
    description: 'Practical, affordable ways to keep homes warm and dry.',
    challenges: ['cold', 'damp'],
  },
]

/** A short form: the idea, the difference it makes, how far along it is. */
export const assessingQuestions: QuestionInput[] = [
  {
    kind: 'longText',
    label: 'What is your idea, and who is it for?',
    help: 'Say what you would build or do, and for whom. Plain English is best.',
    required: true,
    softWordLimit: 250,
    hardWordLimit: 400,
  },
  {
    kind: 'longText',
    label: 'What difference would it make, and how would we know?',
    help: 'Name the challenge and the evidence you would collect.',
    required: true,
    softWordLimit: 250,
    hardWordLimit: 400,
  },
  stageQuestion,
]

export type ShortlistKey = 'breathe' | 'carebridge' | 'dampmap' | 'tenantvoice'

export type DemoEoi = {
  /** The applicant who submits it: one of the first demo's applicants (by email), or a new one. */
  applicant: { email: string; name: string; role: Role }
  organisation: OrganisationInput
  idea: string
  difference: string
  stage: 'idea' | 'prototype' | 'pilot' | 'in-use'
  amountRequestedPence: number
  themes: (typeof assessingThemes)[number]['key'][]
  /** Days relative to today when it was submitted (before the deadline). */
  submittedDay: number
  screening: { outcome: 'eligible' } | { outcome: 'ineligible'; reason: string }
  shortlist?:
    | { outcome: 'shortlisted'; key: ShortlistKey; reason: string }
    | { outcome: 'not-shortlisted'; reason: string }
}

const applicant = (email: string, name: string) => ({ email, name, role: 'applicant' as const })

/** Twelve EOIs: four from the first demo's applicants, eight from new ones. 10 eligible, 4 shortlisted. */
export const demoEois: DemoEoi[] = [
  {
    applicant: applicant('founder@breathe-easy.example', 'Chloe Evans'),
    organisation: {
      name: 'Breathe Easy Ltd',
      type: 'sme',
      postcode: 'L3 9PP',
      sizeBand: '2-9',
      companiesHouseNumber: '12847301',
    },
    idea: 'Low-cost humidity, temperature and air-quality sensors lent to families of children with asthma, with a simple app that warns them when a room is getting damp or cold and suggests what to do. With the tenant’s consent, a persistent problem raises a repair request with the landlord and a note to the school nurse.',
    difference:
      'Fewer asthma attacks and fewer nights in hospital. We piloted the sensors with 20 families in Knowsley last winter: 14 homes had damp readings their tenants had not reported. We would measure repairs completed, readings before and after, and, through the Civic Data Cooperative, emergency admissions for the children taking part.',
    stage: 'pilot',
    amountRequestedPence: 1_950_000,
    themes: ['early', 'heard'],
    submittedDay: -20,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'shortlisted',
      key: 'breathe',
      reason:
        'A strong fit with both challenges, already piloted with families in Knowsley, and a clear measure of success.',
    },
  },
  {
    applicant: applicant('director@familylink.example', 'Marcus Reid'),
    organisation: { name: 'FamilyLink CIC', type: 'vcse', postcode: 'L8 7NL', sizeBand: '10-49' },
    idea: 'Train our family support volunteers as “healthy home champions” who spot damp, mould and cold on home visits and help families report it, with a follow-up visit a month later.',
    difference:
      'Families who would not complain on their own get problems fixed. We would count reports made, repairs done and families who say they feel confident to report again.',
    stage: 'idea',
    amountRequestedPence: 1_200_000,
    themes: ['heard'],
    submittedDay: -31,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'not-shortlisted',
      reason:
        'A strong community offer, but the champion role overlaps the healthy homes officers councils already fund. We would like to see FamilyLink partner with a funded idea.',
    },
  },
  {
    applicant: applicant('hello@carebridge.example', 'Nadia Hussain'),
    organisation: {
      name: 'CareBridge',
      type: 'sme',
      postcode: 'CH41 5LH',
      sizeBand: '10-49',
      companiesHouseNumber: '11593822',
    },
    idea: 'A two-minute “healthy home check” inside the visit app home care workers already use: damp, mould, cold rooms and broken heating, with a photo. A positive check goes straight to the council’s housing team and, for people with a lung condition, to their GP practice.',
    difference:
      'Care workers are in thousands of homes every day and already notice these things; today nothing happens with what they see. We would measure checks completed, referrals, time to repair, and winter admissions for the people in the homes checked.',
    stage: 'prototype',
    amountRequestedPence: 1_800_000,
    themes: ['early', 'warm'],
    submittedDay: -17,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'shortlisted',
      key: 'carebridge',
      reason: 'Uses contact care workers already have, with a clear route from a check to a referral and a repair.',
    },
  },
  {
    applicant: applicant('ideas@merseymakers.example', 'Liam Doyle'),
    organisation: { name: 'Mersey Makers', type: 'vcse', postcode: 'L1 4DQ', sizeBand: '2-9' },
    idea: 'Secondary school pupils build open-source damp sensors in our makerspace and take them home, learning electronics while mapping damp across their neighbourhood.',
    difference:
      'Young people learn skills, families learn about damp, and the city region gets a map of where damp is worst. We would count sensors built and homes mapped.',
    stage: 'prototype',
    amountRequestedPence: 850_000,
    themes: ['early'],
    submittedDay: -25,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'not-shortlisted',
      reason:
        'Imaginative and low-cost, but sensors built by pupils are unlikely to be reliable enough to act on, and there was no plan for who responds to a reading.',
    },
  },
  {
    applicant: applicant('kwame@dampmap.example', 'Dr Kwame Mensah'),
    organisation: {
      name: 'Damp Map Analytics Ltd',
      type: 'sme',
      postcode: 'L3 5TQ',
      sizeBand: '2-9',
      companiesHouseNumber: '13302476',
    },
    idea: 'A model that ranks every rented home in the city region by its risk of damp and mould, from energy performance certificates, the age and construction of the building, complaints to environmental health and, with the Civic Data Cooperative, linked health records. Environmental health teams would inspect the highest-risk homes first.',
    difference:
      'Inspections go where harm is most likely, not where complaints are loudest. We would compare the share of inspections finding a hazard before and after, and follow admissions for respiratory illness in the homes found and fixed.',
    stage: 'prototype',
    amountRequestedPence: 2_000_000,
    themes: ['early'],
    submittedDay: -15,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'shortlisted',
      key: 'dampmap',
      reason:
        'An ambitious use of the data pack. The panel wants to test its approach to consent and data protection at the pitch.',
    },
  },
  {
    applicant: applicant('rachel@tenantvoicesefton.example', 'Rachel Whitfield'),
    organisation: { name: 'Tenant Voice Sefton CIC', type: 'vcse', postcode: 'L20 3NJ', sizeBand: '2-9' },
    idea: 'A tenant-run reporting service: a text message, a photo and a call back from a trained tenant adviser, who logs the problem with the landlord, tracks it, and escalates to the council if nothing happens in 14 days.',
    difference:
      'Tenants who fear eviction report through a neighbour rather than alone. A housing association with 3,000 homes in Bootle has agreed to take part. We would measure reports, days to repair and how many cases needed the council.',
    stage: 'pilot',
    amountRequestedPence: 1_500_000,
    themes: ['heard'],
    submittedDay: -22,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'shortlisted',
      key: 'tenantvoice',
      reason: 'Tenant-led, with a landlord partner already signed up and good reach into private rented homes.',
    },
  },
  {
    applicant: applicant('owen@warmwirral.example', 'Owen Price'),
    organisation: { name: 'Warm Wirral Energy Co-operative', type: 'vcse', postcode: 'CH44 5UR', sizeBand: '10-49' },
    idea: 'Home energy advice visits with small fixes on the day: draught-proofing, radiator reflectors, and help applying for grants for insulation and new boilers.',
    difference:
      'Warmer homes and lower bills for people with lung conditions. We would count visits, grants secured and bills before and after.',
    stage: 'in-use',
    amountRequestedPence: 1_600_000,
    themes: ['warm'],
    submittedDay: -29,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'not-shortlisted',
      reason:
        'Valuable advice, but largely a service that exists today; the EOI did not say what is new or how the award would change outcomes.',
    },
  },
  {
    applicant: applicant('jo@knowsleyhomehealth.example', 'Joanne Kelly'),
    organisation: { name: 'Knowsley Home Health Collective', type: 'vcse', postcode: 'L36 9YU', sizeBand: '2-9' },
    idea: 'A winter “warm and well” phone line run by local volunteers for people leaving hospital after a chest infection, checking their home is warm and connecting them to help.',
    difference:
      'Fewer readmissions in the weeks after discharge. We would track calls, referrals made and readmissions within 30 days.',
    stage: 'idea',
    amountRequestedPence: 950_000,
    themes: ['warm', 'early'],
    submittedDay: -27,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'not-shortlisted',
      reason:
        'A clear understanding of the problem, but an early idea: the EOI did not show how it would be tested within six months.',
    },
  },
  {
    applicant: applicant('farah@sthelensair.example', 'Dr Farah Iqbal'),
    organisation: { name: 'St Helens Air Quality Lab', type: 'individual', postcode: 'WA10 1HJ', sizeBand: 'just-me' },
    idea: 'A study of indoor air in 50 homes in St Helens over a winter, relating mould spores and humidity to the breathing of the children who live there.',
    difference:
      'Better evidence of how much indoor damp matters for children’s lungs. We would publish the findings and the data.',
    stage: 'idea',
    amountRequestedPence: 1_900_000,
    themes: ['early'],
    submittedDay: -35,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'not-shortlisted',
      reason:
        'Sound science, but a research study rather than something tenants or services could use within the award.',
    },
  },
  {
    applicant: applicant('ben@clearairschools.example', 'Ben Carter'),
    organisation: { name: 'Clear Air Schools', type: 'sole-trader', postcode: 'L18 3HU', sizeBand: 'just-me' },
    idea: 'Lessons and a take-home pack for primary schools on healthy air, with classroom air monitors and a competition between schools.',
    difference: 'Children and parents learn what causes damp and poor air. We would survey families before and after.',
    stage: 'in-use',
    amountRequestedPence: 700_000,
    themes: ['early', 'warm'],
    submittedDay: -33,
    screening: { outcome: 'eligible' },
    shortlist: {
      outcome: 'not-shortlisted',
      reason: 'Good reach into schools, but it is about air at school rather than damp, mould and cold in the home.',
    },
  },
  {
    applicant: applicant('sales@penninedamp.example', 'Mark Howarth'),
    organisation: {
      name: 'Pennine Damp Solutions Ltd',
      type: 'sme',
      postcode: 'M4 6DE',
      sizeBand: '10-49',
      companiesHouseNumber: '08126655',
    },
    idea: 'Our surveyors would offer free damp surveys to landlords and a discount on our damp-proofing service.',
    difference: 'Drier homes for tenants whose landlords take up the offer. We would count surveys and installations.',
    stage: 'in-use',
    amountRequestedPence: 2_000_000,
    themes: ['warm'],
    submittedDay: -18,
    screening: {
      outcome: 'ineligible',
      reason:
        'Based and working in Greater Manchester: the work would not take place in, or contribute to the economy of, the Liverpool City Region.',
    },
  },
  {
    applicant: applicant('info@mouldaway.example', 'Steph Barnes'),
    organisation: { name: 'Mould Away Cleaning Ltd', type: 'sme', postcode: 'L13 2AB', sizeBand: '2-9' },
    idea: 'Subsidised mould cleaning for tenants, booked online.',
    difference: 'Mould removed from homes. We would count homes cleaned.',
    stage: 'in-use',
    amountRequestedPence: 1_000_000,
    themes: ['warm'],
    submittedDay: -24,
    screening: {
      outcome: 'ineligible',
      reason:
        'A cleaning service already on sale: it removes mould in one home at a time without finding or fixing the cause, so it does not address either challenge.',
    },
  },
]

export const assessingRubric: Omit<RubricInput, 'version'> = {
  scale: { min: 0, max: 5 },
  criteria: [
    {
      title: 'Understanding of the problem',
      description:
        'Shows the problem from the tenant’s and the service’s side, using the information pack and local evidence.',
      weight: 2,
      bands: [
        { from: 0, to: 1, guidance: 'Little sign of understanding the problem or who it affects.' },
        { from: 2, to: 3, guidance: 'Understands the problem in general; some local evidence.' },
        {
          from: 4,
          to: 5,
          guidance: 'A clear, evidenced grasp of the problem here, from the tenant’s side as well as the service’s.',
        },
      ],
    },
    {
      title: 'Impact on health',
      description:
        'A believable route to fewer damp, mouldy or cold homes and less respiratory illness, with a way to measure it.',
      weight: 3,
      bands: [
        { from: 0, to: 1, guidance: 'No clear route to better health, or no way to tell.' },
        { from: 2, to: 3, guidance: 'A plausible benefit, but hard to measure or small.' },
        { from: 4, to: 5, guidance: 'A strong, measurable benefit for the people most at risk.' },
      ],
    },
    {
      title: 'Feasibility and value for money',
      description:
        'Can be built and tried in the city region within the award and six months, with the right skills, partners and data governance.',
      weight: 2,
      bands: [
        { from: 0, to: 1, guidance: 'Unlikely to be delivered within the award or the time.' },
        { from: 2, to: 3, guidance: 'Deliverable, with risks the EOI does not fully address.' },
        { from: 4, to: 5, guidance: 'A realistic plan, team and budget; risks understood.' },
      ],
    },
    {
      title: 'Reach and fairness',
      description:
        'Reaches the tenants most at risk (private renters, people on low incomes, people offline) and works with the communities involved.',
      weight: 1,
      bands: [
        { from: 0, to: 1, guidance: 'Would mostly reach people already well served.' },
        { from: 2, to: 3, guidance: 'Some reach into the groups most at risk.' },
        { from: 4, to: 5, guidance: 'Designed with and for the people most at risk.' },
      ],
    },
  ],
}

export type PanellistKey = 'chair' | 'publicHealth' | 'children' | 'adultCare' | 'growth'

/** The first demo's five panellists (by email), with the roles shown in “who’s at the table”. */
export const assessingPanel: { key: PanellistKey; email: string; role: string }[] = [
  { key: 'chair', email: 'panel.chair@lcr-cdc.example', role: 'Chair, Civic Data Cooperative' },
  {
    key: 'publicHealth',
    email: 'public.health@lcr-cdc.example',
    role: 'Consultant in Public Health, Liverpool City Region',
  },
  { key: 'children', email: 'childrens.services@lcr-cdc.example', role: 'Head of Early Help, Children’s Services' },
  { key: 'adultCare', email: 'adult.social.care@lcr-cdc.example', role: 'Assistant Director, Adult Social Care' },
  { key: 'growth', email: 'growth.platform@lcr-cdc.example', role: 'Business Adviser, Growth Platform' },
]

/** The one declared conflict; every other declaration is “none”. */
export const assessingConflict = {
  panellist: 'growth' as PanellistKey,
  application: 'breathe' as ShortlistKey,
  type: 'financial' as const,
  note: 'I sit on the investment committee of the Growth Platform’s seed fund, which holds a small equity stake in Breathe Easy Ltd.',
}

export type DemoSheet = {
  panellist: PanellistKey
  application: ShortlistKey
  /** In the rubric's criteria order; a draft may leave some unscored. */
  scores: (number | undefined)[]
  status: 'draft' | 'submitted'
  panelNote: string
  applicantFeedback: string
}

const sheet = (
  panellist: PanellistKey,
  application: ShortlistKey,
  scores: (number | undefined)[],
  panelNote: string,
  applicantFeedback: string,
  status: DemoSheet['status'] = 'submitted',
): DemoSheet => ({
  panellist,
  application,
  scores,
  status,
  panelNote,
  applicantFeedback,
})

/**
 * The panel's sheets, in the order they were written. Weighted (2, 3, 2, 1): Breathe Easy
 * 4.03, CareBridge 3.88, Tenant Voice 3.28, Damp Map 3.13 with a spread of 2.75, over the
 * default threshold of 2, so the ranking flags it to discuss. Sian Roberts is conflicted
 * with Breathe Easy; Aisha Okafor has only a draft for Tenant Voice.
 */
export const assessingSheets: DemoSheet[] = [
  sheet(
    'chair',
    'breathe',
    [4, 5, 4, 4],
    'The pilot data is convincing. Ask about who maintains the sensors.',
    'A well-evidenced idea with a clear route to fewer admissions.',
  ),
  sheet(
    'chair',
    'carebridge',
    [4, 4, 4, 3],
    'Good use of an existing workforce.',
    'Strong idea; say more about consent for GP referrals.',
  ),
  sheet(
    'chair',
    'dampmap',
    [5, 4, 4, 3],
    'The most ambitious of the four: worth backing if governance holds up.',
    'An impressive use of the data pack.',
  ),
  sheet(
    'chair',
    'tenantvoice',
    [3, 3, 4, 5],
    'Great reach; impact on health less clear.',
    'Show how repairs lead to better health.',
  ),
  sheet(
    'publicHealth',
    'breathe',
    [5, 4, 4, 3],
    'Fits the asthma pathway well.',
    'A strong fit with the childhood asthma work.',
  ),
  sheet(
    'publicHealth',
    'dampmap',
    [4, 5, 4, 2],
    'Could target inspections far better than complaints do.',
    'A promising model; reach into people offline is a gap.',
  ),
  sheet(
    'publicHealth',
    'carebridge',
    [3, 4, 3, 3],
    'Feasible, but the GP link needs work.',
    'Tell us how the GP practice would act on a referral.',
  ),
  sheet(
    'publicHealth',
    'tenantvoice',
    [3, 3, 3, 4],
    'Solid, modest.',
    'A good service; be clearer about the health benefit.',
  ),
  sheet(
    'children',
    'breathe',
    [4, 4, 3, 4],
    'Families will like it. Sensor costs at scale?',
    'Good; show the cost per family at scale.',
  ),
  sheet('children', 'carebridge', [4, 3, 4, 4], 'Reaches older people well, not families.', 'Clear and practical.'),
  sheet(
    'children',
    'dampmap',
    [2, 1, 2, 1],
    'Serious concerns: linking health records to addresses without tenants’ consent, and the risk of landlords seeing the scores.',
    'Explain how tenants would consent and who would see the risk scores.',
  ),
  sheet(
    'children',
    'tenantvoice',
    [4, 3, undefined, undefined],
    'Half done: finishing after I have spoken to the landlord partner.',
    '',
    'draft',
  ),
  sheet(
    'adultCare',
    'carebridge',
    [5, 4, 4, 5],
    'We would adopt this tomorrow.',
    'Excellent fit with care workers’ day.',
  ),
  sheet('adultCare', 'breathe', [4, 4, 4, 3], 'Good.', 'Clear and well evidenced.'),
  sheet(
    'adultCare',
    'dampmap',
    [2, 2, 1, 1],
    'Agree with Aisha: the data protection impact assessment would take longer than the award.',
    'Set out your data protection plan and timeline.',
  ),
  sheet(
    'adultCare',
    'tenantvoice',
    [3, 4, 3, 5],
    'Tenant-led is the right way round.',
    'A strong, tenant-led service.',
  ),
  sheet('growth', 'carebridge', [4, 4, 5, 3], 'Commercially credible.', 'A credible plan to grow beyond the award.'),
  sheet(
    'growth',
    'dampmap',
    [5, 4, 5, 2],
    'Strong team, a market beyond the region.',
    'A strong team with a product councils elsewhere would buy.',
  ),
  sheet(
    'growth',
    'tenantvoice',
    [2, 3, 3, 4],
    'Sustainability after the award is unclear.',
    'Say how the service would be paid for after the award.',
  ),
]

/** Pitch slots on the panel day, London time; Tenant Voice pitches by video. */
export const assessingPitches: {
  application: ShortlistKey
  at: string
  minutes: number
  place?: string
  link?: string
}[] = [
  { application: 'breathe', at: '10:00', minutes: 30, place: 'Meeting room 2, Civic Data Cooperative, Liverpool' },
  { application: 'carebridge', at: '10:45', minutes: 30, place: 'Meeting room 2, Civic Data Cooperative, Liverpool' },
  { application: 'dampmap', at: '11:30', minutes: 30, place: 'Meeting room 2, Civic Data Cooperative, Liverpool' },
  { application: 'tenantvoice', at: '13:30', minutes: 30, link: 'https://meet.lcr-cdc.example/healthy-homes-panel' },
]

/** The panel day starts half an hour before the first pitch. */
export const panelStarts = '09:30'

/** A service in the demo's directory; its topics are the rubric's criteria by title (the seed maps them to ids). */
export type DemoSignpost = Omit<SignpostInput, 'topics'> & { topics: string[] }

const criterion = (title: string) => {
  if (!assessingRubric.criteria.some((c) => c.title === title))
    throw new Error(`No criterion “${title}” in the demo rubric.`)
  return title
}
const UNDERSTANDING = criterion('Understanding of the problem')
const IMPACT = criterion('Impact on health')
const FEASIBILITY = criterion('Feasibility and value for money')
const REACH = criterion('Reach and fairness')

/**
 * The signposting directory: where the real programme pointed applicants it did not fund
 * (business growth, finance, regulation and DTAC, evidence and return on investment,
 * information governance), and help fitting the demo's reasons and panel comments, so every
 * unsuccessful applicant is pointed somewhere specific: each says who it is for, the criteria
 * it helps with, and tags that fit the words of a reason or the panel's comments.
 */
export const assessingSignposts: DemoSignpost[] = [
  {
    name: 'Growth Platform: Liverpool City Region Growth Hub',
    helpsWith:
      'Free business growth advice for small firms in the city region: a named adviser, workshops, and introductions to funders and partners.',
    url: 'https://www.growthplatform.org/',
    contact: 'Ask for a growth adviser',
    // For every applicant in the city region who was eligible: no topics or tags, so suggested to all of them.
    audience: ['not-shortlisted', 'not-funded'],
    topics: [],
    tags: [],
  },
  {
    name: 'UKRI funding finder',
    helpsWith:
      'Open funding competitions from UK Research and Innovation and Innovate UK, with who can apply to each: find the next one your idea fits.',
    url: 'https://www.ukri.org/opportunity/',
    audience: ['ineligible', 'not-shortlisted', 'not-funded'],
    topics: [],
    tags: [],
  },
  {
    name: 'British Business Bank: finance hub',
    helpsWith:
      'Impartial guides to the kinds of finance open to small businesses, from start-up loans to equity, and how to prepare for them.',
    url: 'https://www.british-business-bank.co.uk/finance-hub',
    audience: ['ineligible', 'not-shortlisted', 'not-funded'],
    topics: [FEASIBILITY],
    tags: ['finance', 'value for money', 'roi', 'paid for'],
  },
  {
    name: 'NHS Digital Technology Assessment Criteria (DTAC)',
    helpsWith:
      'What a digital health product must show about clinical safety, data protection, technical security and accessibility before the NHS and councils can buy it. The programme’s webinar recording walks through it.',
    url: 'https://transform.england.nhs.uk/key-tools-and-info/digital-technology-assessment-criteria-dtac/',
    audience: ['not-shortlisted', 'not-funded'],
    topics: [FEASIBILITY],
    tags: ['regulation', 'dtac', 'data protection', 'clinical safety'],
  },
  {
    name: 'NICE evidence standards framework for digital health technologies',
    helpsWith:
      'How to plan the evidence of impact (and of return on investment) that health and care commissioners look for, scaled to the risk of the product: what to measure, and how to test it in months rather than years.',
    url: 'https://www.nice.org.uk/corporate/ecd7',
    audience: ['not-shortlisted', 'not-funded'],
    topics: [IMPACT],
    tags: ['evidence', 'outcomes', 'tested', 'reliable', 'roi'],
  },
  {
    name: 'Information Commissioner’s Office: advice for small organisations',
    helpsWith:
      'Plain-English help with data protection and information governance: lawful bases, consent, data sharing agreements and privacy notices.',
    url: 'https://ico.org.uk/for-organisations/advice-for-small-organisations/',
    contact: 'ICO helpline 0303 123 1113',
    audience: ['ineligible', 'not-shortlisted', 'not-funded'],
    topics: [FEASIBILITY],
    tags: ['information governance', 'data protection', 'consent', 'data sharing'],
  },
  {
    name: 'Civic Data Cooperative',
    helpsWith:
      'Access to linked local health and care data for projects that benefit residents, with the approvals and safeguards that needs.',
    contact: 'Ask the programme manager for an introduction',
    audience: ['not-shortlisted', 'not-funded'],
    topics: [UNDERSTANDING],
    tags: ['data access', 'local data'],
  },
  {
    name: 'Liverpool Charity and Voluntary Services (LCVS)',
    helpsWith:
      'Support for voluntary and community organisations across the city region: funding advice, partnerships with other organisations and public services, and working with the communities you serve.',
    url: 'https://www.lcvs.org.uk/',
    audience: ['ineligible', 'not-shortlisted', 'not-funded'],
    topics: [REACH],
    tags: ['partner', 'community'],
  },
  {
    name: 'Good Things Foundation',
    helpsWith:
      'Reaching people who are offline or lack digital skills, through a national network of local community partners: how to design a service they can use.',
    url: 'https://www.goodthingsfoundation.org/',
    audience: ['not-shortlisted', 'not-funded'],
    topics: [REACH],
    tags: ['offline', 'digital inclusion'],
  },
  {
    name: 'NIHR Research Support Service',
    helpsWith:
      'Free advice on designing and funding applied health and care research, from the National Institute for Health and Care Research: the right route for a study.',
    url: 'https://www.nihr.ac.uk/support-and-services/research-support-service',
    audience: ['ineligible', 'not-shortlisted'],
    topics: [],
    tags: ['research', 'science'],
  },
  {
    name: 'GC Business Growth Hub (Greater Manchester)',
    helpsWith:
      'Free business support and funding advice for firms based in Greater Manchester, from the Growth Company.',
    url: 'https://www.businessgrowthhub.com/',
    audience: ['ineligible'],
    topics: [],
    tags: ['greater manchester'],
  },
  {
    name: 'Healthy homes challenge briefing (recording)',
    helpsWith:
      'The launch briefing in which the service leaders explain the two challenges (damp and mould, cold homes), what they are asking for and what has been tried: watch it before a future round.',
    contact: 'Ask the programme manager for the recording',
    audience: ['ineligible', 'not-shortlisted'],
    topics: [],
    tags: ['challenge', 'damp', 'mould'],
  },
]
