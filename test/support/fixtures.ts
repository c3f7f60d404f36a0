// Builds competitions through the API, as a manager would.
import { expect } from 'vitest'
import type { TestPlatform } from './platform.js'

type Caller = { token: string }

const day = 24 * 60 * 60 * 1000

export function futureTimeline(now: Date) {
  const at = (days: number) => new Date(now.getTime() + days * day).toISOString()
  return { eoiOpensAt: at(1), eoiClosesAt: at(30), panelAt: at(45), feedbackAt: at(60) }
}

export const details = (now: Date) => ({
  summary: 'Real problems with the data behind them.',
  ownerOrganisation: 'Civic Data Cooperative',
  potPence: 6_000_000,
  maxAwardPence: 2_000_000,
  timeline: futureTimeline(now),
  eligibility: [{ text: 'Aligns to at least one theme.' }],
})

export const challengeInput = (title = 'Childhood asthma') => ({
  title,
  statement: 'How might we reduce emergency admissions for asthma?',
  context: 'Some context.',
  owner: 'Public health',
  evidenceExpected: 'Reach and outcomes.',
})

export async function createDraft(
  p: TestPlatform,
  manager: Caller,
  body: Record<string, unknown> = { title: 'A competition' },
) {
  const res = await p.call('POST', '/api/competitions', { as: manager, body })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json as { id: string; version: number }
}

/**
 * A draft with everything publishing needs: details, a challenge with a link, a theme
 * (addressing `challenges` challenges, each with a link; 1 unless given).
 */
export async function createCompleteDraft(
  p: TestPlatform,
  manager: Caller,
  { challenges = 1 }: { challenges?: number } = {},
) {
  const draft = await createDraft(p, manager, { title: 'Complete competition', ...details(p.clock.now) })
  const made = []
  for (let i = 0; i < challenges; i++) {
    const challenge = await p.call('POST', `/api/competitions/${draft.id}/challenges`, {
      as: manager,
      body: challengeInput(i === 0 ? undefined : `Challenge ${i + 1}`),
    })
    expect(challenge.status).toBe(201)
    const item = await p.call('POST', `/api/competitions/${draft.id}/challenges/${challenge.json.id}/items`, {
      as: manager,
      body: { kind: 'link', title: 'Fingertips', url: 'https://fingertips.phe.org.uk/' },
    })
    expect(item.status).toBe(201)
    made.push({ challenge, item })
  }
  const { challenge, item } = made[0]!
  const theme = await p.call('POST', `/api/competitions/${draft.id}/themes`, {
    as: manager,
    body: { title: 'Data linkage', challengeIds: made.map((m) => m.challenge.json.id) },
  })
  expect(theme.status).toBe(201)
  return { competition: draft, challenge: challenge.json, theme: theme.json, item: item.json.item }
}

export async function createPublished(p: TestPlatform, manager: Caller, options: { challenges?: number } = {}) {
  const made = await createCompleteDraft(p, manager, options)
  const res = await p.call('POST', `/api/competitions/${made.competition.id}/publish`, {
    as: manager,
    body: { version: made.competition.version },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return { ...made, competition: res.json as { id: string; version: number } }
}

/** A published online webinar ten days from the platform's now, with 50 places: returns its id. */
export async function publishedWebinar(p: TestPlatform, manager: Caller, competitionId: string): Promise<string> {
  const startsAt = p.clock.now.getTime() + 10 * 86_400_000
  const made = await p.call('POST', `/api/competitions/${competitionId}/events`, {
    as: manager,
    body: {
      title: 'Webinar: data linkage',
      kind: 'webinar',
      description: 'How linked data helps.',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      onlineUrl: 'https://teams.example/meet/123',
      capacity: 50,
      partners: [],
      retentionDays: 30,
      status: 'published',
    },
  })
  expect(made.status, JSON.stringify(made.json)).toBe(201)
  return made.json.id
}
