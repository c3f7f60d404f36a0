// The writes of an erasure (UK GDPR art. 17): each replaces a person's name, email and free
// text in one of their items with a placeholder, or deletes an item that only says who they
// are (an email claim, an event's email lock, an email not yet sent, a problem owner's or a
// panellist's record keyed by their email, a stakeholder's round invitation). Ids, amounts, scores,
// statuses and ledger entries are never written here. Every write goes through commit(), so
// the audit chain records it under the erasure's action.
import type { Application } from '../../shared/schemas/application.js'
import type { Declaration, PanelMember, ScoreSheet } from '../../shared/schemas/assessing.js'
import type { Registration } from '../../shared/schemas/events.js'
import type { Introduction } from '../../shared/schemas/matching.js'
import type { Organisation } from '../../shared/schemas/organisation.js'
import type { User } from '../../shared/schemas/user.js'
import { applicationPut } from './applications-repo.js'
import { assessKeys, memberItem } from './assessing-repo.js'
import { awardKeys } from './awards-repo.js'
import { clarificationKeys } from './clarifications-repo.js'
import type { Db } from './client.js'
import { eventKeys } from './events-repo.js'
import { feedbackKeys } from './feedback-repo.js'
import { grantKeys } from './grants-repo.js'
import { intakeKeys } from './intake-repo.js'
import { matchingKeys } from './matching-repo.js'
import { organisationKeys } from './organisations-repo.js'
import { outboxKeys } from './outbox-repo.js'
import { queryEvery } from './query-page.js'
import { indexes, keys } from './table.js'
import { userKeys } from './users-repo.js'
import { commit, ConditionFailed, write } from './write.js'

/** What an erased name or text reads as. */
export const ERASED = '[erased]'

/** An erased person's email: still an address (schemas require one), at a domain that can never receive mail. */
export const erasedEmail = (id: string) => `erased-${id.toLowerCase()}@erased.invalid`

/**
 * The account: name and email replaced, `erasedAt` set (the directory then says the account is
 * gone, so its tokens stop working), the email claim deleted so the address is no longer held.
 */
export async function eraseUserItem(db: Db, user: User, at: string): Promise<void> {
  const email = erasedEmail(user.id)
  await commit(db, [
    write({
      Update: {
        TableName: db.tableName,
        Key: { [keys.partition]: userKeys.pk(user.id), [keys.sort]: userKeys.sk },
        UpdateExpression: 'SET #name = :name, email = :email, erasedAt = if_not_exists(erasedAt, :at), #gsk = :email',
        ExpressionAttributeNames: { '#name': 'name', '#gsk': indexes.byKind.sort },
        ExpressionAttributeValues: { ':name': ERASED, ':email': email, ':at': at },
      },
    }),
    ...(user.email === email
      ? []
      : [
          write({
            Delete: {
              TableName: db.tableName,
              Key: { [keys.partition]: userKeys.emailPk(user.email), [keys.sort]: userKeys.emailSk },
            },
          }),
        ]),
  ])
}

/** A sole trader's or individual's organisation: its name and postcode say who they are. */
export async function eraseOrganisationItem(db: Db, organisation: Organisation): Promise<void> {
  await commit(db, [
    write({
      Update: {
        TableName: db.tableName,
        Key: { [keys.partition]: organisationKeys.pk(organisation.id), [keys.sort]: organisationKeys.sk },
        UpdateExpression: 'SET #name = :erased, postcode = :erased, #version = #version + :one',
        ExpressionAttributeNames: { '#name': 'name', '#version': 'version' },
        ExpressionAttributeValues: { ':erased': ERASED, ':one': 1 },
      },
    }),
  ])
}

/**
 * The EOI with its contact, answers (and a personal organisation name) replaced, at the
 * version read: an autosave that lands first makes this a ConditionFailed
 * (`'application-version'`), and the caller reads again and erases what it saved.
 */
export async function eraseApplicationItem(db: Db, erased: Application, read: Application): Promise<void> {
  await commit(db, [applicationPut(db, erased, { version: read.version, status: read.status })])
}

/**
 * The organisation name copied onto an application's candidate, award and grant, where the name
 * is a person's: amounts, statuses and decisions stay as they are. The grant moves to a new
 * version (its writes put it whole, so an edit read before is a 409 rather than the name back);
 * candidates and awards are only ever updated field by field.
 */
export async function eraseOrganisationNameCopies(db: Db, competitionId: string, applicationId: string): Promise<void> {
  const copies = [
    { pk: assessKeys.pk(competitionId), sk: assessKeys.candidate(applicationId), versioned: false },
    { pk: awardKeys.pk(competitionId), sk: awardKeys.award(applicationId), versioned: false },
    { pk: grantKeys.pk(competitionId), sk: grantKeys.grant(applicationId), versioned: true },
  ]
  for (const { pk, sk, versioned } of copies) {
    try {
      await commit(db, [
        write(
          {
            Update: {
              TableName: db.tableName,
              Key: { [keys.partition]: pk, [keys.sort]: sk },
              UpdateExpression: `SET organisationName = :erased${versioned ? ', #version = #version + :one' : ''}`,
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: { '#pk': keys.partition, ...(versioned ? { '#version': 'version' } : {}) },
              ExpressionAttributeValues: { ':erased': ERASED, ...(versioned ? { ':one': 1 } : {}) },
            },
          },
          'copy-exists',
        ),
      ])
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
}

/**
 * A feedback call the applicant asked for: their question and preferred times (and a personal
 * organisation name) replaced, at a new version, so a manager's edit from before is a 409.
 */
export async function eraseFeedbackCall(
  db: Db,
  competitionId: string,
  applicationId: string,
  personal: boolean,
): Promise<void> {
  try {
    await commit(db, [
      write(
        {
          Update: {
            TableName: db.tableName,
            Key: { [keys.partition]: feedbackKeys.pk(competitionId), [keys.sort]: feedbackKeys.call(applicationId) },
            UpdateExpression: `SET question = :erased, preferredTimes = :erased, #version = #version + :one${personal ? ', organisationName = :erased' : ''}`,
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': keys.partition, '#version': 'version' },
            ExpressionAttributeValues: { ':erased': ERASED, ':one': 1 },
          },
        },
        'call-exists',
      ),
    ])
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
  }
}

/**
 * A question the person asked: the link to them (asker and index keys) removed; one not yet
 * answered (never published) loses its text too. A published question stays as published,
 * without anyone's name (the manager words it when answering).
 */
export async function eraseClarificationAsker(
  db: Db,
  question: { competitionId: string; id: string; status: string },
): Promise<void> {
  const unanswered = question.status === 'asked'
  await commit(db, [
    write({
      Update: {
        TableName: db.tableName,
        Key: {
          [keys.partition]: clarificationKeys.pk(question.competitionId),
          [keys.sort]: clarificationKeys.sk(question.id),
        },
        UpdateExpression: `REMOVE askedBy, #gpk, #gsk${unanswered ? ' SET question = :erased' : ''}`,
        ExpressionAttributeNames: { '#gpk': indexes.byOwner.partition, '#gsk': indexes.byOwner.sort },
        ...(unanswered ? { ExpressionAttributeValues: { ':erased': ERASED } } : {}),
      },
    }),
  ])
}

/** An event registration's details replaced and its email lock deleted; the counts stay. */
export async function eraseRegistration(db: Db, registration: Registration): Promise<void> {
  await commit(db, [
    write({
      Update: {
        TableName: db.tableName,
        Key: {
          [keys.partition]: eventKeys.pk(registration.eventId),
          [keys.sort]: eventKeys.registrationSk(registration.id),
        },
        UpdateExpression: 'SET #name = :erased, email = :email, organisation = :erased, accessibilityNeeds = :erased',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':erased': ERASED, ':email': erasedEmail(registration.id) },
      },
    }),
    write({
      Delete: {
        TableName: db.tableName,
        Key: {
          [keys.partition]: eventKeys.pk(registration.eventId),
          [keys.sort]: eventKeys.emailSk(registration.email),
        },
      },
    }),
  ])
}

/**
 * Cancels every email to `address` not yet sent: deleted while still pending (guard
 * `'message-pending'`; one a deliverer claimed meanwhile is left to go). Returns how many.
 */
export async function cancelPendingEmailsTo(db: Db, address: string): Promise<number> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    IndexName: indexes.byKind.name,
    KeyConditionExpression: '#pk = :pk',
    FilterExpression: '#to = :to',
    ExpressionAttributeNames: { '#pk': indexes.byKind.partition, '#to': 'to' },
    ExpressionAttributeValues: { ':pk': outboxKeys.byStatus('pending'), ':to': address },
    ProjectionExpression: 'id',
  })
  let cancelled = 0
  for (const item of items) {
    try {
      await commit(db, [
        write(
          {
            Delete: {
              TableName: db.tableName,
              Key: { [keys.partition]: outboxKeys.pk(String(item.id)), [keys.sort]: outboxKeys.sk },
              ConditionExpression: '#gpk = :pending',
              ExpressionAttributeNames: { '#gpk': indexes.byKind.partition },
              ExpressionAttributeValues: { ':pending': outboxKeys.byStatus('pending') },
            },
          },
          'message-pending',
        ),
      ])
      cancelled++
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
  return cancelled
}

/** An erasure's update applies only to an item still there (never creates one). */
const exists = { ConditionExpression: 'attribute_exists(#pk)' }

/** Runs an update that may find its item gone (deleted since it was read): then there is nothing to erase. */
async function updateIfThere(db: Db, update: NonNullable<Parameters<typeof write>[0]['Update']>): Promise<void> {
  try {
    await commit(db, [
      write(
        {
          Update: {
            ...update,
            ...exists,
            ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#pk': keys.partition },
          },
        },
        'item-exists',
      ),
    ])
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
  }
}

/** A problem owner's invitation: its key is their email, so the item goes (their problems keep the organisation). */
export async function deleteProblemOwnerItem(db: Db, email: string): Promise<void> {
  await commit(db, [
    write({
      Delete: {
        TableName: db.tableName,
        Key: { [keys.partition]: intakeKeys.ownerPk(email), [keys.sort]: intakeKeys.ownerSk },
      },
    }),
  ])
}

/**
 * A proposed problem's owner name and email, and the lead they named, replaced at a new version
 * (an owner's edit is a whole put at the version read). The problem itself (the public body's,
 * perhaps now a challenge) stays.
 */
export async function eraseProblemOwner(db: Db, problemId: string, ownerId: string): Promise<void> {
  await updateIfThere(db, {
    TableName: db.tableName,
    Key: { [keys.partition]: intakeKeys.problemPk(problemId), [keys.sort]: intakeKeys.problemSk },
    UpdateExpression:
      'SET ownerName = :erased, ownerEmail = :email, commitment.leadName = :erased, #version = #version + :one',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':erased': ERASED, ':email': erasedEmail(ownerId), ':one': 1 },
  })
}

/**
 * A stakeholder's invitation to a round (their group and link) deleted: the link stops working.
 * Their ballot stays under its pseudonym: it counts in the results, which never name anyone.
 */
export async function deleteRoundVoter(db: Db, roundId: string, voter: string): Promise<void> {
  await commit(db, [
    write({
      Delete: {
        TableName: db.tableName,
        Key: { [keys.partition]: intakeKeys.roundPk(roundId), [keys.sort]: intakeKeys.voterSk(voter) },
      },
    }),
  ])
}

/** A round in a stakeholder's own list (`INVITEE#`, its title and window) deleted: a sign-in with their email no longer finds it. */
export async function deleteRoundInvitee(
  db: Db,
  invitee: string,
  round: { closesAt: string; roundId: string },
): Promise<void> {
  await commit(db, [
    write({
      Delete: {
        TableName: db.tableName,
        Key: {
          [keys.partition]: intakeKeys.inviteePk(invitee),
          [keys.sort]: intakeKeys.inviteeSk(round.closesAt, round.roundId),
        },
      },
    }),
  ])
}

/**
 * A matching profile the person is the contact for: the contact, what it says in its own words
 * (summary, pilot site note) and the owner's link replaced or removed, at a new version; a sole
 * trader's or individual's organisation name too (`personal`). Its tags, ids and introductions stay.
 */
export async function eraseMatchProfile(
  db: Db,
  profile: { competitionId: string; id: string },
  personal: boolean,
): Promise<void> {
  await updateIfThere(db, {
    TableName: db.tableName,
    Key: {
      [keys.partition]: matchingKeys.pk(profile.competitionId),
      [keys.sort]: matchingKeys.profileSk(profile.id),
    },
    UpdateExpression: `SET contactName = :erased, contactEmail = :email, summary = :erased, pilotSiteNote = :erased, #version = #version + :one${personal ? ', organisationName = :erased' : ''} REMOVE #token`,
    ExpressionAttributeNames: { '#version': 'version', '#token': 'token' },
    ExpressionAttributeValues: { ':erased': ERASED, ':email': erasedEmail(profile.id), ':one': 1 },
  })
}

/** The message the person's side wrote when asking for an introduction: on the introduction and both sides' copies. */
export async function eraseIntroductionMessage(db: Db, intro: Introduction): Promise<void> {
  for (const sk of [
    matchingKeys.introductionSk(intro.id),
    matchingKeys.sideSk(intro.fromProfileId, intro.id),
    matchingKeys.sideSk(intro.toProfileId, intro.id),
  ])
    await updateIfThere(db, {
      TableName: db.tableName,
      Key: { [keys.partition]: matchingKeys.pk(intro.competitionId), [keys.sort]: sk },
      UpdateExpression: 'SET message = :erased',
      ExpressionAttributeValues: { ':erased': ERASED },
    })
}

/**
 * A panellist's record on a panel: its key is their email, so it moves to the erased address,
 * with their name, role and organisation replaced; status and account stay, so the panel, its
 * seats and the ranking count as before. Their declarations and sheets (numbers and comments
 * stay) leave their email index and the sheet's copy of the email.
 */
export async function erasePanelMember(
  db: Db,
  member: PanelMember,
  items: { declarations: Declaration[]; sheets: ScoreSheet[] },
  address: string,
): Promise<void> {
  if (member.email !== address.toLowerCase()) {
    const erased: PanelMember = {
      ...member,
      email: address,
      name: ERASED,
      ...(member.role ? { role: ERASED } : {}),
      ...(member.organisation ? { organisation: ERASED } : {}),
    }
    await commit(db, [
      write({
        Delete: {
          TableName: db.tableName,
          Key: {
            [keys.partition]: assessKeys.pk(member.competitionId),
            [keys.sort]: assessKeys.member(member.email),
          },
        },
      }),
      write({ Put: { TableName: db.tableName, Item: memberItem(erased) } }),
    ])
  }
  const index = { '#gpk': indexes.byOwner.partition }
  const own = assessKeys.panellist(address)
  for (const d of items.declarations)
    await updateIfThere(db, {
      TableName: db.tableName,
      Key: {
        [keys.partition]: assessKeys.pk(d.competitionId),
        [keys.sort]: assessKeys.declaration(d.applicationId, d.panellistId),
      },
      UpdateExpression: 'SET #gpk = :own',
      ExpressionAttributeNames: index,
      ExpressionAttributeValues: { ':own': own },
    })
  for (const sheet of items.sheets)
    await updateIfThere(db, {
      TableName: db.tableName,
      Key: {
        [keys.partition]: assessKeys.pk(sheet.competitionId),
        [keys.sort]: assessKeys.sheet(sheet.applicationId, sheet.panellistId),
      },
      UpdateExpression: 'SET #gpk = :own, panellistEmail = :address',
      ExpressionAttributeNames: index,
      ExpressionAttributeValues: { ':own': own, ':address': address.toLowerCase() },
    })
}

/** A sole trader's or individual's name on their feedback, as it stands and on each released version kept. */
export async function eraseFeedbackNames(db: Db, competitionId: string, applicationId: string): Promise<void> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': feedbackKeys.pk(competitionId), ':prefix': `FBV#${applicationId}#` },
    ProjectionExpression: '#sk',
  })
  for (const sk of [feedbackKeys.feedback(applicationId), ...items.map((i) => String(i[keys.sort]))])
    await updateIfThere(db, {
      TableName: db.tableName,
      Key: { [keys.partition]: feedbackKeys.pk(competitionId), [keys.sort]: sk },
      UpdateExpression: 'SET organisationName = :erased',
      ExpressionAttributeValues: { ':erased': ERASED },
    })
}

/** Who-did-what pairs on a grant's items that name the grantee: the id stays, the name goes. */
const NAME_FIELDS = [
  ['updatedBy', 'updatedByName'],
  ['submittedBy', 'submittedByName'],
  ['acceptedBy', 'acceptedByName'],
  ['requestedBy', 'requestedByName'],
] as const

/**
 * The person's name on their grant's items (the agreement's acceptance, reports, check-ins,
 * change requests), where the item says the person did it; and the names of the evidence files
 * on reports. The files themselves stay: approvals and payments rest on them. Versioned items
 * move to a new version at the version read; returns false if one changed meanwhile (read again).
 */
export async function eraseGrantNames(
  db: Db,
  competitionId: string,
  applicationId: string,
  userId: string,
): Promise<boolean> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': grantKeys.pk(competitionId), ':prefix': grantKeys.grant(applicationId) },
    ConsistentRead: true,
  })
  for (const item of items) {
    const names = NAME_FIELDS.filter(([by, name]) => item[by] === userId && item[name] !== ERASED).map(([, n]) => n)
    const files = Array.isArray(item.files) ? (item.files as Record<string, unknown>[]) : []
    const namedFiles = files.some((f) => f.filename !== ERASED)
    if (!names.length && !namedFiles) continue
    const versioned = typeof item.version === 'number'
    const sets = [
      ...names.map((n) => `${n} = :erased`),
      ...(namedFiles ? ['files = :files'] : []),
      ...(versioned ? ['#version = :next'] : []),
    ]
    try {
      await commit(db, [
        write(
          {
            Update: {
              TableName: db.tableName,
              Key: { [keys.partition]: item[keys.partition], [keys.sort]: item[keys.sort] },
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: versioned ? '#version = :read' : 'attribute_exists(#pk)',
              ExpressionAttributeNames: versioned ? { '#version': 'version' } : { '#pk': keys.partition },
              ExpressionAttributeValues: {
                ':erased': ERASED,
                ...(namedFiles ? { ':files': files.map((f) => ({ ...f, filename: ERASED })) } : {}),
                ...(versioned ? { ':read': item.version, ':next': Number(item.version) + 1 } : {}),
              },
            },
          },
          'grant-item-version',
        ),
      ])
    } catch (error) {
      if (error instanceof ConditionFailed) return false
      throw error
    }
  }
  return true
}
