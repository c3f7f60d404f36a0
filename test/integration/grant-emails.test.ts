// The emails a grant's life sends, through the API: the grantee hears when their report is
// queried (which section, the question) or rejected (the reason), when a milestone is approved
// (which payment is now due) and when a payment is recorded (amount, date, reference); the
// manager who sent the agreement hears when a report comes in for review. Each links to its
// page, and a decision or payment repeated or raced is emailed once, by the write that won.
import { beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../../functions/core/grants/payments.js'
import type { Assessing } from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'
import { activeGrants } from '../support/report-fixtures.js'

let p: TestPlatform
let a: Assessing
let second: Awaited<ReturnType<TestPlatform['signIn']>>

const own = (i: number, milestoneId: string) => `/api/applications/${a.ids[i]}/grant/reports/${milestoneId}`
const managed = (i: number, milestoneId: string) =>
  `/api/competitions/${a.competitionId}/grants/${a.ids[i]}/reports/${milestoneId}`
const grantee = (i: number) => a.applications[i]!.applicant
const reportPage = (i: number, milestoneId: string) =>
  `${TEST_PUBLIC_URL}/applications/${a.ids[i]}/grant/reports/${milestoneId}`
const grantPage = (i: number) => `${TEST_PUBLIC_URL}/applications/${a.ids[i]}/grant`

/** A complete report on m1, sent for review; its version. */
async function sentReport(i: number): Promise<number> {
  const saved = await p.call('PUT', own(i, 'm1'), {
    as: grantee(i),
    body: {
      version: 0,
      progress: 'We ran discovery with two practices.',
      evidenceNote: 'The discovery report is on our shared drive.',
      actuals: [
        { indicatorId: 'admissions', value: 39 },
        { indicatorId: 'homes', value: 12 },
      ],
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  const sent = await p.call('POST', `${own(i, 'm1')}/submit`, { as: grantee(i), body: { version: saved.json.version } })
  expect(sent.status, JSON.stringify(sent.json)).toBe(200)
  return sent.json.version
}

beforeAll(async () => {
  p = await createTestPlatform()
  a = await activeGrants(p, 4)
  second = await p.signIn('manager', 'Sam Okafor')
}, 180_000)

describe('a report’s review', () => {
  it('tells the manager a report is in, and the grantee the question (its section) when it is queried, once for a repeat', async () => {
    const version = await sentReport(0)
    const [inForReview] = await emailsTo(p.db, a.manager.email, 'grant-report-submitted')
    expect(inForReview?.text).toContain(
      `${TEST_PUBLIC_URL}/manage/competitions/${a.competitionId}/grants/${a.ids[0]}/reports/m1`,
    )
    expect(inForReview?.subject).toMatch(/progress report on “Discovery with two GP practices” is ready to review/)

    const query = { version, section: 'indicators', question: 'How were admissions counted?' }
    const [once, again] = await Promise.all([
      p.call('POST', `${managed(0, 'm1')}/query`, { as: a.manager, body: query }),
      p.call('POST', `${managed(0, 'm1')}/query`, { as: a.manager, body: query }),
    ])
    expect([once.status, again.status]).toEqual([200, 200])
    expect((await p.call('POST', `${managed(0, 'm1')}/query`, { as: a.manager, body: query })).status).toBe(200)
    const queried = await emailsTo(p.db, grantee(0).email, 'grant-report-queried')
    expect(queried).toHaveLength(1)
    expect(queried[0]!.subject).toBe('A question about your progress report on “Discovery with two GP practices”')
    expect(queried[0]!.text).toContain('the indicators section')
    expect(queried[0]!.text).toContain('How were admissions counted?')
    expect(queried[0]!.text).toContain(reportPage(0, 'm1'))
    expect(queried[0]!.text).not.toMatch(/Priya/)

    // The answer goes back to the manager for review.
    const mine = (await p.call('GET', own(0, 'm1'), { as: grantee(0) })).json
    const answered = await p.call('POST', `${own(0, 'm1')}/submit`, {
      as: grantee(0),
      body: { version: mine.version, answer: 'From the trust’s monthly returns.' },
    })
    expect(answered.status, JSON.stringify(answered.json)).toBe(200)
    const submitted = await emailsTo(p.db, a.manager.email, 'grant-report-submitted')
    expect(submitted).toHaveLength(2)
    expect(submitted.map((m) => m.text).join('\n')).toMatch(/answered your query/)
  })

  it('tells the grantee the reason when it is rejected; reviewers racing send only the winner’s email', async () => {
    const version = await sentReport(1)
    const results = await Promise.all([
      p.call('POST', `${managed(1, 'm1')}/reject`, {
        as: a.manager,
        body: { version, reason: 'Please attach the discovery report itself.' },
      }),
      p.call('POST', `${managed(1, 'm1')}/query`, {
        as: second,
        body: { version, section: 'progress', question: 'Which practices?' },
      }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const winner = results.find((r) => r.status === 200)!.json.status as 'rejected' | 'queried'
    const rejected = await emailsTo(p.db, grantee(1).email, 'grant-report-rejected')
    const queried = await emailsTo(p.db, grantee(1).email, 'grant-report-queried')
    expect([rejected.length, queried.length]).toEqual(winner === 'rejected' ? [1, 0] : [0, 1])
    if (winner === 'queried') {
      // Sent again as it stands, then rejected: the reason reaches the grantee.
      const mine = (await p.call('GET', own(1, 'm1'), { as: grantee(1) })).json
      const resent = await p.call('POST', `${own(1, 'm1')}/submit`, {
        as: grantee(1),
        body: { version: mine.version, answer: 'Two in Bootle.' },
      })
      expect(resent.status, JSON.stringify(resent.json)).toBe(200)
      const rejecting = await p.call('POST', `${managed(1, 'm1')}/reject`, {
        as: a.manager,
        body: { version: resent.json.version, reason: 'Please attach the discovery report itself.' },
      })
      expect(rejecting.status, JSON.stringify(rejecting.json)).toBe(200)
    }
    const [email, ...more] = await emailsTo(p.db, grantee(1).email, 'grant-report-rejected')
    expect(more).toHaveLength(0)
    expect(email!.subject).toBe('Your progress report on “Discovery with two GP practices” was not approved')
    expect(email!.text).toContain('Please attach the discovery report itself.')
    expect(email!.text).toContain(reportPage(1, 'm1'))
  })

  it('tells the grantee their milestone is approved and which payment is now due, once though two managers race', async () => {
    await sentReport(3)
    const report = (await p.call('GET', managed(3, 'm1'), { as: a.manager })).json
    const results = await Promise.all([
      p.call('POST', `${managed(3, 'm1')}/approve`, { as: a.manager, body: { version: report.version } }),
      p.call('POST', `${managed(3, 'm1')}/approve`, { as: second, body: { version: report.version } }),
      p.call('POST', `${managed(3, 'm1')}/approve`, { as: a.manager, body: { version: report.version } }),
    ])
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1)
    const approved = await emailsTo(p.db, grantee(3).email, 'grant-milestone-approved')
    expect(approved).toHaveLength(1)
    expect(approved[0]!.subject).toBe('Your milestone “Discovery with two GP practices” is approved')
    // t2 (30% of £10,000) falls due on m1; t3 waits for the pilot.
    expect(approved[0]!.text).toContain('Now due to be paid: “After discovery”, £3,000.')
    expect(approved[0]!.text).not.toContain('After the pilot')
    expect(approved[0]!.text).toContain(reportPage(3, 'm1'))
    expect(approved[0]!.text).toContain(grantPage(3))
  })
})

describe('a completion report', () => {
  it('approved, tells the grantee the share held back until it is now due too', async () => {
    const id = a.ids[4]!
    const applicant = grantee(4)
    const base = `/api/competitions/${a.competitionId}`
    const award = await p.call('POST', `${base}/awards`, {
      as: a.manager,
      body: {
        applicationId: id,
        amountPence: 1_000_000,
        respondBy: new Date(p.clock.now.getTime() + 86_400_000 * 7),
        reason: 'Part funded: the pot is shared.',
      },
    })
    expect(award.status, JSON.stringify(award.json)).toBe(201)
    const offer = await p.call('POST', `/api/applications/${id}/offer/response`, {
      as: applicant,
      body: { version: award.json.version, accept: true },
    })
    expect(offer.status, JSON.stringify(offer.json)).toBe(200)
    const saved = await p.call('PUT', `${base}/grants/${id}`, {
      as: a.manager,
      body: {
        version: 0,
        startsOn: '2027-01-04',
        endsOn: '2027-12-17',
        milestones: [{ id: 'm1', title: 'Completion report', dueOn: '2027-11-30', evidence: 'The final report' }],
        tranches: [
          { id: 't1', label: 'On signing', percent: 90, trigger: { kind: 'signing' } },
          { id: 't2', label: 'Held back', percent: 10, trigger: { kind: 'date', on: '2027-02-01' }, holdback: true },
        ],
        indicators: [],
      },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(201)
    expect((await p.call('POST', `${base}/grants/${id}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(
      200,
    )
    expect(
      (await p.call('POST', `/api/applications/${id}/grant/accept`, { as: applicant, body: { version: 2 } })).status,
    ).toBe(200)
    const was = p.clock.now
    p.clock.now = new Date('2027-03-01T10:00:00Z')
    try {
      const draft = await p.call('PUT', own(4, 'm1'), {
        as: applicant,
        body: { version: 0, progress: 'All done.', evidenceNote: 'Final report attached to our website.' },
      })
      expect(draft.status, JSON.stringify(draft.json)).toBe(200)
      const sent = await p.call('POST', `${own(4, 'm1')}/submit`, {
        as: applicant,
        body: { version: draft.json.version },
      })
      expect(sent.status, JSON.stringify(sent.json)).toBe(200)
      const approved = await p.call('POST', `${managed(4, 'm1')}/approve`, {
        as: a.manager,
        body: { version: sent.json.version },
      })
      expect(approved.status, JSON.stringify(approved.json)).toBe(200)
    } finally {
      p.clock.now = was
    }
    const [email] = await emailsTo(p.db, applicant.email, 'grant-milestone-approved')
    expect(email!.text).toContain('Now due to be paid: “Held back”, £1,000.')
    expect(email!.text).not.toContain('On signing')
  })
})

describe('a payment', () => {
  it('tells the grantee the amount, date and reference, once though ten are recorded at once; a refused one sends nothing', async () => {
    const path = `/api/competitions/${a.competitionId}/grants/${a.ids[2]}/tranches/t1/payment`
    const paidOn = londonToday(p.clock.now)
    // The manager who sent the agreement may not pay its signing tranche: refused, no email.
    const refused = await p.call('POST', path, {
      as: a.manager,
      body: { paidOn, amountPence: 200_000, reference: 'BACS-0001' },
    })
    expect(refused.status).toBe(403)
    expect(await emailsTo(p.db, grantee(2).email, 'grant-payment-recorded')).toHaveLength(0)

    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        p.call('POST', path, { as: second, body: { paidOn, amountPence: 200_000, reference: 'BACS-0042' } }),
      ),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    const paid = await emailsTo(p.db, grantee(2).email, 'grant-payment-recorded')
    expect(paid).toHaveLength(1)
    const [y, m, d] = paidOn.split('-').map(Number)
    const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(y!, m! - 1, d!),
    )
    expect(paid[0]!.subject).toMatch(/^Payment of £2,000 from “/)
    expect(paid[0]!.text).toContain(`£2,000, the tranche “On signing”`)
    expect(paid[0]!.text).toContain(`on ${longDate}.`)
    expect(paid[0]!.text).toContain('Payment reference: BACS-0042')
    expect(paid[0]!.text).toContain('So far £2,000 of your £10,000 grant has been paid.')
    expect(paid[0]!.text).toContain(grantPage(2))
    expect(paid[0]!.text).not.toMatch(/Sam Okafor/)
  })
})
