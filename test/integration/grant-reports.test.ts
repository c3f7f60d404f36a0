// Progress reports through the API: the grantee writes a report on a milestone of their active
// grant (text, evidence files through the upload path, actuals with an explanation where a
// target due by then is missed) and sends it; the manager approves it (its tranches fall due,
// authorised by the approver; the actuals join the grant's), rejects it with a reason, or
// queries one section, which the grantee answers alone. An approved report is fixed; someone
// else's grant is the same 404 as none; races leave one decision; reminders go once.
// Each describe block makes its own competition of active grants, and each test brings its own
// grant to the state it starts from, so every test also runs alone (`-t`).
import { beforeAll, describe, expect, it } from 'vitest'
import { remindGrant, remindMilestones } from '../../functions/core/grants/reminders.js'
import { getGrant } from '../../functions/db/grants-repo.js'
import type { Assessing } from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'
import { activeGrants } from '../support/report-fixtures.js'

let p: TestPlatform
/** The current describe block's competition, made in its beforeAll. */
let a: Assessing
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

const own = (i: number, milestoneId: string) => `/api/applications/${a.ids[i]}/grant/reports/${milestoneId}`
const managed = (i: number, milestoneId: string) =>
  `/api/competitions/${a.competitionId}/grants/${a.ids[i]}/reports/${milestoneId}`
const grantee = (i: number) => a.applications[i]!.applicant
const grantOf = async (i: number) => (await getGrant(p.db, a.competitionId, a.ids[i]!))!

/** A complete report on m1 (admissions 41 misses the target of 40, so it is explained), sent. */
async function sentReport(i: number, milestoneId = 'm1', { homes = 60 } = {}) {
  const saved = await p.call('PUT', own(i, milestoneId), {
    as: grantee(i),
    body: {
      version: 0,
      progress: 'We ran discovery with two practices.',
      evidenceNote: 'The discovery report is on our shared drive.',
      actuals: [
        { indicatorId: 'admissions', value: 41, explanation: 'Winter came early.' },
        { indicatorId: 'homes', value: homes },
      ],
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  const sent = await p.call('POST', `${own(i, milestoneId)}/submit`, {
    as: grantee(i),
    body: { version: saved.json.version },
  })
  expect(sent.status, JSON.stringify(sent.json)).toBe(200)
  return sent.json as { version: number }
}

/** A sent report on m1, queried by the manager on its indicators. */
async function queriedReport(i: number) {
  const sent = await sentReport(i)
  const queried = await p.call('POST', `${managed(i, 'm1')}/query`, {
    as: a.manager,
    body: { version: sent.version, section: 'indicators', question: 'How were admissions counted?' },
  })
  expect(queried.status, JSON.stringify(queried.json)).toBe(200)
  return queried.json as { version: number }
}

/** A queried report answered: admissions corrected to 39 (on target), sent again for review. */
async function answeredReport(i: number) {
  const queried = await queriedReport(i)
  const answered = await p.call('PUT', own(i, 'm1'), {
    as: grantee(i),
    body: {
      version: queried.version,
      actuals: [
        { indicatorId: 'admissions', value: 39, explanation: '' },
        { indicatorId: 'homes', value: 60 },
      ],
    },
  })
  expect(answered.status, JSON.stringify(answered.json)).toBe(200)
  const resent = await p.call('POST', `${own(i, 'm1')}/submit`, {
    as: grantee(i),
    body: { version: answered.json.version, answer: 'From the trust’s monthly returns; corrected.' },
  })
  expect(resent.status, JSON.stringify(resent.json)).toBe(200)
}

/** A sent report rejected, changed and sent again: in for review a second time. */
async function resentReport(i: number) {
  const sent = await sentReport(i)
  const rejected = await p.call('POST', `${managed(i, 'm1')}/reject`, {
    as: a.manager,
    body: { version: sent.version, reason: 'Please attach the discovery report itself.' },
  })
  expect(rejected.status, JSON.stringify(rejected.json)).toBe(200)
  const changed = await p.call('PUT', own(i, 'm1'), {
    as: grantee(i),
    body: { version: rejected.json.version, progress: 'Discovery with two practices; report attached.' },
  })
  expect(changed.status, JSON.stringify(changed.json)).toBe(200)
  const resent = await p.call('POST', `${own(i, 'm1')}/submit`, {
    as: grantee(i),
    body: { version: changed.json.version },
  })
  expect(resent.status, JSON.stringify(resent.json)).toBe(200)
}

/** A sent report approved by the manager. */
async function approvedReport(i: number) {
  const sent = await sentReport(i)
  const approved = await p.call('POST', `${managed(i, 'm1')}/approve`, {
    as: a.manager,
    body: { version: sent.version },
  })
  expect(approved.status, JSON.stringify(approved.json)).toBe(200)
}

/** Grantee i's m2 report saved once (version 1) with a missed target unexplained, not sent. */
async function savedM2Draft(i: number) {
  const saved = await p.call('PUT', own(i, 'm2'), {
    as: grantee(i),
    body: {
      version: 0,
      progress: 'Pilot',
      evidenceNote: 'Data',
      actuals: [
        { indicatorId: 'admissions', value: 30 },
        { indicatorId: 'homes', value: 49 },
      ],
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  expect(saved.json.version).toBe(1)
}

beforeAll(async () => {
  p = await createTestPlatform()
})

describe('writing and sending a report', () => {
  beforeAll(async () => {
    a = await activeGrants(p, 3)
  }, 180_000)

  it('is saved, given evidence through the upload path, refused while incomplete naming each field, then sent', async () => {
    const blank = await p.call('GET', own(0, 'm1'), { as: grantee(0) })
    expect(blank.status).toBe(200)
    expect(blank.json).toMatchObject({ version: 0, status: 'draft', progress: '', files: [] })
    expect(blank.json.actuals.map((x: { indicatorId: string }) => x.indicatorId)).toEqual(['admissions', 'homes'])
    // Not yet sent: the manager cannot see a draft.
    expect((await p.call('GET', managed(0, 'm1'), { as: a.manager })).status).toBe(404)

    const saved = await p.call('PUT', own(0, 'm1'), {
      as: grantee(0),
      body: { version: 0, progress: 'Discovery done.', actuals: [{ indicatorId: 'admissions', value: 44 }] },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    expect(saved.json.version).toBe(1)

    // Evidence, through the existing upload path: attach, PUT the bytes, complete (pinned).
    const pdf = new TextEncoder().encode('%PDF-1.4 discovery')
    const attached = await p.call('POST', `${own(0, 'm1')}/files`, {
      as: grantee(0),
      body: { filename: 'discovery.pdf', contentType: 'application/pdf', sizeBytes: pdf.byteLength },
    })
    expect(attached.status, JSON.stringify(attached.json)).toBe(201)
    const fileId = attached.json.report.files[0].id as string
    expect(attached.json.report.files[0]).toMatchObject({ filename: 'discovery.pdf', uploaded: false })
    expect(JSON.stringify(attached.json)).not.toMatch(/versionId|uploadId|etag/)

    // Sent too soon: the file is not uploaded (so there is no evidence yet), the homes actual is
    // missing, admissions misses its target (44 above 40 where lower is better) unexplained.
    const early = await p.call('POST', `${own(0, 'm1')}/submit`, {
      as: grantee(0),
      body: { version: attached.json.report.version },
    })
    expect(early.status).toBe(422)
    expect(early.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(fieldsOf(early.json)).toEqual(['files.0', 'files', 'actuals.0.explanation', 'actuals.1.value'])

    expect((await p.call('POST', `${own(0, 'm1')}/files/${fileId}/complete`, { as: grantee(0) })).status).toBe(422)
    const put = await p.app.request(attached.json.upload.url, {
      method: 'PUT',
      headers: attached.json.upload.headers,
      body: pdf,
    })
    expect(put.status).toBe(200)
    const completed = await p.call('POST', `${own(0, 'm1')}/files/${fileId}/complete`, { as: grantee(0) })
    expect(completed.status, JSON.stringify(completed.json)).toBe(200)
    expect(completed.json.files[0]).toMatchObject({ id: fileId, uploaded: true })

    const actuals = await p.call('PUT', own(0, 'm1'), {
      as: grantee(0),
      body: {
        version: completed.json.version,
        actuals: [
          { indicatorId: 'admissions', value: 44, explanation: 'A flu outbreak in February.' },
          { indicatorId: 'homes', value: 12 },
        ],
      },
    })
    expect(actuals.status, JSON.stringify(actuals.json)).toBe(200)
    // What was not sent stayed as it was.
    expect(actuals.json.progress).toBe('Discovery done.')
    const sent = await p.call('POST', `${own(0, 'm1')}/submit`, {
      as: grantee(0),
      body: { version: actuals.json.version },
    })
    expect(sent.status, JSON.stringify(sent.json)).toBe(200)
    expect(sent.json.status).toBe('submitted')
    // A double click returns it as sent.
    const again = await p.call('POST', `${own(0, 'm1')}/submit`, {
      as: grantee(0),
      body: { version: actuals.json.version },
    })
    expect(again.status).toBe(200)
    expect(again.json.version).toBe(sent.json.version)
    expect((await grantOf(0)).progress!.milestones.m1!.status).toBe('submitted')

    // Sent: it cannot be changed while it is being reviewed.
    const late = await p.call('PUT', own(0, 'm1'), {
      as: grantee(0),
      body: { version: sent.json.version, progress: 'Changed my mind' },
    })
    expect(late.status).toBe(409)
    expect(fieldsOf(late.json)).toEqual(['progress'])

    // The manager reads it, with its file, and downloads the bytes checked.
    const read = await p.call('GET', managed(0, 'm1'), { as: a.manager })
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({
      status: 'submitted',
      progress: 'Discovery done.',
      updatedByName: grantee(0).name,
    })
    const link = await p.call('GET', `${managed(0, 'm1')}/files/${fileId}`, {
      as: a.manager,
      headers: { Accept: 'application/json' },
    })
    expect(link.status).toBe(200)
    expect(await (await p.app.request(link.json.url)).text()).toBe('%PDF-1.4 discovery')
  })

  it('explains a missed target only where one was due by then, which way is better deciding', async () => {
    // On m2 (30 September) admissions must be at most 35 and homes at least 50.
    const save = (actuals: unknown[]) =>
      p.call('PUT', own(1, 'm2'), {
        as: grantee(1),
        body: { version: 0, progress: 'Pilot', evidenceNote: 'Data', actuals },
      })
    const saved = await save([
      { indicatorId: 'admissions', value: 30 },
      { indicatorId: 'homes', value: 49 },
    ])
    expect(saved.status).toBe(200)
    const sent = await p.call('POST', `${own(1, 'm2')}/submit`, { as: grantee(1), body: { version: 1 } })
    expect(sent.status).toBe(422)
    expect(fieldsOf(sent.json)).toEqual(['actuals.1.explanation'])
    expect(sent.json.errors[0].message).toMatch(/misses the target of 50 \(higher is better\)/)
  })

  it('refuses bad and huge input before doing any work, naming the field, and keeps what was saved', async () => {
    await savedM2Draft(2)
    const before = (await p.call('GET', own(2, 'm2'), { as: grantee(2) })).json
    const cases: [unknown, number, string[]][] = [
      [{ version: 1, progress: 'x'.repeat(10_001) }, 400, ['progress']],
      [{ version: 1, actuals: [{ indicatorId: 'nope', value: 1 }] }, 422, ['actuals.0.indicatorId']],
      [{ version: 1, actuals: [{ indicatorId: 'homes', value: 'many' }] }, 400, ['actuals.0.value']],
      [{ version: 1, actuals: [{ indicatorId: 'homes', value: 1e13 }] }, 400, ['actuals.0.value']],
      [
        { version: 1, actuals: Array.from({ length: 13 }, () => ({ indicatorId: 'homes', value: 1 })) },
        400,
        ['actuals'],
      ],
      [
        {
          version: 1,
          actuals: [
            { indicatorId: 'homes', value: 1 },
            { indicatorId: 'homes', value: 2 },
          ],
        },
        422,
        ['actuals.1.indicatorId'],
      ],
      [{ version: 7, progress: 'stale' }, 409, ['version']],
    ]
    for (const [body, status, fields] of cases) {
      const response = await p.call('PUT', own(2, 'm2'), { as: grantee(2), body })
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status)
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/)
      expect(fieldsOf(response.json)).toEqual(fields)
    }
    const tooBig = await p.call('POST', `${own(2, 'm2')}/files`, {
      as: grantee(2),
      body: { filename: 'huge.pdf', contentType: 'application/pdf', sizeBytes: 26 * 1024 * 1024 },
    })
    expect(tooBig.status).toBe(400)
    // A status is not the grantee's to set.
    const status = await p.call('PUT', own(2, 'm2'), { as: grantee(2), body: { version: 1, status: 'approved' } })
    expect(status.status).toBe(400)
    expect(fieldsOf(tooBig.json)).toEqual(['sizeBytes'])
    const rejected = await p.call('POST', `${managed(2, 'm2')}/reject`, {
      as: a.manager,
      body: { version: 1, reason: '' },
    })
    expect(rejected.status).toBe(400)
    expect(fieldsOf(rejected.json)).toEqual(['reason'])
    const query = await p.call('POST', `${managed(2, 'm2')}/query`, {
      as: a.manager,
      body: { version: 1, section: 'budget', question: 'Why?' },
    })
    expect(query.status).toBe(400)
    expect(fieldsOf(query.json)).toEqual(['section'])
    expect((await p.call('GET', own(2, 'm2'), { as: grantee(2) })).json).toEqual(before)
  })

  it('on someone else’s grant, a missing grant or a missing milestone is the same 404, and only managers review', async () => {
    const stranger = grantee(1)
    const paths = [own(0, 'm1'), `/api/applications/${MISSING}/grant/reports/m1`, own(0, 'nope')]
    const bodies = new Set<string>()
    for (const path of paths) {
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['PUT', '', { version: 0, progress: 'Mine now' }],
        ['POST', '/submit', { version: 1 }],
        ['POST', '/files', { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 }],
      ] as const) {
        const response = await p.call(method, `${path}${suffix}`, { as: stranger, body })
        expect(response.status, `${method} ${path}${suffix}`).toBe(404)
        if (path !== own(0, 'nope')) bodies.add(response.json.detail)
      }
    }
    expect(bodies.size).toBe(1)
    // The last applicant never won: their application has no grant.
    const loser = a.applications.at(-1)!.applicant
    expect((await p.call('GET', `/api/applications/${a.ids.at(-1)}/grant/reports/m1`, { as: loser })).status).toBe(404)
    expect((await p.call('POST', `${managed(0, 'm1')}/approve`, { as: grantee(0), body: { version: 1 } })).status).toBe(
      403,
    )
    expect((await p.call('GET', managed(0, 'm1'), { as: grantee(0) })).status).toBe(403)
    expect(
      (await p.call('GET', `/api/competitions/${a.competitionId}/grants/${MISSING}/reports/m1`, { as: a.manager }))
        .status,
    ).toBe(404)
  })
})

describe('reviewing a report', () => {
  beforeAll(async () => {
    a = await activeGrants(p, 3)
  }, 180_000)

  it('queries one section: the grantee changes that section alone and answers, the rest stays as sent', async () => {
    const sent = await sentReport(0)
    const queried = await p.call('POST', `${managed(0, 'm1')}/query`, {
      as: a.manager,
      body: { version: sent.version, section: 'indicators', question: 'How were admissions counted?' },
    })
    expect(queried.status, JSON.stringify(queried.json)).toBe(200)
    expect(queried.json).toMatchObject({
      status: 'queried',
      query: { section: 'indicators', askedByName: 'Priya Shah' },
    })
    expect((await grantOf(0)).progress!.milestones.m1!.status).toBe('queried')

    const mine = (await p.call('GET', own(0, 'm1'), { as: grantee(0) })).json
    expect(mine.query).toEqual({
      section: 'indicators',
      question: 'How were admissions counted?',
      askedAt: expect.any(String),
    })
    expect(JSON.stringify(mine)).not.toMatch(/Priya|askedBy|reviews/)
    // Other sections are as they were sent.
    for (const [body, field] of [
      [{ progress: 'Rewritten' }, 'progress'],
      [{ evidenceNote: 'Elsewhere' }, 'files'],
    ] as const) {
      const refused = await p.call('PUT', own(0, 'm1'), { as: grantee(0), body: { version: mine.version, ...body } })
      expect(refused.status).toBe(409)
      expect(fieldsOf(refused.json)).toEqual([field])
    }
    const file = await p.call('POST', `${own(0, 'm1')}/files`, {
      as: grantee(0),
      body: { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 },
    })
    expect(file.status).toBe(409)
    // Sending the rest unchanged beside the queried section is fine.
    const answered = await p.call('PUT', own(0, 'm1'), {
      as: grantee(0),
      body: {
        version: mine.version,
        progress: mine.progress,
        actuals: [
          { indicatorId: 'admissions', value: 39, explanation: '' },
          { indicatorId: 'homes', value: 60 },
        ],
      },
    })
    expect(answered.status, JSON.stringify(answered.json)).toBe(200)
    const noAnswer = await p.call('POST', `${own(0, 'm1')}/submit`, {
      as: grantee(0),
      body: { version: answered.json.version },
    })
    expect(noAnswer.status).toBe(422)
    expect(fieldsOf(noAnswer.json)).toEqual(['answer'])
    const resent = await p.call('POST', `${own(0, 'm1')}/submit`, {
      as: grantee(0),
      body: { version: answered.json.version, answer: 'From the trust’s monthly returns; corrected.' },
    })
    expect(resent.status, JSON.stringify(resent.json)).toBe(200)
    const review = (await p.call('GET', managed(0, 'm1'), { as: a.manager })).json
    expect(review).toMatchObject({
      status: 'submitted',
      progress: 'We ran discovery with two practices.',
      evidenceNote: 'The discovery report is on our shared drive.',
      query: { answer: 'From the trust’s monthly returns; corrected.' },
    })
    expect(review.actuals[0]).toMatchObject({ indicatorId: 'admissions', value: 39 })
    expect(review.reviews).toEqual([
      expect.objectContaining({
        decision: 'queried',
        section: 'indicators',
        text: 'How were admissions counted?',
        answer: 'From the trust’s monthly returns; corrected.',
      }),
    ])
  })

  it('rejects with a reason the grantee sees; they change it and send it again', async () => {
    const sent = await sentReport(1)
    const rejected = await p.call('POST', `${managed(1, 'm1')}/reject`, {
      as: a.manager,
      body: { version: sent.version, reason: 'Please attach the discovery report itself.' },
    })
    expect(rejected.status, JSON.stringify(rejected.json)).toBe(200)
    expect((await grantOf(1)).progress!.milestones.m1!.status).toBe('rejected')
    const mine = (await p.call('GET', own(1, 'm1'), { as: grantee(1) })).json
    expect(mine).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'Please attach the discovery report itself.' },
    })
    const changed = await p.call('PUT', own(1, 'm1'), {
      as: grantee(1),
      body: { version: mine.version, progress: 'Discovery with two practices; report attached.' },
    })
    expect(changed.status).toBe(200)
    const resent = await p.call('POST', `${own(1, 'm1')}/submit`, {
      as: grantee(1),
      body: { version: changed.json.version },
    })
    expect(resent.status).toBe(200)
    expect((await grantOf(1)).progress!.milestones.m1!.status).toBe('submitted')
  })

  it('approves: the milestone is approved, its tranche falls due authorised by the approver, the actuals join the grant’s; then it is fixed', async () => {
    await answeredReport(2)
    const report = (await p.call('GET', managed(2, 'm1'), { as: a.manager })).json
    const approved = await p.call('POST', `${managed(2, 'm1')}/approve`, {
      as: a.manager,
      body: { version: report.version },
    })
    expect(approved.status, JSON.stringify(approved.json)).toBe(200)
    expect(approved.json).toMatchObject({ status: 'approved', approvedBy: a.manager.id, approvedByName: 'Priya Shah' })
    const grant = await grantOf(2)
    expect(grant.progress!.milestones.m1).toMatchObject({
      status: 'approved',
      approvedBy: a.manager.id,
      approvedByName: 'Priya Shah',
      approvedAt: approved.json.approvedAt,
    })
    expect(grant.progress!.tranches.t2).toMatchObject({
      status: 'due',
      authorisedBy: a.manager.id,
      dueAt: approved.json.approvedAt,
    })
    // The pilot's tranche waits for the pilot.
    expect(grant.progress!.tranches.t3!.status).toBe('scheduled')
    expect(grant.progress!.actuals).toEqual({
      admissions: [{ on: '2027-03-31', value: 39 }],
      homes: [{ on: '2027-03-31', value: 60 }],
    })
    // The grantee sees it approved, and can no longer change anything.
    const mine = (await p.call('GET', own(2, 'm1'), { as: grantee(2) })).json
    expect(mine.status).toBe('approved')
    for (const [method, suffix, body] of [
      ['PUT', '', { version: mine.version, actuals: [{ indicatorId: 'homes', value: 99 }] }],
      ['POST', '/submit', { version: mine.version }],
      ['POST', '/files', { filename: 'late.pdf', contentType: 'application/pdf', sizeBytes: 10 }],
    ] as const) {
      const refused = await p.call(method, `${own(2, 'm1')}${suffix}`, { as: grantee(2), body })
      expect(refused.status, `${method} ${suffix}`).toBe(409)
      expect(refused.json.detail).toMatch(/approved by Priya Shah .*fixed/)
    }
    // Nor can a manager decide again.
    const reject = await p.call('POST', `${managed(2, 'm1')}/reject`, {
      as: a.manager,
      body: { version: report.version, reason: 'Second thoughts' },
    })
    expect(reject.status).toBe(409)
    expect((await grantOf(2)).version).toBe(grant.version)
    // Approving again (a double click) returns it.
    const again = await p.call('POST', `${managed(2, 'm1')}/approve`, {
      as: a.manager,
      body: { version: report.version },
    })
    expect(again.status).toBe(200)
    expect(again.json.version).toBe(approved.json.version)
  })
})

describe('races', () => {
  beforeAll(async () => {
    a = await activeGrants(p, 3)
  }, 180_000)

  it('two (or three) reviewers racing leave one decision, which the grant agrees with', async () => {
    const sent = await sentReport(0)
    const others = [await p.signIn('manager', 'Sam Okafor'), await p.signIn('manager', 'Jo Lee')]
    const results = await Promise.all([
      p.call('POST', `${managed(0, 'm1')}/approve`, { as: a.manager, body: { version: sent.version } }),
      p.call('POST', `${managed(0, 'm1')}/reject`, { as: others[0], body: { version: sent.version, reason: 'No' } }),
      p.call('POST', `${managed(0, 'm1')}/query`, {
        as: others[1],
        body: { version: sent.version, section: 'progress', question: 'Which practices?' },
      }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
    const winner = results.find((r) => r.status === 200)!.json
    for (const loser of results.filter((r) => r.status === 409))
      expect(loser.json.detail).toMatch(/Priya Shah|Sam Okafor|Jo Lee/)
    const report = (await p.call('GET', managed(0, 'm1'), { as: a.manager })).json
    expect(report.reviews).toHaveLength(1)
    expect(report.status).toBe(winner.status)
    const grant = await grantOf(0)
    expect(grant.progress!.milestones.m1!.status).toBe(winner.status)
    expect(grant.progress!.tranches.t2!.status).toBe(winner.status === 'approved' ? 'due' : 'scheduled')
  })

  it('an approval racing the grantee’s edits: both land where they touch different reports, and a sent report stays as read', async () => {
    // Grantee 1's m1 report is in for review again; they work on m2 while it is approved.
    await resentReport(1)
    const review = (await p.call('GET', managed(1, 'm1'), { as: a.manager })).json
    const [approved, edit, other] = await Promise.all([
      p.call('POST', `${managed(1, 'm1')}/approve`, { as: a.manager, body: { version: review.version } }),
      p.call('PUT', own(1, 'm1'), { as: grantee(1), body: { version: review.version, progress: 'Sneaky change' } }),
      (async () => {
        const saved = await p.call('PUT', own(1, 'm2'), {
          as: grantee(1),
          body: {
            version: 0,
            progress: 'Pilot done',
            evidenceNote: 'Data attached',
            actuals: [
              { indicatorId: 'admissions', value: 30 },
              { indicatorId: 'homes', value: 55 },
            ],
          },
        })
        return p.call('POST', `${own(1, 'm2')}/submit`, { as: grantee(1), body: { version: saved.json.version } })
      })(),
    ])
    expect(approved.status, JSON.stringify(approved.json)).toBe(200)
    expect(edit.status).toBe(409)
    expect(other.status, JSON.stringify(other.json)).toBe(200)
    const grant = await grantOf(1)
    expect(grant.progress!.milestones.m1!.status).toBe('approved')
    expect(grant.progress!.milestones.m2!.status).toBe('submitted')
    expect(grant.progress!.tranches.t2!.status).toBe('due')
    const report = (await p.call('GET', managed(1, 'm1'), { as: a.manager })).json
    expect(report.progress).toBe(review.progress)
  })

  it('two approvals of different milestones of one grant at once both land: the loser of the grant’s version reads again and decides again', async () => {
    // Grantee 2's m1 report is in, with 12 homes.
    await sentReport(2, 'm1', { homes: 12 })
    const m2 = await p.call('PUT', own(2, 'm2'), {
      as: grantee(2),
      body: {
        version: 0,
        progress: 'Pilot in 52 homes',
        evidenceNote: 'The pilot data is attached to our final report.',
        actuals: [
          { indicatorId: 'admissions', value: 33 },
          { indicatorId: 'homes', value: 52 },
        ],
      },
    })
    const sent = await p.call('POST', `${own(2, 'm2')}/submit`, { as: grantee(2), body: { version: m2.json.version } })
    expect(sent.status, JSON.stringify(sent.json)).toBe(200)
    const m1 = (await p.call('GET', managed(2, 'm1'), { as: a.manager })).json
    const second = await p.signIn('manager', 'Sam Okafor')
    const before = await grantOf(2)
    const [one, two] = await Promise.all([
      p.call('POST', `${managed(2, 'm1')}/approve`, { as: a.manager, body: { version: m1.version } }),
      p.call('POST', `${managed(2, 'm2')}/approve`, { as: second, body: { version: sent.json.version } }),
    ])
    expect([one.status, two.status]).toEqual([200, 200])
    const grant = await grantOf(2)
    expect(grant.version).toBe(before.version + 2)
    expect(grant.progress!.milestones.m1).toMatchObject({ status: 'approved', approvedBy: a.manager.id })
    expect(grant.progress!.milestones.m2).toMatchObject({ status: 'approved', approvedBy: second.id })
    expect(grant.progress!.tranches.t2).toMatchObject({ status: 'due', authorisedBy: a.manager.id })
    expect(grant.progress!.tranches.t3).toMatchObject({ status: 'due', authorisedBy: second.id })
    expect(grant.progress!.actuals.homes).toEqual([
      { on: '2027-03-31', value: 12 },
      { on: '2027-09-30', value: 52 },
    ])
  })
})

describe('reminders', () => {
  beforeAll(async () => {
    a = await activeGrants(p, 4)
  }, 180_000)

  it('email once 14 days before a milestone is due and once when it is overdue, linking to the report page, even when runs race', async () => {
    // Grantee 0 has sent nothing; grantees 1, 2 and 3 have a report in: sent, queried, approved.
    await sentReport(1)
    await queriedReport(2)
    await approvedReport(3)
    const email = grantee(0).email
    const run = () => remindMilestones({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })
    p.clock.now = new Date('2027-03-16T09:00:00Z')
    // 15 days before m1: nothing yet.
    await run()
    expect(await emailsTo(p.db, email, 'grant-report-due')).toHaveLength(0)
    p.clock.now = new Date('2027-03-17T09:00:00Z')
    const ctx = { db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl }
    const races = await Promise.all([
      run(),
      run(),
      remindGrant(ctx, a.competitionId, a.ids[0]!),
      remindGrant(ctx, a.competitionId, a.ids[0]!),
    ])
    expect(races.flat().filter((x) => x.startsWith(`${a.ids[0]}/`))).toEqual([`${a.ids[0]}/m1/due`])
    const due = await emailsTo(p.db, email, 'grant-report-due')
    expect(due).toHaveLength(1)
    expect(due[0]!.text).toContain(`${TEST_PUBLIC_URL}/applications/${a.ids[0]}/grant/reports/m1`)
    expect(due[0]!.subject).toMatch(/due on 31 March 2027/)
    // Reports already in (grantees 1, 2 and 3) get no reminder.
    for (const i of [1, 2, 3]) expect(await emailsTo(p.db, grantee(i).email, 'grant-report-due')).toHaveLength(0)
    await run()
    expect(await emailsTo(p.db, email, 'grant-report-due')).toHaveLength(1)

    // Overdue from the day after it was due in London (BST: an hour before UTC's day ends), once.
    p.clock.now = new Date('2027-03-31T22:30:00Z')
    expect(await run()).toEqual([])
    p.clock.now = new Date('2027-03-31T23:30:00Z')
    await Promise.all([run(), run()])
    await run()
    const overdue = await emailsTo(p.db, email, 'grant-report-overdue')
    expect(overdue).toHaveLength(1)
    expect(overdue[0]!.text).toContain(`${TEST_PUBLIC_URL}/applications/${a.ids[0]}/grant/reports/m1`)
    expect((await grantOf(0)).progress!.milestones.m1).toMatchObject({
      remindedDueAt: '2027-03-17T09:00:00.000Z',
      remindedOverdueAt: '2027-03-31T23:30:00.000Z',
    })
  })
})
