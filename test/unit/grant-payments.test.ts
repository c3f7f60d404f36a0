// The payment rules on their own: when a tranche is due (a milestone's approval, a date reached
// in Europe/London, a held-back share only after the completion report), who may pay it (never
// its authoriser: the milestone's approver, or the manager who sent the agreement), when a grant
// completes, and the month each unpaid tranche falls in (its milestone's current due date).
import { describe, expect, it } from 'vitest'
import { dueByMonth, moneyByGrant, moneyOverTime } from '../../functions/core/grants/money.js'
import { decidePayment, isComplete, isTrancheDue, londonToday } from '../../functions/core/grants/payments.js'
import { Grant } from '../../shared/schemas/grants.js'

const SENDER = 'manager-who-sent'
const APPROVER = 'manager-who-approved'
const PAYER = { id: 'manager-who-pays', name: 'Sam Okafor' }
const at = '2027-01-10T10:00:00.000Z'

/** An active grant: £1,000 on signing, £1,000 on m1's approval, £1,000 on 1 March, £1,000 held back on m2. */
function grant(changes: { milestones?: Record<string, object>; tranches?: Record<string, object> } = {}): Grant {
  return Grant.parse({
    competitionId: '01ARZ3NDEKTSV4RRFFQ69G5FAA',
    applicationId: '01ARZ3NDEKTSV4RRFFQ69G5FAB',
    organisationName: 'Breathe Easy Ltd',
    awardPence: 400_000,
    startsOn: '2027-01-04',
    endsOn: '2027-12-17',
    conditions: '',
    milestones: [
      { id: 'm1', title: 'Pilot', dueOn: '2027-03-31', evidence: 'Data' },
      { id: 'm2', title: 'Completion report', dueOn: '2027-12-10', evidence: 'The report' },
    ],
    tranches: [
      { id: 't1', label: 'On signing', amountPence: 100_000, trigger: { kind: 'signing' } },
      { id: 't2', label: 'After the pilot', amountPence: 100_000, trigger: { kind: 'milestone', milestoneId: 'm1' } },
      { id: 't3', label: 'In March', amountPence: 100_000, trigger: { kind: 'date', on: '2027-03-01' } },
      {
        id: 't4',
        label: 'Held back',
        amountPence: 100_000,
        trigger: { kind: 'milestone', milestoneId: 'm2' },
        holdback: true,
      },
    ],
    indicators: [],
    notes: '',
    status: 'active',
    version: 4,
    createdAt: at,
    createdBy: SENDER,
    updatedAt: at,
    updatedBy: SENDER,
    updatedByName: 'Priya Shah',
    sentAt: at,
    sentBy: SENDER,
    acceptedAt: at,
    acceptedBy: 'grantee',
    acceptedByName: 'Grantee',
    progress: {
      milestones: {
        m1: { status: 'upcoming', dueOn: '2027-03-31', public: false },
        m2: { status: 'upcoming', dueOn: '2027-12-10', public: false },
        ...changes.milestones,
      },
      tranches: {
        t1: { status: 'due', amountPence: 100_000, dueAt: at, authorisedBy: SENDER },
        t2: { status: 'scheduled', amountPence: 100_000 },
        t3: { status: 'scheduled', amountPence: 100_000 },
        t4: { status: 'scheduled', amountPence: 100_000 },
        ...changes.tranches,
      },
      actuals: {},
    },
    paidPence: 0,
  })
}

const pay = (g: Grant, trancheId: string, by = PAYER, now = new Date('2027-03-02T12:00:00Z'), paidOn = '2027-03-02') =>
  decidePayment(g, trancheId, { paidOn, amountPence: 100_000, reference: 'BACS-1' }, by, now)

describe('when a tranche is due', () => {
  it('is due on signing, from its date in Europe/London, and on its milestone’s approval; a held-back share only after the completion report', () => {
    const g = grant()
    const tranche = (id: string) => g.tranches.find((t) => t.id === id)!
    const due = (x: Grant, id: string, today: string) => isTrancheDue(x, tranche(id), x.progress!.tranches[id]!, today)
    expect(due(g, 't1', '2027-01-10')).toBe(true)
    expect(due(g, 't2', '2027-12-31')).toBe(false)
    expect(due(g, 't3', '2027-02-28')).toBe(false)
    expect(due(g, 't3', '2027-03-01')).toBe(true)
    expect(due(g, 't4', '2027-12-31')).toBe(false)
    // Approving the pilot makes its tranche due (the REPORTS write); the holdback waits for m2.
    const approved = grant({
      milestones: { m1: { status: 'approved', dueOn: '2027-03-31', public: false, approvedBy: APPROVER } },
      tranches: { t2: { status: 'due', amountPence: 100_000, authorisedBy: APPROVER } },
    })
    expect(due(approved, 't2', '2027-04-01')).toBe(true)
    expect(due(approved, 't4', '2027-12-31')).toBe(false)
    // Midnight in London in summer is 23:00 UTC the day before: the date there decides.
    expect(londonToday(new Date('2027-02-28T23:30:00Z'))).toBe('2027-02-28')
    expect(londonToday(new Date('2027-06-30T23:30:00Z'))).toBe('2027-07-01')
  })

  it('refuses a tranche not due, naming it, and a grant not yet accepted', () => {
    expect(() => pay(grant(), 't2')).toThrow('“After the pilot” is not due: it falls due when “Pilot” is approved')
    expect(() => pay(grant(), 't4')).toThrow(/the share held back until the completion report/)
    expect(() => pay(grant(), 't3', PAYER, new Date('2027-02-28T12:00:00Z'), '2027-02-28')).toThrow(
      '“In March” is not due: it falls due on 1 March 2027.',
    )
    const sent = { ...grant(), status: 'sent' as const, progress: undefined }
    expect(() => pay(sent, 't1')).toThrow(/is sent: a payment is recorded only once the grantee has accepted it/)
    expect(() => pay(grant(), 'nope')).toThrow(/No tranche/)
  })
})

describe('four eyes', () => {
  it('refuses the manager who approved the milestone, and the one who sent the agreement for a signing or dated tranche', () => {
    const approved = grant({
      milestones: { m1: { status: 'approved', dueOn: '2027-03-31', public: false, approvedBy: APPROVER } },
      tranches: { t2: { status: 'due', amountPence: 100_000, authorisedBy: APPROVER } },
    })
    const approver = { id: APPROVER, name: 'Ana Approver' }
    const sender = { id: SENDER, name: 'Priya Shah' }
    expect(() => pay(approved, 't2', approver)).toThrow(
      'Four eyes: you authorised “After the pilot” (you approved its milestone), so another programme manager must record its payment.',
    )
    expect(() => pay(approved, 't1', sender)).toThrow(/you sent the agreement/)
    expect(() => pay(approved, 't3', sender)).toThrow(/you sent the agreement/)
    // The approver may pay what the sender authorised, and the sender what the approver did.
    expect(pay(approved, 't1', approver).next.progress!.tranches.t1!.status).toBe('paid')
    expect(pay(approved, 't2', sender).next.progress!.tranches.t2).toMatchObject({
      status: 'paid',
      authorisedBy: APPROVER,
      payment: { recordedBy: SENDER, amountPence: 100_000, paidOn: '2027-03-02' },
    })
    // A dated tranche due without a write is authorised by the sender, recorded as such when paid.
    expect(pay(approved, 't3').next.progress!.tranches.t3!.authorisedBy).toBe(SENDER)
  })
})

describe('completion and the budget’s figures', () => {
  it('completes the grant with the payment that leaves every milestone approved and every tranche paid or cancelled', () => {
    const approvedBoth = {
      m1: { status: 'approved', dueOn: '2027-03-31', public: false, approvedBy: APPROVER },
      m2: { status: 'approved', dueOn: '2027-12-10', public: false, approvedBy: APPROVER },
    }
    const paid = () => ({
      status: 'paid',
      amountPence: 100_000,
      payment: {
        paidOn: '2027-03-02',
        amountPence: 100_000,
        reference: 'x',
        recordedAt: at,
        recordedBy: 'x',
        recordedByName: 'x',
      },
    })
    const almost = grant({
      milestones: approvedBoth,
      tranches: {
        t1: paid(),
        t2: paid(),
        t3: { status: 'cancelled', amountPence: 100_000 },
        t4: { status: 'due', amountPence: 100_000, authorisedBy: APPROVER },
      },
    })
    expect(isComplete(almost)).toBe(false)
    const last = pay(almost, 't4', PAYER, new Date('2027-12-12T12:00:00Z'), '2027-12-12')
    expect(last.next.status).toBe('completed')
    expect(last.entry.reason).toMatch(/The grant is completed$/)
    // Not while a milestone waits, even with every tranche paid.
    const waiting = grant({ tranches: { t2: paid(), t3: paid(), t4: paid() } })
    expect(pay(waiting, 't1').next.status).toBe('active')
  })

  it('puts each unpaid tranche in the month it falls due (its milestone’s current date after an extension), and replays paid over time', () => {
    const extended = grant({ milestones: { m1: { status: 'upcoming', dueOn: '2027-05-15', public: false } } })
    expect(dueByMonth([extended])).toEqual([
      { month: '2027-01', pence: 100_000, tranches: 1 },
      { month: '2027-03', pence: 100_000, tranches: 1 },
      { month: '2027-05', pence: 100_000, tranches: 1 },
      { month: '2027-12', pence: 100_000, tranches: 1 },
    ])
    expect(dueByMonth([{ ...extended, status: 'terminated' }])).toEqual([])
    expect(moneyByGrant([extended])[0]).toMatchObject({ awardPence: 400_000, paidPence: 0, outstandingPence: 400_000 })
    const entry = {
      id: 'x',
      competitionId: 'c',
      applicationId: 'a',
      organisationName: 'o',
      potPence: 1_000_000,
      by: 'b',
      byName: 'b',
      at,
      committedBeforePence: 0,
    }
    expect(
      moneyOverTime([
        { ...entry, cause: 'awarded', changePence: 400_000, committedAfterPence: 400_000 },
        { ...entry, cause: 'paid', changePence: 0, paidChangePence: 100_000, committedAfterPence: 400_000 },
        { ...entry, cause: 'repaid', changePence: -50_000, paidChangePence: -50_000, committedAfterPence: 350_000 },
      ]).map((p) => [p.committedPence, p.paidPence]),
    ).toEqual([
      [400_000, 0],
      [400_000, 100_000],
      [350_000, 50_000],
    ])
  })
})
