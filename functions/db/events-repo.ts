// Storage of a competition's events. Everything about one event lives in its own partition
// `EVENT#<eventId>`: the event item (with its counts: places taken, confirmed, attended,
// views), a page-view counter per day, the registrations, one email lock per registrant (so
// an address registers once), the attendance rows no registration matched, and one item per
// registering organisation. Indexes: GSI2 lists a competition's events (`EVENTS#<competitionId>`,
// by start) and its organisations (`EVENTORGS#<competitionId>`); GSI1 lists events whose
// reminders are due (`EVENT-REMIND#due`, by start) and whose personal data is due for deletion
// (`EVENT-RETAIN#due`, by the day it may be kept until), and registrations whose unconfirmed
// hold on a place is due to lapse (`EVENT-HOLD#due`, by the end of the hold; only while pending).
//
// Personal data (registrations, email locks, unmatched rows) carries the TTL attribute
// `expiresAt`; the retention sweep deletes it promptly (TTL can take days, and DynamoDB Local
// never expires), and leaves the counts.
import { BatchGetCommand, BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Page } from '../../shared/schemas/common.js'
import {
  CompetitionEvent,
  EventFields,
  EventOrganisation,
  Registration,
  UnmatchedAttendee,
} from '../../shared/schemas/events.js'
import type * as z from 'zod/mini'
import type { Db } from './client.js'
import { queryEvery, queryIndexPage } from './query-page.js'
import { indexes, keys, tableDefinition } from './table.js'
import { commit, conditional, write, type Write } from './write.js'

export const eventKeys = {
  pk: (eventId: string) => `EVENT#${eventId}`,
  sk: 'EVENT',
  viewsSk: (day: string) => `VIEWS#${day}`,
  registrationSk: (registrationId: string) => `REG#${registrationId}`,
  emailSk: (email: string) => `EMAIL#${email.toLowerCase()}`,
  unmatchedSk: (rowId: string) => `UNMATCHED#${rowId}`,
  organisationSk: (organisationKey: string) => `ORG#${organisationKey}`,
  retainSk: 'RETAIN',
  /** GSI2: a competition's events, by start. */
  byCompetition: (competitionId: string) => `EVENTS#${competitionId}`,
  /** GSI2: the organisations that registered for a competition's events. */
  organisationsOf: (competitionId: string) => `EVENTORGS#${competitionId}`,
  /** GSI1: events whose day-before reminders have not gone out, by start. */
  remindDue: 'EVENT-REMIND#due',
  /** GSI1: events whose registrants' personal data is still held, by the instant it must go. */
  retainDue: 'EVENT-RETAIN#due',
  /** GSI1: pending registrations, by the instant their hold on a place lapses. */
  holdDue: 'EVENT-HOLD#due',
}

const TTL = tableDefinition.timeToLiveAttribute
const COUNTS = ['registered', 'confirmed', 'attended', 'views'] as const

type Fields = z.infer<typeof EventFields>
const EventFieldNames = EventFields.shape
type Item = Record<string, unknown>

/** Epoch seconds for the TTL attribute. */
export const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000)

const fromItem = (item: Item): CompetitionEvent =>
  CompetitionEvent.parse({
    ...item,
    counts: Object.fromEntries(COUNTS.map((c) => [c, Math.max(0, Number(item[c] ?? 0))])),
  })

const eventKey = (eventId: string) => ({ [keys.partition]: eventKeys.pk(eventId), [keys.sort]: eventKeys.sk })

const retainMarker = (db: Db, event: { id: string; competitionId: string }, retainUntil: string) =>
  write({
    Put: {
      TableName: db.tableName,
      Item: {
        [keys.partition]: eventKeys.pk(event.id),
        [keys.sort]: eventKeys.retainSk,
        [indexes.byKind.partition]: eventKeys.retainDue,
        [indexes.byKind.sort]: `${retainUntil}#${event.id}`,
        entity: 'eventRetention',
        eventId: event.id,
        competitionId: event.competitionId,
        retainUntil,
      },
    },
  })

/** Saves a new event with zero counts, in its competition's list, the reminder list and the retention list. */
export async function insertEvent(db: Db, event: CompetitionEvent, retainUntil: string): Promise<void> {
  const { counts: _counts, ...rest } = event
  await commit(db, [
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            ...eventKey(event.id),
            [indexes.byOwner.partition]: eventKeys.byCompetition(event.competitionId),
            [indexes.byOwner.sort]: `${event.startsAt}#${event.id}`,
            [indexes.byKind.partition]: eventKeys.remindDue,
            [indexes.byKind.sort]: `${event.startsAt}#${event.id}`,
            entity: 'event',
            ...rest,
            registered: 0,
            confirmed: 0,
            attended: 0,
            views: 0,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'event-new',
    ),
    retainMarker(db, event, retainUntil),
  ])
}

export async function getEvent(db: Db, eventId: string, { consistent = false } = {}) {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: eventKey(eventId), ConsistentRead: consistent }),
  )
  return Item && Item.entity === 'event' ? fromItem(Item) : undefined
}

/**
 * Saves a manager's edit if the event is still at `expectedVersion` and the new capacity holds
 * everyone already registered: one guard, `'event-version-and-capacity'` (core re-reads to say
 * which). Counts are left alone: registrations go on counting while a manager edits. The
 * retention list moves with the event's end and retention period.
 */
export async function updateEvent(
  db: Db,
  event: CompetitionEvent,
  fields: Fields,
  expectedVersion: number,
  retainUntil: string,
): Promise<void> {
  const names: Record<string, string> = {
    '#version': 'version',
    '#gsk2': indexes.byOwner.sort,
    '#registered': 'registered',
  }
  const values: Record<string, unknown> = {
    ':expected': expectedVersion,
    ':next': expectedVersion + 1,
    ':gsk2': `${fields.startsAt}#${event.id}`,
  }
  const sets = ['#version = :next', '#gsk2 = :gsk2']
  const removes: string[] = []
  for (const name of Object.keys(EventFieldNames)) {
    const value = (fields as Record<string, unknown>)[name]
    names[`#${name}`] = name
    if (value === undefined) removes.push(`#${name}`)
    else {
      values[`:${name}`] = value
      sets.push(`#${name} = :${name}`)
    }
  }
  if (!event.remindedAt) {
    // Still waiting for its reminders: the list is ordered by the (maybe new) start.
    names['#gsk1'] = indexes.byKind.sort
    values[':gsk1'] = `${fields.startsAt}#${event.id}`
    sets.push('#gsk1 = :gsk1')
  }
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: eventKey(event.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#version = :expected AND #registered <= :capacity',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      'event-version-and-capacity',
    ),
    ...(event.personalDataDeletedAt ? [] : [retainMarker(db, event, retainUntil)]),
  ])
}

/** A competition's events, soonest first. */
export async function listEventsOfCompetition(
  db: Db,
  competitionId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<CompetitionEvent>> {
  return queryIndexPage(db, {
    index: indexes.byOwner,
    partition: eventKeys.byCompetition(competitionId),
    limit,
    cursor,
    parse: fromItem,
  })
}

/** Every event of a competition (a competition has tens, not thousands): for reports. */
export async function listAllEventsOfCompetition(db: Db, competitionId: string): Promise<CompetitionEvent[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    IndexName: indexes.byOwner.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': indexes.byOwner.partition },
    ExpressionAttributeValues: { ':pk': eventKeys.byCompetition(competitionId) },
  })
  return items.map(fromItem)
}

/** Counts one page view on the event's day counter and its total. No caller is recorded. */
export async function countView(db: Db, eventId: string, day: string): Promise<void> {
  const add = (sk: string, entity?: string) =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: eventKeys.pk(eventId), [keys.sort]: sk },
        UpdateExpression: entity ? 'ADD #views :one SET entity = :entity, #day = :day' : 'ADD #views :one',
        // The total only on an event that exists: a made-up id must not create items.
        ConditionExpression: entity ? undefined : 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#views': 'views', ...(entity ? { '#day': 'day' } : { '#pk': keys.partition }) },
        ExpressionAttributeValues: { ':one': 1, ...(entity ? { ':entity': entity, ':day': day } : {}) },
      }),
    )
  await conditional('event-exists', () => add(eventKeys.sk))
  await add(eventKeys.viewsSk(day), 'eventViews')
}

/** Page views per day, oldest first. */
export async function listViewsByDay(db: Db, eventId: string): Promise<{ day: string; views: number }[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :views)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': eventKeys.pk(eventId), ':views': 'VIEWS#' },
  })
  return items.map((i) => ({ day: String(i.day), views: Number(i.views) }))
}

/** Sets a counted total directly (the demo seed's real figures from before the platform). */
export async function setEventCounts(
  db: Db,
  eventId: string,
  counts: Partial<Record<(typeof COUNTS)[number], number>>,
): Promise<void> {
  const entries = Object.entries(counts)
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: eventKey(eventId),
      UpdateExpression: `SET ${entries.map(([k]) => `#${k} = :${k}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
    }),
  )
}

// ---------------------------------------------------------------------------------------
// Registrations

type StoredRegistration = Registration & { token: string; organisationKey?: string }

/** A registration's key: in its event's partition. */
const registrationKey = (eventId: string, registrationId: string) => ({
  [keys.partition]: eventKeys.pk(eventId),
  [keys.sort]: eventKeys.registrationSk(registrationId),
})

const registrationItem = (r: StoredRegistration, expiresAt: number) => ({
  ...registrationKey(r.eventId, r.id),
  entity: 'eventRegistration',
  ...r,
  // A pending hold is listed until it is confirmed, cancelled or lapses.
  ...(r.status === 'pending' && r.holdUntil
    ? {
        [indexes.byKind.partition]: eventKeys.holdDue,
        [indexes.byKind.sort]: `${r.holdUntil}#${r.eventId}#${r.id}`,
      }
    : {}),
  [TTL]: expiresAt,
})

/** Takes a registration off the list of holds due to lapse. */
const offHoldList = `REMOVE ${indexes.byKind.partition}, ${indexes.byKind.sort}`

const registrationFromItem = (item: Item) => ({
  registration: Registration.parse(item),
  token: String(item.token),
  organisationKey: typeof item.organisationKey === 'string' ? item.organisationKey : undefined,
})

const organisationAdd = (
  db: Db,
  event: { id: string; competitionId: string },
  organisation: { name: string; key: string },
  counter: 'registered' | 'attended',
  by: number,
) =>
  write({
    Update: {
      TableName: db.tableName,
      Key: { [keys.partition]: eventKeys.pk(event.id), [keys.sort]: eventKeys.organisationSk(organisation.key) },
      UpdateExpression:
        'ADD #n :by SET entity = :entity, #name = if_not_exists(#name, :name), organisationKey = :key, #gpk = :gpk, #gsk = :gsk',
      ExpressionAttributeNames: {
        '#n': counter,
        '#name': 'name',
        '#gpk': indexes.byOwner.partition,
        '#gsk': indexes.byOwner.sort,
      },
      ExpressionAttributeValues: {
        ':by': by,
        ':entity': 'eventOrganisation',
        ':name': organisation.name,
        ':key': organisation.key,
        ':gpk': eventKeys.organisationsOf(event.competitionId),
        ':gsk': `${organisation.key}#${event.id}`,
      },
    },
  })

const eventAdd = (db: Db, eventId: string, add: Partial<Record<'registered' | 'confirmed' | 'attended', number>>) => {
  const entries = Object.entries(add)
  return {
    TableName: db.tableName,
    Key: eventKey(eventId),
    UpdateExpression: `ADD ${entries.map(([k]) => `#${k} :${k}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])) as Record<string, string>,
    ExpressionAttributeValues: Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])) as Record<string, unknown>,
  }
}

/**
 * Registers someone: takes a place on the event only while one is free (guard `'place-free'`:
 * published, registered < capacity, personal data not yet deleted), only once per email
 * (guard `'email-new'`), counts their organisation and writes the confirmation email, all in
 * one transaction, so a race of registrations never overfills.
 */
export async function insertRegistration(
  db: Db,
  event: CompetitionEvent,
  registration: StoredRegistration,
  organisation: { name: string; key: string } | undefined,
  email: Write<'message-new'>,
  expiresAt: number,
): Promise<void> {
  const add = eventAdd(db, event.id, { registered: 1 })
  await commit(db, [
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            [keys.partition]: eventKeys.pk(event.id),
            [keys.sort]: eventKeys.emailSk(registration.email),
            entity: 'eventEmailLock',
            registrationId: registration.id,
            [TTL]: expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'email-new',
    ),
    write({ Put: { TableName: db.tableName, Item: registrationItem(registration, expiresAt) } }),
    write(
      {
        Update: {
          ...add,
          ConditionExpression:
            '#status = :published AND #registered < #capacity AND attribute_not_exists(personalDataDeletedAt)',
          ExpressionAttributeNames: { ...add.ExpressionAttributeNames, '#status': 'status', '#capacity': 'capacity' },
          ExpressionAttributeValues: { ...add.ExpressionAttributeValues, ':published': 'published' },
        },
      },
      'place-free',
    ),
    ...(organisation ? [organisationAdd(db, event, organisation, 'registered', 1)] : []),
    email,
  ])
}

/** The registration an email address holds on an event, if any. */
export async function getRegistrationByEmail(db: Db, eventId: string, email: string) {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: eventKeys.pk(eventId), [keys.sort]: eventKeys.emailSk(email) },
      ConsistentRead: true,
    }),
  )
  return Item ? getRegistration(db, eventId, String(Item.registrationId)) : undefined
}

export async function getRegistration(db: Db, eventId: string, registrationId: string) {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: registrationKey(eventId, registrationId),
      ConsistentRead: true,
    }),
  )
  return Item ? registrationFromItem(Item) : undefined
}

/** Writes an email on its own (a reminder of an existing registration). */
export async function insertEmail(db: Db, email: Write<'message-new'>): Promise<void> {
  await commit(db, [email])
}

/**
 * Confirms a pending registration whose hold has not lapsed by `at` (guard
 * `'registration-pending'`: a confirm racing the lapse cannot both win) and counts it, with its email.
 */
export async function confirmRegistration(
  db: Db,
  registration: Registration,
  at: string,
  email: Write<'message-new'>,
): Promise<void> {
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: registrationKey(registration.eventId, registration.id),
          UpdateExpression: `SET #status = :confirmed, confirmedAt = :at ${offHoldList}`,
          ConditionExpression: '#status = :pending AND (attribute_not_exists(holdUntil) OR holdUntil > :at)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':confirmed': 'confirmed', ':pending': 'pending', ':at': at },
        },
      },
      'registration-pending',
    ),
    write({ Update: eventAdd(db, registration.eventId, { confirmed: 1 }) }),
    email,
  ])
}

/** Cancels a registration (guard `'registration-live'`), giving back its place and freeing its email. */
export async function cancelRegistration(db: Db, registration: Registration): Promise<void> {
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: registrationKey(registration.eventId, registration.id),
          UpdateExpression: `SET #status = :cancelled ${offHoldList}`,
          ConditionExpression: '#status = :was',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':was': registration.status },
        },
      },
      'registration-live',
    ),
    write({
      Update: eventAdd(db, registration.eventId, {
        registered: -1,
        ...(registration.status === 'confirmed' ? { confirmed: -1 } : {}),
      }),
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
 * Lapses a hold never confirmed: the registration becomes `cancelled` with `lapsedAt` only if it
 * is still pending and its hold ended by `at` (guard `'hold-lapsed'`, so a confirm racing it
 * cannot both win), and in the same transaction the place goes back to the event and the
 * address is freed to register again.
 */
export async function lapseRegistration(
  db: Db,
  registration: { id: string; eventId: string; email: string },
  at: string,
): Promise<void> {
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: registrationKey(registration.eventId, registration.id),
          UpdateExpression: `SET #status = :cancelled, lapsedAt = :at ${offHoldList}`,
          ConditionExpression: '#status = :pending AND holdUntil <= :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':pending': 'pending', ':at': at },
        },
      },
      'hold-lapsed',
    ),
    write({ Update: eventAdd(db, registration.eventId, { registered: -1 }) }),
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

/** Pending registrations whose hold ended before `now`, soonest first: the events run lapses them. */
export async function listHoldsDue(db: Db, now: string, limit: number) {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :now',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition, '#sk': indexes.byKind.sort },
      ExpressionAttributeValues: { ':pk': eventKeys.holdDue, ':now': now },
      Limit: limit,
    }),
  )
  return (Items ?? []).map((item) => registrationFromItem(item).registration)
}

/**
 * Records that a registrant attended (guard `'not-yet-attended'`: each is counted once),
 * counting them on the event and their organisation; `resolving` also takes an unmatched
 * attendance row off the manager's queue (guard `'unmatched-queued'`).
 */
export async function markAttended(
  db: Db,
  event: CompetitionEvent,
  registration: Registration,
  organisationKey: string | undefined,
  how: { at: string; by: 'check-in' | 'import' },
  resolving?: string,
): Promise<void> {
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: registrationKey(event.id, registration.id),
          UpdateExpression: 'SET attendedAt = :at, attendedBy = :by',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(attendedAt) AND #status <> :cancelled',
          ExpressionAttributeNames: { '#pk': keys.partition, '#status': 'status' },
          ExpressionAttributeValues: { ':at': how.at, ':by': how.by, ':cancelled': 'cancelled' },
        },
      },
      'not-yet-attended',
    ),
    write({ Update: eventAdd(db, event.id, { attended: 1 }) }),
    ...(organisationKey
      ? [organisationAdd(db, event, { name: registration.organisation, key: organisationKey }, 'attended', 1)]
      : []),
    ...(resolving
      ? [
          write(
            {
              Delete: {
                TableName: db.tableName,
                Key: { [keys.partition]: eventKeys.pk(event.id), [keys.sort]: eventKeys.unmatchedSk(resolving) },
                ConditionExpression: 'attribute_exists(#pk)',
                ExpressionAttributeNames: { '#pk': keys.partition },
              },
            },
            'unmatched-queued',
          ),
        ]
      : []),
  ])
}

/** An event's registrations in the order made, a page at a time. */
export async function listRegistrations(
  db: Db,
  eventId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<Registration>> {
  return queryPrefix(db, eventId, 'REG#', { limit, cursor }, (item) => Registration.parse(item))
}

/** The registrations an attendance file's addresses hold: one BatchGet of locks, one of registrations, per 100. */
export async function findRegistrationsByEmail(db: Db, eventId: string, emails: string[]) {
  const found = new Map<string, ReturnType<typeof registrationFromItem>>()
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))]
  for (let i = 0; i < unique.length; i += 100) {
    const locks = await batchGet(
      db,
      unique
        .slice(i, i + 100)
        .map((e) => ({ [keys.partition]: eventKeys.pk(eventId), [keys.sort]: eventKeys.emailSk(e) })),
    )
    const regs = await batchGet(
      db,
      locks.map((l) => registrationKey(eventId, String(l.registrationId))),
    )
    for (const item of regs) {
      const r = registrationFromItem(item)
      found.set(r.registration.email, r)
    }
  }
  return found
}

/**
 * One address's registrations on every event that still holds personal data (the retention
 * list, GSI1 `EVENT-RETAIN#due`, followed through its pages), with each event: per 100 events,
 * one BatchGet of the address's locks, one of its registrations and one of the events.
 */
export async function listRegistrationsOfEmail(db: Db, email: string) {
  const { items: retained } = await queryEvery(db, {
    TableName: db.tableName,
    IndexName: indexes.byKind.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
    ExpressionAttributeValues: { ':pk': eventKeys.retainDue },
    ProjectionExpression: 'eventId',
  })
  const eventIds = [...new Set(retained.map((i) => String(i.eventId)))]
  const found: { registration: Registration; event: CompetitionEvent }[] = []
  for (let i = 0; i < eventIds.length; i += 100) {
    const ids = eventIds.slice(i, i + 100)
    const locks = await batchGet(
      db,
      ids.map((id) => ({ [keys.partition]: eventKeys.pk(id), [keys.sort]: eventKeys.emailSk(email) })),
    )
    if (!locks.length) continue
    const lockedEvents = locks.map((l) => String(l.pk).slice('EVENT#'.length))
    const [regs, events] = await Promise.all([
      batchGet(
        db,
        locks.map((l, n) => registrationKey(lockedEvents[n]!, String(l.registrationId))),
      ),
      batchGet(db, lockedEvents.map(eventKey)),
    ])
    const byId = new Map(events.map((e) => [String(e.id), fromItem(e)]))
    for (const item of regs) {
      const { registration } = registrationFromItem(item)
      const event = byId.get(registration.eventId)
      if (event && registration.email === email.toLowerCase()) found.push({ registration, event })
    }
  }
  return found
}

async function batchGet(db: Db, wanted: Record<string, string>[]): Promise<Item[]> {
  const out: Item[] = []
  let request = wanted
  while (request.length) {
    const { Responses, UnprocessedKeys } = await db.doc.send(
      new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: request, ConsistentRead: true } } }),
    )
    out.push(...((Responses?.[db.tableName] ?? []) as Item[]))
    request = (UnprocessedKeys?.[db.tableName]?.Keys ?? []) as Record<string, string>[]
  }
  return out
}

/** Queues attendance rows no registration matched, for the manager to match or dismiss. */
export async function insertUnmatched(db: Db, rows: UnmatchedAttendee[], expiresAt: number): Promise<void> {
  for (let i = 0; i < rows.length; i += 25) {
    let request = rows.slice(i, i + 25).map((row) => ({
      PutRequest: {
        Item: {
          [keys.partition]: eventKeys.pk(row.eventId),
          [keys.sort]: eventKeys.unmatchedSk(row.id),
          entity: 'eventUnmatched',
          ...row,
          [TTL]: expiresAt,
        },
      },
    })) as unknown[]
    while (request.length) {
      const { UnprocessedItems } = await db.doc.send(
        new BatchWriteCommand({ RequestItems: { [db.tableName]: request as never } }),
      )
      request = (UnprocessedItems?.[db.tableName] ?? []) as unknown[]
    }
  }
}

export async function getUnmatched(db: Db, eventId: string, rowId: string) {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: eventKeys.pk(eventId), [keys.sort]: eventKeys.unmatchedSk(rowId) },
      ConsistentRead: true,
    }),
  )
  return Item ? UnmatchedAttendee.parse(Item) : undefined
}

/** Takes a row off the queue without matching it (guard `'unmatched-queued'`). */
export async function deleteUnmatched(db: Db, eventId: string, rowId: string): Promise<void> {
  await commit(db, [
    write(
      {
        Delete: {
          TableName: db.tableName,
          Key: { [keys.partition]: eventKeys.pk(eventId), [keys.sort]: eventKeys.unmatchedSk(rowId) },
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'unmatched-queued',
    ),
  ])
}

export async function listUnmatched(
  db: Db,
  eventId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<UnmatchedAttendee>> {
  return queryPrefix(db, eventId, 'UNMATCHED#', { limit, cursor }, (item) => UnmatchedAttendee.parse(item))
}

/** A page of one event's items whose sort key starts with `prefix`. */
const queryPrefix = <T>(
  db: Db,
  eventId: string,
  prefix: string,
  { limit, cursor }: { limit: number; cursor?: string },
  parse: (item: Item) => T,
): Promise<Page<T>> =>
  queryIndexPage(db, { partition: eventKeys.pk(eventId), range: { beginsWith: prefix }, limit, cursor, parse })

/** The organisations that registered for any of a competition's events, one row per organisation and event. */
export async function listEventOrganisations(db: Db, competitionId: string): Promise<EventOrganisation[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    IndexName: indexes.byOwner.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': indexes.byOwner.partition },
    ExpressionAttributeValues: { ':pk': eventKeys.organisationsOf(competitionId) },
  })
  return items.map((i) =>
    EventOrganisation.parse({
      name: i.name,
      organisationKey: i.organisationKey,
      registered: Math.max(0, Number(i.registered ?? 0)),
      attended: Math.max(0, Number(i.attended ?? 0)),
    }),
  )
}

// ---------------------------------------------------------------------------------------
// Reminders and retention: the scheduled runs' lists.

/** Events starting in [from, to) whose reminders have not gone out. */
export async function listEventsToRemind(db: Db, from: string, to: string, limit: number) {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition, '#sk': indexes.byKind.sort },
      ExpressionAttributeValues: { ':pk': eventKeys.remindDue, ':from': from, ':to': to },
      Limit: limit,
    }),
  )
  return (Items ?? []).map(fromItem)
}

/** Confirmed registrations not yet reminded, a page at a time. */
export async function listRegistrationsToRemind(db: Db, eventId: string, limit: number, cursor?: string) {
  const pk = eventKeys.pk(eventId)
  const { Items, LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :reg)',
      FilterExpression: '#status = :confirmed AND attribute_not_exists(remindedAt)',
      ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort, '#status': 'status' },
      ExpressionAttributeValues: { ':pk': pk, ':reg': 'REG#', ':confirmed': 'confirmed' },
      Limit: limit,
      ExclusiveStartKey: cursor ? JSON.parse(cursor) : undefined,
    }),
  )
  return {
    items: (Items ?? []).map(registrationFromItem),
    /** Where the next page starts; the run passes it straight back (never leaves the process). */
    next: LastEvaluatedKey ? JSON.stringify(LastEvaluatedKey) : undefined,
  }
}

/** Marks one registrant reminded (guard `'not-yet-reminded'`) with their email, so a racing run sends none twice. */
export async function remindRegistrant(
  db: Db,
  registration: Registration,
  at: string,
  email: Write<'message-new'>,
): Promise<void> {
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: registrationKey(registration.eventId, registration.id),
          UpdateExpression: 'SET remindedAt = :at',
          ConditionExpression: 'attribute_not_exists(remindedAt) AND #status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':confirmed': 'confirmed' },
        },
      },
      'not-yet-reminded',
    ),
    email,
  ])
}

/** Every confirmed registrant was reminded: the event leaves the reminder list. */
export async function markEventReminded(db: Db, eventId: string, at: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: eventKey(eventId),
      UpdateExpression: 'SET remindedAt = :at REMOVE #gpk, #gsk',
      ExpressionAttributeNames: { '#gpk': indexes.byKind.partition, '#gsk': indexes.byKind.sort },
      ExpressionAttributeValues: { ':at': at },
    }),
  )
}

/** Events whose personal data must be deleted by now. */
export async function listEventsPastRetention(db: Db, now: string, limit: number) {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :now',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition, '#sk': indexes.byKind.sort },
      ExpressionAttributeValues: { ':pk': eventKeys.retainDue, ':now': now },
      Limit: limit,
    }),
  )
  return (Items ?? []).map((i) => String(i.eventId))
}

/**
 * Deletes up to `limit` items of an event's personal data (registrations, email locks,
 * unmatched rows); returns how many. Counts and organisation totals stay.
 */
export async function deletePersonalData(db: Db, eventId: string, limit: number): Promise<number> {
  let deleted = 0
  for (const prefix of ['REG#', 'EMAIL#', 'UNMATCHED#']) {
    const { Items } = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
        ExpressionAttributeValues: { ':pk': eventKeys.pk(eventId), ':prefix': prefix },
        ProjectionExpression: '#pk, #sk',
        Limit: limit - deleted,
      }),
    )
    for (let i = 0; i < (Items ?? []).length; i += 25) {
      let request = (Items ?? [])
        .slice(i, i + 25)
        .map((item) => ({ DeleteRequest: { Key: { [keys.partition]: item.pk, [keys.sort]: item.sk } } })) as unknown[]
      while (request.length) {
        const { UnprocessedItems } = await db.doc.send(
          new BatchWriteCommand({ RequestItems: { [db.tableName]: request as never } }),
        )
        request = (UnprocessedItems?.[db.tableName] ?? []) as unknown[]
      }
    }
    deleted += (Items ?? []).length
    if (deleted >= limit) break
  }
  return deleted
}

/** The event's personal data is gone: record when, and take it off the retention list. */
export async function markPersonalDataDeleted(db: Db, eventId: string, at: string): Promise<void> {
  await commit(db, [
    write({
      Update: {
        TableName: db.tableName,
        Key: eventKey(eventId),
        UpdateExpression: 'SET personalDataDeletedAt = :at',
        ExpressionAttributeValues: { ':at': at },
      },
    }),
    write({
      Delete: {
        TableName: db.tableName,
        Key: { [keys.partition]: eventKeys.pk(eventId), [keys.sort]: eventKeys.retainSk },
      },
    }),
  ])
}

/** Re-stamps the TTL of an event's personal data when its end or retention period changes. */
export async function restampExpiry(db: Db, eventId: string, expiresAt: number): Promise<void> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': eventKeys.pk(eventId), ':from': 'EMAIL#', ':to': 'UNMATCHED$' },
    ProjectionExpression: '#pk, #sk',
  })
  const personal = items.filter((i) => /^(EMAIL|REG|UNMATCHED)#/.test(String(i.sk)))
  for (let i = 0; i < personal.length; i += 10) {
    await Promise.all(
      personal.slice(i, i + 10).map((item) =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.tableName,
            Key: { [keys.partition]: item.pk, [keys.sort]: item.sk },
            UpdateExpression: 'SET #ttl = :ttl',
            ExpressionAttributeNames: { '#ttl': TTL },
            ExpressionAttributeValues: { ':ttl': expiresAt },
          }),
        ),
      ),
    )
  }
}
