// The writes of an erasure (UK GDPR art. 17): each replaces a person's name, email and free
// text in one of their items with a placeholder, or deletes an item that only says who they
// are (an email claim, an event's email lock, an email not yet sent). Ids, amounts, scores,
// statuses and ledger entries are never written here. Every write goes through commit(), so
// the audit chain records it under the erasure's action.
import type { Application } from '../../shared/schemas/application.js'
import type { Registration } from '../../shared/schemas/events.js'
import type { Organisation } from '../../shared/schemas/organisation.js'
import type { User } from '../../shared/schemas/user.js'
import { applicationPut } from './applications-repo.js'
import { assessKeys } from './assessing-repo.js'
import { awardKeys } from './awards-repo.js'
import { clarificationKeys } from './clarifications-repo.js'
import type { Db } from './client.js'
import { eventKeys } from './events-repo.js'
import { feedbackKeys } from './feedback-repo.js'
import { grantKeys } from './grants-repo.js'
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
