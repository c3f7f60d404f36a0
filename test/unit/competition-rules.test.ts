import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { missingForPublish } from '../../functions/core/competitions/publish-rules.js'
import { contentDisposition } from '../../functions/core/files/file-store.js'
import { newId } from '../../functions/core/ids.js'
import { decodeCursor, encodeCursor, InvalidCursor } from '../../functions/db/cursor.js'
import { phaseOf } from '../../shared/phase.js'
import { Id } from '../../shared/schemas/common.js'
import { ChallengeInput, DataPackItemInput, Timeline, type Competition } from '../../shared/schemas/competition.js'

const now = new Date('2021-10-01T12:00:00Z')
const competition: Competition = {
  id: newId(),
  status: 'draft',
  title: "What's your problem?",
  summary: 'Real problems.',
  ownerOrganisation: 'LCR CDC',
  potPence: 6_000_000,
  maxAwardPence: 2_000_000,
  committedPence: 0,
  paidPence: 0,
  timeline: {
    eoiOpensAt: '2021-10-15T12:00:00Z',
    eoiClosesAt: '2021-12-15T12:00:00Z',
    panelAt: '2022-01-15T12:00:00Z',
    feedbackAt: '2022-02-01T12:00:00Z',
  },
  eligibility: [{ id: newId(), text: 'Aligns to a theme.' }],
  diSurveyQuestions: ['ageBand'],
  version: 1,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
}
const challenge = {
  id: newId(),
  title: 'Asthma',
  statement: 'How might we?',
  context: '',
  owner: 'PH',
  evidenceExpected: '',
  version: 1,
}
const complete = {
  competition,
  challenges: [challenge],
  themes: [{ id: newId(), title: 'Data linkage', description: '', challengeIds: [challenge.id], version: 1 }],
  items: [
    {
      kind: 'link' as const,
      id: newId(),
      challengeId: challenge.id,
      title: 'Link',
      url: 'https://example.org',
      createdAt: now.toISOString(),
    },
  ],
  questions: [],
}

describe('what publishing needs', () => {
  it('is nothing for a complete competition', () => {
    expect(missingForPublish(complete, now)).toEqual([])
  })

  it('names a pending document, an unlinked theme and a maximum award over the pot', () => {
    const doc = {
      kind: 'document' as const,
      id: newId(),
      challengeId: challenge.id,
      title: 'Pack',
      createdAt: now.toISOString(),
      file: { filename: 'a.pdf', contentType: 'application/pdf' as const, sizeBytes: 5, uploaded: false },
    }
    const theme = { id: newId(), title: 'Orphan', description: '', challengeIds: [newId()], version: 1 }
    const missing = missingForPublish(
      {
        ...complete,
        competition: { ...competition, maxAwardPence: 7_000_000 },
        items: [...complete.items, doc],
        themes: [theme],
      },
      now,
    )
    expect(missing.map((m) => m.field)).toEqual([
      'maxAwardPence',
      `dataPack.${doc.id}`,
      `themes.${theme.id}.challengeIds`,
    ])
  })

  it('is deterministic and never passes a competition whose deadline has gone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (days) => {
        const at = new Date(now.getTime() + days * 86_400_000)
        const a = missingForPublish(complete, at)
        expect(missingForPublish(complete, at)).toEqual(a)
        return at >= new Date(competition.timeline.eoiClosesAt!) === a.some((m) => m.field === 'timeline.eoiClosesAt')
      }),
    )
  })
})

describe('phases', () => {
  it('follow the timeline', () => {
    const published = { ...competition, status: 'published' as const }
    expect(phaseOf(competition, now)).toBe('draft')
    expect(phaseOf(published, now)).toBe('upcoming')
    expect(phaseOf(published, new Date('2021-11-01T00:00:00Z'))).toBe('open')
    expect(phaseOf(published, new Date('2021-12-15T12:00:00Z'))).toBe('closed')
  })
})

describe('schemas', () => {
  it('orders the timeline and names the first date out of order', () => {
    const result = Timeline.safeParse({ eoiOpensAt: '2021-10-15T12:00:00Z', eoiClosesAt: '2021-10-15T12:00:00Z' })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['eoiClosesAt'])
  })

  it('stores challenge text as text: markup is kept verbatim for escaping on display', () => {
    const parsed = ChallengeInput.parse({
      title: '<b>Asthma</b>',
      statement: 'How might we <script>x</script>?',
      owner: 'PH',
    })
    expect(parsed.title).toBe('<b>Asthma</b>')
  })

  it('accepts only web links', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://x.org', 'file:///etc/passwd']) {
      expect(DataPackItemInput.safeParse({ kind: 'link', title: 'x', url }).success).toBe(false)
    }
  })
})

describe('ids and cursors', () => {
  it('issues ids that sort by creation time and match the Id schema', () => {
    const ids = [newId(1_000), newId(2_000), newId(1_700_000_000_000)]
    expect([...ids].sort()).toEqual(ids)
    for (const id of ids) expect(Id.safeParse(id).success).toBe(true)
  })

  it('round-trips cursors and refuses ones for another list, of another shape, or outside the range', () => {
    const db = { cursorKey: randomBytes(32) }
    const key = { pk: 'COMP#1', sk: 'COMP', gsi1pk: 'COMPS#published', gsi1sk: '2030-01-01T12:00:00.000Z#1' }
    const shape = { attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], equal: { gsi1pk: 'COMPS#published' } }
    expect(decodeCursor(db, encodeCursor(db, key), shape)).toEqual(key)
    expect(() => decodeCursor(db, encodeCursor(db, key), { ...shape, equal: { gsi1pk: 'COMPS#draft' } })).toThrow(
      InvalidCursor,
    )
    expect(() => decodeCursor(db, encodeCursor(db, { gsi1pk: 'COMPS#published' }), shape)).toThrow(InvalidCursor)
    expect(() => decodeCursor(db, encodeCursor(db, { ...key, extra: 'x' }), shape)).toThrow(InvalidCursor)
    expect(() => decodeCursor(db, encodeCursor(db, { ...key, pk: 1 } as never), shape)).toThrow(InvalidCursor)
    expect(() => decodeCursor(db, 'not-json', shape)).toThrow(InvalidCursor)
    expect(
      decodeCursor(db, encodeCursor(db, key), { ...shape, after: { attribute: 'gsi1sk', value: '2029' } }),
    ).toEqual(key)
    expect(() =>
      decodeCursor(db, encodeCursor(db, key), { ...shape, after: { attribute: 'gsi1sk', value: '2031' } }),
    ).toThrow(InvalidCursor)
  })
})

describe('download headers', () => {
  it('give an ASCII fallback and the exact UTF-8 name, with no way to break out of the quotes', () => {
    expect(contentDisposition('Résumé "final".pdf')).toBe(
      `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`,
    )
  })
})
