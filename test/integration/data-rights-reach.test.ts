// People's data rights beyond the account and the EOI: a problem owner's problems and invitation,
// a stakeholder's round invitations (pseudonymous), partner-matching profiles and introductions,
// a panellist's panel record, names on feedback and on the grant's items, uploaded files, and
// questions asked before the ASKED# index. Each is in the person's export and reached by their
// erasure; and a person's export holds nothing about the people they share a competition, an
// organisation, a round or an introduction with.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../functions/core/ids.js'
import { inviteePseudonym } from '../../functions/db/intake-repo.js'
import { insertUser } from '../../functions/db/users-repo.js'
import { activeGrants } from '../support/report-fixtures.js'
import { applicantWithOrganisation, openCompetition, startedDraft } from '../support/eoi-fixtures.js'
import { createPublished } from '../support/fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'
import type { Assessing } from '../support/assessing-fixtures.js'

type Person = Awaited<ReturnType<TestPlatform['signIn']>>
const DAY = 86_400_000

let p: TestPlatform
let a: Assessing
let manager: Person
const data = async (who: Person) => {
  const res = await p.call('GET', '/api/me/data', { as: who })
  expect(res.status, res.text).toBe(200)
  return res
}
const eraseOnRequest = async (who: Person) => {
  const res = await p.call('POST', `/api/users/${who.id}/erasure`, { as: manager, body: { reason: 'Asked by email' } })
  expect(res.status, res.text).toBe(200)
  return res.json
}

// — An old question, written before the ASKED# index, as the code then wrote it —
let oldAsker: Person
let oldQuestion: { competitionId: string; id: string }

// — Intake: two problem owners of one council, two stakeholders in one round —
const owners: Person[] = []
const problemIds: string[] = []
const stakeholders: Person[] = []
const links: { voter: string; token: string }[] = []
let roundId: string

// — Matching: two SMEs with an introduction asked (not accepted), and a challenge owner who accepted one —
let alpha: Person
let beta: Person
const profiles: Record<'alpha' | 'beta' | 'owner', { id: string }> = {} as never
let matchingCompetitionId: string
const OWNER_CONTACT = { name: 'Dr Cara Owner', email: 'cara.owner@nhs.test.example' }

// — A panellist with their organisation, and the grantee (a sole trader) with a report and its evidence —
let panellist: Person
let grantee: Person
let fileDrafter: Person
let fileLink: string

async function invitedOwner(name: string) {
  const owner = await p.signIn('problemOwner', name)
  const invited = await p.call('POST', '/api/problem-owners', {
    as: manager,
    body: { email: owner.email, name, organisation: 'Sefton Council, Public Health' },
  })
  expect(invited.status, invited.text).toBe(201)
  return owner
}

function problemBody(who: string) {
  return {
    title: `${who}'s problem about damp homes`,
    statement: `How might we find the homes ${who} worries about?`,
    description: `${who} writes: children in damp homes are admitted with asthma more often.`,
    affects: `Families ${who} works with.`,
    evidence: [],
    commitment: { leadName: `${who} Lead`, time: 'Half a day a week', pilotSite: '' },
    contributionPence: 100_000,
  }
}

beforeAll(async () => {
  p = await createTestPlatform({ userCacheMs: 0 })

  // The grant: a sole trader grantee, with feedback written, a report saved with an evidence file.
  a = await activeGrants(p, 1)
  manager = a.manager as Person
  grantee = a.applications[0]!.applicant as Person
  const org = await p.call('GET', '/api/me/organisation', { as: grantee })
  const edited = await p.call('PATCH', `/api/organisations/${org.json.id}`, {
    as: grantee,
    body: { version: org.json.version, type: 'sole-trader', sizeBand: 'just-me' },
  })
  expect(edited.status, edited.text).toBe(200)
  const feedback = await p.call('PUT', `/api/competitions/${a.competitionId}/feedback/${a.ids[0]}`, {
    as: manager,
    body: {
      version: 0,
      decision: 'Funded.',
      panelComments: '',
      strengths: 'Clear.',
      improvements: '',
      signpostIds: [],
    },
  })
  expect(feedback.status, feedback.text).toBe(200)
  const report = `/api/applications/${a.ids[0]}/grant/reports/m1`
  const saved = await p.call('PUT', report, { as: grantee, body: { version: 0, progress: 'Discovery done.' } })
  expect(saved.status, saved.text).toBe(200)
  const pdf = new TextEncoder().encode('%PDF-1.4 evidence')
  const attached = await p.call('POST', `${report}/files`, {
    as: grantee,
    body: { filename: 'breathe-easy-owner-cv.pdf', contentType: 'application/pdf', sizeBytes: pdf.byteLength },
  })
  expect(attached.status, attached.text).toBe(201)
  const put = await p.app.request(attached.json.upload.url, {
    method: 'PUT',
    headers: attached.json.upload.headers,
    body: pdf,
  })
  expect(put.status).toBe(200)
  const fileId = attached.json.report.files[0].id
  expect((await p.call('POST', `${report}/files/${fileId}/complete`, { as: grantee })).status).toBe(200)
  const change = await p.call('POST', `/api/applications/${a.ids[0]}/grant/changes`, {
    as: grantee,
    body: { kind: 'extend', milestoneId: 'm2', newDueOn: '2027-10-31', reason: 'The pilot homes were flooded.' },
  })
  expect(change.status, change.text).toBe(201)

  // A panellist from a named organisation on the grant's competition.
  panellist = await p.signIn('panellist', 'Pat Panelwright')
  const invited = await p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
    as: manager,
    body: { email: panellist.email, name: 'Pat Panelwright', role: 'Head of data', organisation: 'Wirral NHS Trust' },
  })
  expect(invited.status, invited.text).toBe(201)
  expect(
    (
      await p.call('POST', `/api/competitions/${a.competitionId}/panel/response`, {
        as: panellist,
        body: { accept: true },
      })
    ).status,
  ).toBe(200)

  // Six months after the grant's end, the grantee submits its check-in (then the clock comes back).
  const before = p.clock.now
  p.clock.now = new Date('2028-06-20T12:00:00Z')
  const checkIn = await p.call('PUT', `/api/applications/${a.ids[0]}/grant/check-ins/6`, {
    as: grantee,
    body: { nothingToReport: true },
  })
  expect([200, 201], checkIn.text).toContain(checkIn.status)
  p.clock.now = before

  // An open competition: an old question, and a draft EOI with a file answer.
  const comp = await openCompetition(p, manager)
  oldAsker = await p.signIn('applicant', 'Olive Oldquestion')
  oldQuestion = { competitionId: comp.competition.id, id: newId() }
  await p.db.doc.send(
    new PutCommand({
      TableName: p.db.tableName,
      Item: {
        pk: `CLAR#${oldQuestion.competitionId}`,
        sk: `Q#${oldQuestion.id}`,
        entity: 'clarification',
        id: oldQuestion.id,
        competitionId: oldQuestion.competitionId,
        question: 'Olive asks: may a charity lead the bid?',
        status: 'asked',
        askedAt: p.clock.now.toISOString(),
        version: 1,
        askedBy: oldAsker.id,
      },
    }),
  )
  const fileQ = (
    await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
      as: manager,
      body: { kind: 'file', label: 'Supporting document', required: false },
    })
  ).json
  const draft = await startedDraft(p, comp, 'Fern Filer Ltd')
  fileDrafter = draft.applicant as Person
  const path = `/api/applications/${draft.application.id}/files/${fileQ.id}`
  const plan = new TextEncoder().encode('%PDF-1.4 Fern Filer’s plan')
  const upload = await p.call('POST', path, {
    as: fileDrafter,
    body: { filename: 'fern-filer-plan.pdf', contentType: 'application/pdf', sizeBytes: plan.byteLength },
  })
  expect(upload.status, upload.text).toBe(201)
  await p.app.request(upload.json.upload.url, { method: 'PUT', headers: upload.json.upload.headers, body: plan })
  expect((await p.call('POST', `${path}/complete`, { as: fileDrafter })).status).toBe(200)
  fileLink = (await p.call('GET', path, { as: fileDrafter, headers: { Accept: 'application/json' } })).json.url

  // Intake: two owners of one council propose; both problems go to a round; two signed-in stakeholders vote.
  for (const name of ['Owen Ownerone', 'Tess Ownertwo']) {
    const owner = await invitedOwner(name)
    owners.push(owner)
    const made = await p.call('POST', '/api/problems', { as: owner, body: problemBody(name.split(' ')[0]!) })
    expect(made.status, made.text).toBe(201)
    const published = await p.call('POST', `/api/problems/${made.json.id}/publish`, {
      as: manager,
      body: { expectedCostPence: 1_000_000, version: made.json.version },
    })
    expect(published.status, published.text).toBe(200)
    problemIds.push(made.json.id)
  }
  const round = await p.call('POST', '/api/rounds', {
    as: manager,
    body: {
      title: 'Which problems should we run?',
      opensAt: new Date(p.clock.now.getTime() - DAY).toISOString(),
      closesAt: new Date(p.clock.now.getTime() + 7 * DAY).toISOString(),
      method: 'points',
      pointsPerVoter: 10,
      budgetPence: 5_000_000,
      problemIds,
    },
  })
  expect(round.status, round.text).toBe(201)
  roundId = round.json.id
  for (const [i, group] of (['public-sector', 'vcse'] as const).entries()) {
    const stakeholder = await p.signIn('applicant', i === 0 ? 'Sid Stakeone' : 'Val Staketwo')
    stakeholders.push(stakeholder)
    const done = await p.call('POST', `/api/rounds/${roundId}/voters`, {
      as: manager,
      body: { voters: [{ email: stakeholder.email, group }] },
    })
    expect(done.json).toEqual({ invited: 1 })
    const [message] = await emailsTo(p.db, stakeholder.email, 'round-vote-invitation')
    const link = new URL(message!.text.match(/https?:\/\/\S+/)![0])
    const v = { voter: decodeURIComponent(link.pathname.split('/')[3]!), token: link.searchParams.get('token')! }
    links.push(v)
    const voted = await p.call('POST', `/api/rounds/${roundId}/ballots/${encodeURIComponent(v.voter)}`, {
      body: { token: v.token, support: [{ problemId: problemIds[i]!, points: 7 }] },
    })
    expect(voted.status, voted.text).toBe(201)
  }

  // Matching: Beta asks Alpha for an introduction (not answered); Alpha asks the challenge owner, who accepts.
  const matching = await createPublished(p, manager)
  matchingCompetitionId = matching.competition.id
  const base = `/api/competitions/${matchingCompetitionId}/matching/profiles`
  for (const [key, name] of [
    ['alpha', 'Alpha Matching Ltd'],
    ['beta', 'Beta Matching Ltd'],
  ] as const) {
    const person = (await applicantWithOrganisation(p, name)) as Person
    if (key === 'alpha') alpha = person
    else beta = person
    const made = await p.call('POST', base, {
      as: person,
      body: {
        side: 'sme',
        summary: `${name} summary: we build sensors`,
        pilotSiteNote: `${name} pilot note`,
        challengeIds: [matching.challenge.id],
        themeIds: [matching.theme.id],
      },
    })
    expect(made.status, made.text).toBe(201)
    profiles[key] = made.json
  }
  const ownerProfile = await p.call('POST', base, {
    as: manager,
    body: {
      side: 'owner',
      challengeId: matching.challenge.id,
      organisationName: 'Alder Hey Children’s NHS Trust',
      contactName: OWNER_CONTACT.name,
      contactEmail: OWNER_CONTACT.email,
      summary: 'The owner’s summary',
      challengeIds: [matching.challenge.id],
    },
  })
  expect(ownerProfile.status, ownerProfile.text).toBe(201)
  profiles.owner = ownerProfile.json
  const [invite] = await emailsTo(p.db, OWNER_CONTACT.email, 'match-owner-invited')
  const ownerToken = new URL(/https:\/\/\S+/.exec(invite!.text)![0]).searchParams.get('token')!
  const asked = await p.call('POST', `${base}/${profiles.beta.id}/introductions`, {
    as: beta,
    body: { toProfileId: profiles.alpha.id, message: 'Beta’s private message to Alpha' },
  })
  expect(asked.status, asked.text).toBe(201)
  const toOwner = await p.call('POST', `${base}/${profiles.alpha.id}/introductions`, {
    as: alpha,
    body: { toProfileId: profiles.owner.id, message: 'Alpha would like to pilot with you' },
  })
  expect(toOwner.status, toOwner.text).toBe(201)
  const accepted = await p.call(
    'POST',
    `${base}/${profiles.owner.id}/introductions/${toOwner.json.id}/answer?token=${encodeURIComponent(ownerToken)}`,
    { body: { action: 'accept' } },
  )
  expect(accepted.status, accepted.text).toBe(200)
}, 240_000)

describe('the export reaches every kind of personal data', () => {
  it('gives a problem owner their invitation and their problems, and nothing of the other owner of their council', async () => {
    const res = await data(owners[0]!)
    expect(res.json.problemOwner.invitation).toMatchObject({
      name: 'Owen Ownerone',
      email: owners[0]!.email,
      organisation: 'Sefton Council, Public Health',
    })
    expect(res.json.problemOwner.problems.map((x: { id: string }) => x.id)).toEqual([problemIds[0]])
    expect(res.json.problemOwner.problems[0].commitment.leadName).toBe('Owen Lead')
    for (const foreign of ['Tess', owners[1]!.email, owners[1]!.id, problemIds[1]!])
      expect(res.text).not.toContain(foreign)
  })

  it('gives a stakeholder their round invitation and their own ballot, found by their pseudonym, and not the other’s', async () => {
    const res = await data(stakeholders[0]!)
    expect(res.json.roundInvitations).toEqual([
      {
        roundId,
        roundTitle: 'Which problems should we run?',
        group: 'public-sector',
        voted: true,
        ballot: {
          castAt: expect.any(String),
          support: [{ problemId: problemIds[0], problemTitle: "Owen's problem about damp homes", points: 7 }],
        },
      },
    ])
    expect(res.json.notHeld.join(' ')).toMatch(/pseudonym/)
    for (const foreign of ['vcse', stakeholders[1]!.email, links[1]!.voter, links[0]!.token, "Tess's problem"])
      expect(res.text).not.toContain(foreign)
  })

  it('gives an SME its own profile and its side of each introduction: the other’s contact only once both accepted', async () => {
    const res = await data(alpha)
    expect(res.json.matchingProfiles).toHaveLength(1)
    const [mine] = res.json.matchingProfiles
    expect(mine.profile).toMatchObject({
      id: profiles.alpha.id,
      contactEmail: alpha.email,
      organisationName: 'Alpha Matching Ltd',
    })
    const byStatus = Object.fromEntries(mine.introductions.map((i: { status: string }) => [i.status, i]))
    expect(byStatus.requested).toMatchObject({ sentByMe: false })
    expect(byStatus.requested.message).toBeUndefined()
    expect(byStatus.requested.introducedTo).toBeUndefined()
    expect(byStatus.accepted).toMatchObject({
      sentByMe: true,
      message: 'Alpha would like to pilot with you',
      introducedTo: { contactName: OWNER_CONTACT.name, contactEmail: OWNER_CONTACT.email },
    })
    // Nothing of Beta, who shares the competition and an introduction with Alpha.
    for (const foreign of ['Beta Matching Ltd', beta.email, beta.name, beta.id, 'Beta’s private message'])
      expect(res.text).not.toContain(foreign)
    // And Beta, whose request is unanswered, never sees Alpha's contact or the owner's.
    const theirs = await data(beta)
    for (const foreign of [alpha.email, alpha.name, OWNER_CONTACT.email, 'Alpha would like', 'Alpha Matching Ltd'])
      expect(theirs.text).not.toContain(foreign)
    expect(theirs.json.matchingProfiles[0].introductions[0].message).toBe('Beta’s private message to Alpha')
  })

  it('gives a panellist their panel record (name, email, role, organisation) and nothing of the applicants', async () => {
    const res = await data(panellist)
    expect(res.json.panelMemberships).toEqual([
      expect.objectContaining({
        competitionId: a.competitionId,
        name: 'Pat Panelwright',
        email: panellist.email,
        role: 'Head of data',
        organisation: 'Wirral NHS Trust',
        status: 'accepted',
      }),
    ])
    expect(res.text).not.toContain(grantee.email)
    expect(res.text).not.toContain('Breathe Easy Ltd')
    expect(res.text).not.toContain((manager as { email: string }).email)
  })

  it('lists the files a person uploaded, by name and kind', async () => {
    expect((await data(grantee)).json.files).toEqual([
      expect.objectContaining({
        kind: 'report-evidence',
        applicationId: a.ids[0],
        milestoneId: 'm1',
        filename: 'breathe-easy-owner-cv.pdf',
        contentType: 'application/pdf',
        uploaded: true,
      }),
    ])
    expect((await data(fileDrafter)).json.files).toEqual([
      expect.objectContaining({ kind: 'eoi-answer', filename: 'fern-filer-plan.pdf', uploaded: true }),
    ])
  })

  it('finds a question asked before the ASKED# index existed', async () => {
    const res = await data(oldAsker)
    expect(res.json.questions.map((q: { id: string }) => q.id)).toEqual([oldQuestion.id])
    expect(res.json.questions[0].question).toBe('Olive asks: may a charity lead the bid?')
  })
})

describe('erasure reaches every kind of personal data', () => {
  it('erases a problem owner: their invitation goes, their problems keep the council but not their name or email', async () => {
    const receipt = await eraseOnRequest(owners[0]!)
    expect(receipt).toMatchObject({ problems: 1 })
    const problem = (await p.call('GET', `/api/problems/${problemIds[0]}`, { as: manager })).json
    expect(problem).toMatchObject({ ownerName: '[erased]', organisation: 'Sefton Council, Public Health' })
    expect(problem.commitment.leadName).toBe('[erased]')
    expect(JSON.stringify(problem)).not.toContain(owners[0]!.email)
    const list = await p.call('GET', '/api/problem-owners?limit=100', { as: manager })
    expect(list.text).not.toContain(owners[0]!.email)
    expect(list.text).toContain(owners[1]!.email)
  })

  it('erases a stakeholder: their link stops working; their pseudonymous ballot still counts', async () => {
    const receipt = await eraseOnRequest(stakeholders[0]!)
    expect(receipt).toMatchObject({ roundInvitations: 1 })
    const page = await p.call('GET', `/api/rounds/${roundId}/ballots/${links[0]!.voter}?token=${links[0]!.token}`)
    expect(page.status).toBe(404)
    p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
    const results = await p.call('GET', `/api/rounds/${roundId}/results`, { as: manager })
    expect(results.status, results.text).toBe(200)
    expect(results.json.ballots).toBe(2)
  })

  it('erases a signed-in stakeholder’s own list of rounds: a new sign-in of their email finds no round, and no INVITEE item is left', async () => {
    const stakeholder = await p.signIn('applicant', 'Ivy Invitee')
    const invitedTo: string[] = []
    for (const title of ['Which problems first?', 'Which problems next?']) {
      const made = await p.call('POST', '/api/rounds', {
        as: manager,
        body: {
          title,
          opensAt: new Date(p.clock.now.getTime() - DAY).toISOString(),
          closesAt: new Date(p.clock.now.getTime() + 7 * DAY).toISOString(),
          method: 'points',
          pointsPerVoter: 10,
          budgetPence: 5_000_000,
          problemIds,
        },
      })
      expect(made.status, made.text).toBe(201)
      const done = await p.call('POST', `/api/rounds/${made.json.id}/voters`, {
        as: manager,
        body: { voters: [{ email: stakeholder.email, group: 'resident' }] },
      })
      expect(done.json).toEqual({ invited: 1 })
      invitedTo.push(made.json.id)
    }
    const mine = async (as: { token: string }) => {
      const res = await p.call('GET', '/api/me/rounds?limit=100', { as })
      expect(res.status, res.text).toBe(200)
      return (res.json.items as { id: string }[]).map((r) => r.id).sort()
    }
    expect(await mine(stakeholder)).toEqual([...invitedTo].sort())
    // The export lists each invitation the stakeholder's own list holds.
    const exported = await data(stakeholder)
    expect(exported.json.roundInvitations.map((r: { roundId: string }) => r.roundId).sort()).toEqual(
      [...invitedTo].sort(),
    )
    const inviteeItems = async () =>
      (
        await p.db.doc.send(
          new QueryCommand({
            TableName: p.db.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `INVITEE#${inviteePseudonym(p.db, stakeholder.email)}` },
            ConsistentRead: true,
          }),
        )
      ).Items ?? []
    expect(await inviteeItems()).toHaveLength(2)

    expect(await eraseOnRequest(stakeholder)).toMatchObject({ roundInvitations: 2 })

    expect(await inviteeItems()).toEqual([])
    // Whoever signs in with that address next (a new account) is not shown the erased person's rounds.
    const again = { id: newId(), email: stakeholder.email, name: 'Someone New', role: 'applicant' as const }
    await insertUser(p.db, again)
    expect(await mine({ token: await p.issuer.issueToken(again) })).toEqual([])
  })

  it('erases an SME’s matching profile contact and words, and the message it sent; the introduction stays', async () => {
    const receipt = await eraseOnRequest(alpha)
    expect(receipt).toMatchObject({ matchingProfiles: 1 })
    const stored = await p.db.doc.send(
      new GetCommand({
        TableName: p.db.tableName,
        Key: { pk: `MATCH#${matchingCompetitionId}`, sk: `PROFILE#${profiles.alpha.id}` },
      }),
    )
    expect(stored.Item).toMatchObject({ contactName: '[erased]', summary: '[erased]', pilotSiteNote: '[erased]' })
    expect(JSON.stringify(stored.Item)).not.toContain(alpha.email)
    // The challenge owner's side of the accepted introduction no longer holds Alpha's message or contact.
    const owners = await p.call(
      'GET',
      `/api/competitions/${matchingCompetitionId}/matching/profiles/${profiles.owner.id}/introductions`,
      {
        as: manager,
      },
    )
    expect(owners.status, owners.text).toBe(200)
    expect(owners.json.items).toHaveLength(1)
    expect(owners.text).not.toContain('Alpha would like')
    expect(owners.text).not.toContain(alpha.email)
  })

  it('erases a panellist’s panel record; the panel still counts the seat', async () => {
    const receipt = await eraseOnRequest(panellist)
    expect(receipt).toMatchObject({ panelMemberships: 1 })
    const panel = await p.call('GET', `/api/competitions/${a.competitionId}/panel`, { as: manager })
    expect(panel.status, panel.text).toBe(200)
    for (const gone of ['Pat Panelwright', panellist.email, 'Wirral NHS Trust', 'Head of data'])
      expect(panel.text).not.toContain(gone)
    expect(panel.text).toContain('[erased]')
    expect(panel.text).toContain('accepted')
  })

  it('erases a sole trader grantee’s name on feedback, the grant’s acceptance, reports, and the evidence file’s name; the file stays', async () => {
    const before = await p.call('GET', `/api/competitions/${a.competitionId}/feedback/${a.ids[0]}`, { as: manager })
    expect(before.text).toContain('Breathe Easy Ltd')
    const receipt = await eraseOnRequest(grantee)
    expect(receipt).toMatchObject({ applications: 1, organisationNameErased: true })
    const feedback = await p.call('GET', `/api/competitions/${a.competitionId}/feedback/${a.ids[0]}`, { as: manager })
    expect(feedback.status).toBe(200)
    expect(feedback.text).not.toContain('Breathe Easy Ltd')
    const grant = await p.call('GET', `/api/competitions/${a.competitionId}/grants/${a.ids[0]}`, { as: manager })
    expect(grant.status).toBe(200)
    expect(grant.text).not.toContain(grantee.name)
    const stored = await p.db.doc.send(
      new GetCommand({
        TableName: p.db.tableName,
        Key: { pk: `GRANTS#${a.competitionId}`, sk: `GRANT#${a.ids[0]}#REPORT#m1` },
        ConsistentRead: true,
      }),
    )
    expect(stored.Item).toMatchObject({ updatedByName: '[erased]', updatedBy: grantee.id })
    expect(stored.Item!.files).toEqual([expect.objectContaining({ filename: '[erased]', uploaded: true })])
    expect(JSON.stringify(stored.Item)).not.toContain(grantee.name)
    const changes = await p.db.doc.send(
      new QueryCommand({
        TableName: p.db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': `GRANTS#${a.competitionId}`, ':sk': `GRANT#${a.ids[0]}#CHANGE#` },
        ConsistentRead: true,
      }),
    )
    expect(changes.Items).toEqual([expect.objectContaining({ requestedBy: grantee.id, requestedByName: '[erased]' })])
    const checkIn = await p.db.doc.send(
      new GetCommand({
        TableName: p.db.tableName,
        Key: { pk: `GRANTS#${a.competitionId}`, sk: `GRANT#${a.ids[0]}#CHECKIN#6` },
        ConsistentRead: true,
      }),
    )
    expect(checkIn.Item).toMatchObject({ submittedBy: grantee.id, submittedByName: '[erased]' })
    const verified = await p.call('GET', `/api/competitions/${a.competitionId}/audit/verify`, { as: manager })
    expect(verified.json.ok, verified.text).toBe(true)
  })

  it('deletes the files of an EOI’s answers from storage', async () => {
    expect((await p.app.request(fileLink)).status).toBe(200)
    const receipt = await eraseOnRequest(fileDrafter)
    expect(receipt).toMatchObject({ filesDeleted: 1 })
    expect((await p.app.request(fileLink)).status).not.toBe(200)
  })

  it('unlinks a question asked before the ASKED# index', async () => {
    const receipt = await eraseOnRequest(oldAsker)
    expect(receipt).toMatchObject({ questions: 1 })
    const stored = await p.db.doc.send(
      new GetCommand({
        TableName: p.db.tableName,
        Key: { pk: `CLAR#${oldQuestion.competitionId}`, sk: `Q#${oldQuestion.id}` },
      }),
    )
    expect(stored.Item!.askedBy).toBeUndefined()
    expect(stored.Item!.question).toBe('[erased]')
  })
})

describe('erasure racing a change', () => {
  it('leaves no owner name on a problem when a publish read before the erasure lands after it (409)', async () => {
    const owner = await invitedOwner('Rae Racer')
    const made = await p.call('POST', '/api/problems', { as: owner, body: problemBody('Rae') })
    expect(made.status, made.text).toBe(201)
    // Holds the publish just after it has read the problem, until the erasure has finished.
    let held!: () => void
    const hasRead = new Promise<void>((resolve) => {
      held = resolve
    })
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let holding = true
    const name = `hold-publish-${made.json.id}`
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args)
        if (
          holding &&
          context.commandName === 'GetItemCommand' &&
          JSON.stringify(args.input).includes(`PROBLEM#${made.json.id}`)
        ) {
          holding = false
          held()
          await gate
        }
        return result
      },
      { step: 'initialize', name },
    )
    try {
      const publishing = p.call('POST', `/api/problems/${made.json.id}/publish`, {
        as: manager,
        body: { expectedCostPence: 1_000_000, version: made.json.version },
      })
      await hasRead
      const erased = await p.call('POST', `/api/users/${owner.id}/erasure`, { as: manager, body: { reason: 'Asked' } })
      expect(erased.status, erased.text).toBe(200)
      release()
      const published = await publishing
      expect(published.status, published.text).toBe(409)
    } finally {
      release()
      p.db.doc.middlewareStack.remove(name)
    }
    const stored = (await p.call('GET', `/api/problems/${made.json.id}`, { as: manager })).json
    expect(stored).toMatchObject({ ownerName: '[erased]', status: 'submitted' })
    expect(stored.commitment.leadName).toBe('[erased]')
    expect(JSON.stringify(stored)).not.toContain(owner.email)
  })
})
