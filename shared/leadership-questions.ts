// Optional questions about an organisation's leadership (not about any person), asked with
// consent. Each is answered yes or no, or declined; an organisation never shown them is "not
// asked". The four are kept apart in storage and in every report, as the 360Giving DEI
// extension keeps "not asked", "asked and answered" and "asked and declined" apart.
// No runtime dependencies, so the web shows them without bundling zod.

export const LED_BY =
  'Led by means at least half of the board (or management committee) and at least half of the senior leadership team.'

export const leadershipQuestions = [
  { id: 'disabled-led', label: 'Is your organisation led by disabled people?' },
  { id: 'minoritised-ethnic-led', label: 'Is it led by Black, Asian or minoritised ethnic people?' },
  { id: 'women-led', label: 'Is it led by women?' },
  { id: 'lgbtq-led', label: 'Is it led by LGBTQ+ people?' },
  { id: 'lived-experience-led', label: 'Is it led by people with lived experience of the problem you work on?' },
] as const

export type LeadershipQuestionId = (typeof leadershipQuestions)[number]['id']

/** What an organisation said to one question. */
export const leadershipAnswers = ['yes', 'no', 'declined'] as const
export type LeadershipAnswer = (typeof leadershipAnswers)[number]

/** How one question stood for an organisation when it applied: its answer, or never asked. */
export const leadershipCells = ['yes', 'no', 'declined', 'not-asked'] as const
export type LeadershipCell = (typeof leadershipCells)[number]
