// Builds a competition ready to assess, through the API: submitted EOIs, a rubric, the
// shortlist, and a panel that has accepted.
import { expect } from 'vitest'
import { completeAnswers, openCompetition, startedDraft, submittedApplication } from './eoi-fixtures.js'
import type { TestPlatform } from './platform.js'

export const RUBRIC = {
  version: 0,
  scale: { min: 0, max: 5 },
  criteria: [
    {
      title: 'Understanding of the problem',
      description: 'Shows the problem from the service’s side, with evidence.',
      weight: 2,
      bands: [
        { from: 0, to: 1, guidance: 'Weak' },
        { from: 2, to: 3, guidance: 'Adequate' },
        { from: 4, to: 5, guidance: 'Strong' },
      ],
    },
    { title: 'Feasibility', description: 'Can be built and tried within the award.', weight: 1, bands: [] },
    {
      title: 'Impact on health and wellbeing',
      description: 'Clear, measurable benefit in the region.',
      weight: 1,
      bands: [],
    },
  ],
}

export type Assessing = Awaited<ReturnType<typeof assessingCompetition>>

/**
 * `applications` submitted EOIs (all screened eligible), the first `shortlisted` of them on the
 * shortlist, and `panellists` who accepted. The clock is left after the EOI deadline.
 */
export async function assessingCompetition(
  p: TestPlatform,
  options: { applications?: number; shortlisted?: number; panellists?: number } = {},
) {
  const { applications = 3, shortlisted = applications, panellists = 3 } = options
  const manager = await p.signIn('manager', 'Priya Shah')
  const comp = await openCompetition(p, manager)
  const competitionId = comp.competition.id as string
  const names = ['Breathe Easy Ltd', 'FamilyLink CIC', 'CareBridge', 'Mersey Makers', 'Data for Good', 'Warm Homes Co']
  const submitted = []
  for (let i = 0; i < applications; i++)
    submitted.push(await submittedApplication(p, comp, names[i] ?? `Organisation ${i + 1}`))
  const { timeline } = (await p.call('GET', `/api/competitions/${competitionId}`)).json.competition
  p.clock.now = new Date(Date.parse(timeline.eoiClosesAt) + 60_000)

  const rubric = await p.call('PUT', `/api/competitions/${competitionId}/rubric`, { as: manager, body: RUBRIC })
  expect(rubric.status, JSON.stringify(rubric.json)).toBe(200)
  const ids = submitted.map((s) => s.application.id)
  const screened = await p.call('POST', `/api/competitions/${competitionId}/screening`, {
    as: manager,
    body: { decisions: ids.map((applicationId) => ({ applicationId, outcome: 'eligible', reason: '' })) },
  })
  expect(screened.status, JSON.stringify(screened.json)).toBe(200)
  if (shortlisted) {
    const listed = await p.call('POST', `/api/competitions/${competitionId}/shortlist`, {
      as: manager,
      body: {
        decisions: ids
          .slice(0, shortlisted)
          .map((applicationId) => ({ applicationId, outcome: 'shortlisted', reason: 'Strong fit' })),
      },
    })
    expect(listed.status, JSON.stringify(listed.json)).toBe(200)
  }
  const panel = []
  for (let i = 0; i < panellists; i++)
    panel.push(await seatedPanellist(p, manager, competitionId, `Panellist ${i + 1}`))
  return {
    manager,
    competitionId,
    comp,
    applications: submitted,
    ids,
    panel,
    criteria: rubric.json.criteria as { id: string; title: string }[],
  }
}

/** A panellist invited by email who has accepted. */
export async function seatedPanellist(
  p: TestPlatform,
  manager: { token: string },
  competitionId: string,
  name: string,
) {
  const panellist = await p.signIn('panellist', name)
  const invited = await p.call('POST', `/api/competitions/${competitionId}/panel`, {
    as: manager,
    body: { email: panellist.email, name, role: 'Panel member' },
  })
  expect(invited.status, JSON.stringify(invited.json)).toBe(201)
  const accepted = await p.call('POST', `/api/competitions/${competitionId}/panel/response`, {
    as: panellist,
    body: { accept: true },
  })
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
  return panellist
}

/** Declares no conflict with every given application. */
export async function declareNone(p: TestPlatform, panellist: { token: string }, competitionId: string, ids: string[]) {
  const res = await p.call('PUT', `/api/competitions/${competitionId}/declarations`, {
    as: panellist,
    body: { declarations: ids.map((applicationId) => ({ applicationId, type: 'none', note: '' })) },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
}

/** Saves and submits a sheet scoring every criterion `score` (or per criterion). */
export async function scoreAndSubmit(
  p: TestPlatform,
  panellist: { token: string },
  a: Assessing,
  applicationId: string,
  score: number | number[],
) {
  const scores = Object.fromEntries(a.criteria.map((c, i) => [c.id, Array.isArray(score) ? score[i]! : score]))
  const base = `/api/competitions/${a.competitionId}/assessments/${applicationId}`
  const current = await p.call('GET', base, { as: panellist })
  const version = current.json?.sheet?.version ?? 0
  const saved = await p.call('PUT', `${base}/sheet`, {
    as: panellist,
    body: { version, scores, comments: {}, panelNote: 'Note to the panel', applicantFeedback: 'Feedback for you' },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  const submitted = await p.call('POST', `${base}/sheet/submit`, {
    as: panellist,
    body: { version: saved.json.version },
  })
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
  return submitted.json
}

/** A panellist invited by email who has not answered yet (they accept in the browser, say). */
export async function invitedPanellist(
  p: TestPlatform,
  manager: { token: string },
  competitionId: string,
  name: string,
) {
  const panellist = await p.signIn('panellist', name)
  const invited = await p.call('POST', `/api/competitions/${competitionId}/panel`, {
    as: manager,
    body: { email: panellist.email, name, role: 'Panel member' },
  })
  expect(invited.status, JSON.stringify(invited.json)).toBe(201)
  return panellist
}

/** Saves and submits a whole sheet: scores in rubric order, a comment per criterion, the notes. */
export async function submitSheetWith(
  p: TestPlatform,
  panellist: { token: string },
  a: Assessing,
  applicationId: string,
  sheet: { scores: number[]; comments?: string[]; panelNote?: string; applicantFeedback?: string },
) {
  const base = `/api/competitions/${a.competitionId}/assessments/${applicationId}`
  const current = await p.call('GET', base, { as: panellist })
  expect(current.status, JSON.stringify(current.json)).toBe(200)
  const saved = await p.call('PUT', `${base}/sheet`, {
    as: panellist,
    body: {
      version: current.json.sheet?.version ?? 0,
      scores: Object.fromEntries(a.criteria.map((c, i) => [c.id, sheet.scores[i]!])),
      comments: Object.fromEntries(
        a.criteria.flatMap((c, i) => (sheet.comments?.[i] ? [[c.id, sheet.comments[i]]] : [])),
      ),
      panelNote: sheet.panelNote ?? '',
      applicantFeedback: sheet.applicantFeedback ?? '',
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  const submitted = await p.call('POST', `${base}/sheet/submit`, {
    as: panellist,
    body: { version: saved.json.version },
  })
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
  return submitted.json
}

/**
 * A competition ready to award (pot £60,000, maximum award £20,000): one submitted, eligible,
 * shortlisted EOI per entry of `bids`, each asking for its `requestedPence` and scored by one
 * panellist (one score for every criterion, or one per criterion). The clock is left after
 * the EOI deadline.
 */
export async function awardingCompetition(
  p: TestPlatform,
  bids: { name: string; requestedPence: number; score: number | number[] }[],
  options: { challenges?: number } = {},
) {
  const manager = await p.signIn('manager', 'Priya Shah')
  const comp = await openCompetition(p, manager, options)
  const competitionId = comp.competition.id as string
  const applications = []
  for (const bid of bids) {
    const draft = await startedDraft(p, comp, bid.name)
    const saved = await p.call('PATCH', `/api/applications/${draft.application.id}`, {
      as: draft.applicant,
      body: { version: 1, ...completeAnswers(comp), amountRequestedPence: bid.requestedPence },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    const submitted = await p.call('POST', `/api/applications/${draft.application.id}/submit`, { as: draft.applicant })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
    applications.push(draft)
  }
  const { timeline } = (await p.call('GET', `/api/competitions/${competitionId}`)).json.competition
  p.clock.now = new Date(Date.parse(timeline.eoiClosesAt) + 60_000)

  const rubric = await p.call('PUT', `/api/competitions/${competitionId}/rubric`, { as: manager, body: RUBRIC })
  expect(rubric.status, JSON.stringify(rubric.json)).toBe(200)
  const ids = applications.map((a) => a.application.id)
  for (const [path, outcome] of [
    ['screening', 'eligible'],
    ['shortlist', 'shortlisted'],
  ] as const) {
    const decided = await p.call('POST', `/api/competitions/${competitionId}/${path}`, {
      as: manager,
      body: { decisions: ids.map((applicationId) => ({ applicationId, outcome, reason: '' })) },
    })
    expect(decided.status, JSON.stringify(decided.json)).toBe(200)
  }
  const panellist = await seatedPanellist(p, manager, competitionId, 'Panellist 1')
  const a: Assessing = {
    manager,
    competitionId,
    comp,
    applications,
    ids,
    panel: [panellist],
    criteria: rubric.json.criteria,
  }
  await declareNone(p, panellist, competitionId, ids)
  for (const [i, bid] of bids.entries()) await scoreAndSubmit(p, panellist, a, ids[i]!, bid.score)
  return a
}

/**
 * Releases every decision now, as the programme manager (confirming any feedback still
 * missing, and going ahead without any scores a seated panellist has not submitted), so
 * applicants see their decisions and offers; fails the test if refused.
 */
export async function releaseDecisions(p: TestPlatform, a: Pick<Assessing, 'manager' | 'competitionId'>) {
  const overview = await p.call('GET', `/api/competitions/${a.competitionId}/feedback`, { as: a.manager })
  expect(overview.status, JSON.stringify(overview.json)).toBe(200)
  const released = await p.call('POST', `/api/competitions/${a.competitionId}/feedback-release`, {
    as: a.manager,
    body: {
      version: overview.json.release.version,
      confirmMissing: true,
      withoutSheetsReason: 'The panel decided without every sheet.',
    },
  })
  expect(released.status, JSON.stringify(released.json)).toBe(200)
  if (released.json.status === 'released') return released.json as Released
  // A server's release timer raced this request for the emails: it is 'releasing' until that run finishes them.
  expect(released.json.status).toBe('releasing')
  let finished: Released | undefined
  await expect
    .poll(async () => {
      const now = await p.call('GET', `/api/competitions/${a.competitionId}/feedback`, { as: a.manager })
      finished = now.json.release
      return finished?.status
    })
    .toBe('released')
  return finished!
}

type Released = { status: string; releasedAt: string; version: number; emailed: number }

/**
 * Awards each of the first `count` applications `award` (answer within 14 days), releases the
 * decisions, and has each applicant accept their offer; fails the test if any step is refused.
 * Returns the offers as accepted.
 */
export async function acceptedAwards(
  p: TestPlatform,
  a: Assessing,
  count: number,
  award: { amountPence: number; conditions?: string; reason?: string },
): Promise<Record<string, unknown>[]> {
  const respondBy = new Date(p.clock.now.getTime() + 14 * 86_400_000).toISOString()
  for (const applicationId of a.ids.slice(0, count)) {
    const made = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
      as: a.manager,
      body: { applicationId, respondBy, ...award },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
  }
  await releaseDecisions(p, a)
  const offers: Record<string, unknown>[] = []
  for (const [i, applicationId] of a.ids.slice(0, count).entries()) {
    const answered = await p.call('POST', `/api/applications/${applicationId}/offer/response`, {
      as: a.applications[i]!.applicant,
      body: { version: 1, accept: true },
    })
    expect(answered.status, JSON.stringify(answered.json)).toBe(200)
    expect(answered.json.status).toBe('accepted')
    offers.push(answered.json)
  }
  return offers
}
