// The anonymous D&I survey's questions and options, with no runtime dependencies, so the
// web can show them without bundling zod. The schemas in shared/schemas/di-survey.ts use them.

const PREFER_NOT = { id: 'prefer-not-to-say', label: 'Prefer not to say' }

export const diQuestions = [
  {
    id: 'ageBand',
    label: 'Your age',
    options: [
      { id: 'under-25', label: 'Under 25' },
      { id: '25-34', label: '25 to 34' },
      { id: '35-44', label: '35 to 44' },
      { id: '45-54', label: '45 to 54' },
      { id: '55-64', label: '55 to 64' },
      { id: '65-plus', label: '65 or over' },
      PREFER_NOT,
    ],
  },
  {
    id: 'gender',
    label: 'Your gender',
    options: [
      { id: 'woman', label: 'Woman' },
      { id: 'man', label: 'Man' },
      { id: 'non-binary', label: 'Non-binary' },
      { id: 'another', label: 'In another way' },
      PREFER_NOT,
    ],
  },
  {
    id: 'ethnicity',
    label: 'Your ethnic group',
    options: [
      { id: 'asian', label: 'Asian or Asian British' },
      { id: 'black', label: 'Black, Black British, Caribbean or African' },
      { id: 'mixed', label: 'Mixed or multiple ethnic groups' },
      { id: 'white', label: 'White' },
      { id: 'other', label: 'Another ethnic group' },
      PREFER_NOT,
    ],
  },
  {
    id: 'disability',
    label: 'Do you consider yourself to have a disability or long-term health condition?',
    options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, PREFER_NOT],
  },
  {
    id: 'caring',
    label: 'Do you look after or support someone because of their health, disability or age?',
    options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, PREFER_NOT],
  },
  {
    id: 'sexualOrientation',
    label: 'Your sexual orientation',
    options: [
      { id: 'heterosexual', label: 'Heterosexual or straight' },
      { id: 'gay-lesbian', label: 'Gay or lesbian' },
      { id: 'bisexual', label: 'Bisexual' },
      { id: 'another', label: 'Another sexual orientation' },
      PREFER_NOT,
    ],
  },
] as const
