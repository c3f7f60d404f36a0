// Partner matching for a published competition. SMEs (an applicant for its organisation) and
// challenge owners (opted in by a programme manager, acting by the secret link emailed to their
// contact, or through a manager) say what they offer and seek; each sees its likely matches with
// the reasons; an introduction is asked for by one side and accepted by the other, and only then
// do both get each other's contact. Someone else's profile is the same 404 as a missing one.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Page } from '../../../shared/schemas/common.js'
import {
  MATCHES_PER_PAGE,
  MAX_MATCH_PROFILES,
  type Introduction,
  type IntroductionAnswer,
  type IntroductionRequest,
  type IntroductionView,
  type MatchCard,
  type MatchPage,
  type MatchProfile,
  type MatchProfileInput,
  type MatchProfileUpdate,
  type MatchProfileVersion,
} from '../../../shared/schemas/matching.js'
import { getCompetition, getCompetitionAggregate } from '../../db/competitions-repo.js'
import {
  answerIntroduction as commitAnswer,
  getIntroduction,
  getProfile,
  getProfileIdOfOrganisation,
  getProfiles,
  insertIntroduction,
  insertProfile,
  listAllIntroductionsOfProfile,
  listAllProfiles,
  listIntroductionsOfProfile,
  listOwnerProfiles,
  updateProfile,
  type StoredProfile,
} from '../../db/matching-repo.js'
import { getMembership, getOrganisation } from '../../db/organisations-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { ConditionFailed, type Write } from '../../db/write.js'
import type { Caller, Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { organisationKey } from '../funnel/organisation-key.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { mayMatch, scoreMatch, type Titles } from './score.js'

/** Who acts for a profile: the signed-in caller, or the holder of the owner's emailed secret. */
export type Acting = { caller: Caller; token?: string }

async function publishedAggregate(ctx: Ctx, competitionId: string) {
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
  if (aggregate?.competition.status !== 'published') throw new NotFound('competition')
  return aggregate
}

const sameSecret = (stored: string | undefined, given: string | undefined) => {
  if (!stored || !given) return false
  const a = Buffer.from(stored)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The profile `acting` may act for: an SME profile for a member of its organisation; an owner
 * profile for programme managers or with its secret. Anything else is as missing as a made-up id.
 */
async function ownProfile(ctx: Ctx, competitionId: string, profileId: string, acting: Acting, consistent = false) {
  const competition = await getCompetition(ctx.db, competitionId)
  const found =
    competition?.status === 'published' ? await getProfile(ctx.db, competitionId, profileId, { consistent }) : undefined
  if (!found || !(await mayAct(ctx, found, acting))) throw new NotFound('matching profile')
  return found
}

async function mayAct(ctx: Ctx, { profile, token }: StoredProfile, acting: Acting): Promise<boolean> {
  if (profile.side === 'owner') return acting.caller?.role === 'manager' || sameSecret(token, acting.token)
  if (acting.caller?.role !== 'applicant' || !profile.organisationId) return false
  return (await getMembership(ctx.db, acting.caller.id)) === profile.organisationId
}

const badIds = (ids: string[], known: Set<string>, field: string) =>
  ids.flatMap((id, i) =>
    known.has(id) ? [] : [{ field: `${field}.${i}`, message: 'is not one of this competition’s' }],
  )

function checkIds(
  aggregate: { challenges: { id: string }[]; themes: { id: string }[] },
  fields: { challengeIds: string[]; themeIds: string[]; challengeId?: string },
) {
  const challenges = new Set(aggregate.challenges.map((c) => c.id))
  const themes = new Set(aggregate.themes.map((t) => t.id))
  const errors = [
    ...(fields.challengeId && !challenges.has(fields.challengeId)
      ? [{ field: 'challengeId', message: 'is not one of this competition’s challenges' }]
      : []),
    ...badIds(fields.challengeIds, challenges, 'challengeIds'),
    ...badIds(fields.themeIds, themes, 'themeIds'),
  ]
  if (errors.length) throw new RuleViolated('Name only challenges and themes of this competition.', errors)
}

const FULL = `This competition already has ${MAX_MATCH_PROFILES} matching profiles, the most it holds.`

/**
 * Opts in: an applicant for its organisation (once per competition; the contact is the
 * applicant), or a programme manager for a challenge owner (the contact is emailed a private
 * link to act for the profile).
 */
export async function optIn(
  ctx: Ctx,
  caller: NonNullable<Caller>,
  competitionId: string,
  input: MatchProfileInput,
): Promise<MatchProfile> {
  const aggregate = await publishedAggregate(ctx, competitionId)
  checkIds(aggregate, input)
  const base = { id: newId(), competitionId, createdAt: ctx.now().toISOString(), version: 1 }
  let profile: MatchProfile
  let token: string | undefined
  let email: Write | undefined
  if (input.side === 'sme') {
    if (caller.role !== 'applicant')
      throw new RuleViolated('Only applicants opt their organisation in as an SME.', [
        { field: 'side', message: 'must be owner for a programme manager' },
      ])
    const organisationId = await getMembership(ctx.db, caller.id)
    const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
    if (!organisation)
      throw new RuleViolated('Register your organisation first: matching introduces organisations.', [
        { field: 'organisation', message: 'is not registered yet' },
      ])
    const { side: _side, ...fields } = input
    profile = {
      ...base,
      ...fields,
      side: 'sme',
      organisationId: organisation.id,
      organisationName: organisation.name,
      userId: caller.id,
      contactName: caller.name,
      contactEmail: caller.email,
    }
  } else {
    if (caller.role !== 'manager')
      throw new RuleViolated('Programme managers opt challenge owners in.', [
        { field: 'side', message: 'must be sme for an applicant' },
      ])
    token = randomBytes(24).toString('base64url')
    profile = { ...base, ...input }
    email = ownerInvite(ctx, profile, aggregate.competition.title, token)
  }
  try {
    await insertProfile(ctx.db, profile, token, email)
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    if (error.failed('one-profile-per-organisation'))
      throw new StateConflict(
        'Your organisation has already opted in to matching for this competition. Edit its profile instead.',
        [{ field: 'side', message: 'your organisation already has a profile' }],
      )
    if (error.failed('room-for-profile')) throw new StateConflict(FULL)
    throw error
  }
  return profile
}

/** The profiles the caller acts for: a manager, the competition's challenge owners; an applicant, its organisation's. */
export async function listMyProfiles(
  ctx: Ctx,
  caller: NonNullable<Caller>,
  competitionId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<MatchProfile>> {
  await publishedAggregate(ctx, competitionId)
  if (caller.role === 'manager') return listOwnerProfiles(ctx.db, competitionId, query)
  const organisationId = await getMembership(ctx.db, caller.id)
  const profileId = organisationId ? await getProfileIdOfOrganisation(ctx.db, competitionId, organisationId) : undefined
  const found = profileId ? await getProfile(ctx.db, competitionId, profileId) : undefined
  return { items: found ? [found.profile] : [] }
}

export async function readProfile(ctx: Ctx, competitionId: string, profileId: string, acting: Acting) {
  return (await ownProfile(ctx, competitionId, profileId, acting)).profile
}

/** Edits what the profile offers and seeks; its organisation and contact stay. */
export async function editProfile(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  update: MatchProfileUpdate,
): Promise<MatchProfile> {
  const { profile, token } = await ownProfile(ctx, competitionId, profileId, acting, true)
  const aggregate = await publishedAggregate(ctx, competitionId)
  checkIds(aggregate, update)
  if (profile.version !== update.version) throw new VersionConflict('matching profile', profile.version)
  const { version, ...fields } = update
  const next: MatchProfile = { ...profile, ...fields, version: version + 1 }
  try {
    await updateProfile(ctx.db, next, token, version)
  } catch (error) {
    if (error instanceof ConditionFailed) throw new VersionConflict('matching profile')
    throw error
  }
  return next
}

/**
 * Withdraws from matching: nobody finds the profile, and it asks and accepts nothing, until it
 * opts back in. Requests waiting for an answer, sent or received, are closed (either side may
 * ask again once both are opted in); introductions already accepted stand (the contacts were
 * shared, and the partnership still counts for conflicts of interest). Repeating it closes any
 * request a failure left open.
 */
export async function withdrawProfile(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  { version }: MatchProfileVersion,
): Promise<MatchProfile> {
  const { profile, token } = await ownProfile(ctx, competitionId, profileId, acting, true)
  let now = profile
  if (!profile.withdrawnAt) {
    if (profile.version !== version) throw new VersionConflict('matching profile', profile.version)
    now = { ...profile, withdrawnAt: ctx.now().toISOString(), version: version + 1 }
    try {
      await updateProfile(ctx.db, now, token, version)
    } catch (error) {
      if (error instanceof ConditionFailed) throw new VersionConflict('matching profile')
      throw error
    }
  } else if (profile.version !== version && profile.version !== version + 1)
    throw new VersionConflict('matching profile', profile.version)
  // Read after the profile is withdrawn: a request landing later is refused ('profiles-opted-in'), so none is missed.
  const pending = (await listAllIntroductionsOfProfile(ctx.db, competitionId, profileId, { consistent: true })).filter(
    (i) => i.status === 'requested',
  )
  for (const intro of pending) {
    try {
      await commitAnswer(
        ctx.db,
        { ...intro, status: 'closed', answeredAt: ctx.now().toISOString(), version: intro.version + 1 },
        { emails: [] },
      )
    } catch (error) {
      // Answered (or withdrawn) meanwhile: it stands as it was answered.
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
  return now
}

/** Opts a withdrawn profile back in, as it was: found again, and able to ask and answer. */
export async function rejoinProfile(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  { version }: MatchProfileVersion,
): Promise<MatchProfile> {
  const { profile, token } = await ownProfile(ctx, competitionId, profileId, acting, true)
  if (!profile.withdrawnAt) return profile
  if (profile.version !== version) throw new VersionConflict('matching profile', profile.version)
  const { withdrawnAt: _withdrawn, ...rest } = profile
  const next: MatchProfile = { ...rest, version: version + 1 }
  try {
    await updateProfile(ctx.db, next, token, version)
  } catch (error) {
    if (error instanceof ConditionFailed) throw new VersionConflict('matching profile')
    throw error
  }
  return next
}

const WITHDRAWN =
  'You have withdrawn from partner matching for this competition: opt back in to ask for or accept introductions.'

const card = (p: MatchProfile): MatchCard => ({
  id: p.id,
  side: p.side,
  organisationName: p.organisationName,
  ...(p.challengeId ? { challengeId: p.challengeId } : {}),
  summary: p.summary,
  challengeIds: p.challengeIds,
  themeIds: p.themeIds,
  dataOffered: p.dataOffered,
  dataSought: p.dataSought,
  skillsOffered: p.skillsOffered,
  skillsSought: p.skillsSought,
  pilotSite: p.pilotSite,
  pilotSiteNote: p.pilotSiteNote,
})

const titlesOf = (aggregate: {
  challenges: { id: string; title: string }[]
  themes: { id: string; title: string }[]
}): Titles => ({
  challenges: new Map(aggregate.challenges.map((c) => [c.id, c.title])),
  themes: new Map(aggregate.themes.map((t) => [t.id, t.title])),
})

/**
 * The profile's likely matches, best first (ties by organisation name, then id), with the
 * reasons; only profiles with at least one reason. Reads the competition's profiles (at most
 * MAX_MATCH_PROFILES) and the profile's introductions; pages of MATCHES_PER_PAGE.
 */
export async function listMatches(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  page: number,
): Promise<MatchPage> {
  const { profile: me } = await ownProfile(ctx, competitionId, profileId, acting)
  if (me.withdrawnAt) return { items: [], page, pages: 1, total: 0 }
  const [aggregate, profiles, introductions] = await Promise.all([
    publishedAggregate(ctx, competitionId),
    listAllProfiles(ctx.db, competitionId),
    listAllIntroductionsOfProfile(ctx.db, competitionId, profileId),
  ])
  const titles = titlesOf(aggregate)
  const byOther = new Map(
    introductions.map((i) => [i.fromProfileId === me.id ? i.toProfileId : i.fromProfileId, i] as const),
  )
  const scored = profiles
    .filter((other) => mayMatch(me, other))
    .map((other) => ({ other, ...scoreMatch(me, other, titles) }))
    .filter((m) => m.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.other.organisationName.localeCompare(b.other.organisationName, 'en-GB') ||
        a.other.id.localeCompare(b.other.id),
    )
  const pages = Math.max(1, Math.ceil(scored.length / MATCHES_PER_PAGE))
  const items = scored.slice((page - 1) * MATCHES_PER_PAGE, page * MATCHES_PER_PAGE).map((m) => {
    const intro = byOther.get(m.other.id)
    return {
      profile: card(m.other),
      score: m.score,
      reasons: m.reasons,
      ...(intro
        ? { introduction: { id: intro.id, status: intro.status, sentByMe: intro.fromProfileId === me.id } }
        : {}),
    }
  })
  return { items, page, pages, total: scored.length }
}

/** One introduction per pair of profiles, whoever asks: its id names both. */
const pairId = (a: string, b: string) => (a < b ? `${a}-${b}` : `${b}-${a}`)

/** What one side sees: the other's card, and its contact only once both have accepted. */
function viewFor(me: MatchProfile, intro: Introduction, other: MatchProfile): IntroductionView {
  return {
    id: intro.id,
    competitionId: intro.competitionId,
    status: intro.status,
    sentByMe: intro.fromProfileId === me.id,
    message: intro.message,
    requestedAt: intro.requestedAt,
    ...(intro.answeredAt ? { answeredAt: intro.answeredAt } : {}),
    version: intro.version,
    other: card(other),
    ...(intro.status === 'accepted' ? { contact: { name: other.contactName, email: other.contactEmail } } : {}),
  }
}

/** Asks to be introduced to another profile of the competition. The other side is emailed (without your contact). */
export async function requestIntroduction(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  request: IntroductionRequest,
): Promise<IntroductionView> {
  const me = await ownProfile(ctx, competitionId, profileId, acting, true)
  if (me.profile.withdrawnAt) throw new StateConflict(WITHDRAWN)
  const other = await getProfile(ctx.db, competitionId, request.toProfileId, { consistent: true })
  if (!other || !mayMatch(me.profile, other.profile))
    throw new RuleViolated('Ask for an introduction to another profile of this competition.', [
      { field: 'toProfileId', message: 'is not a profile you can be introduced to' },
    ])
  const aggregate = await publishedAggregate(ctx, competitionId)
  const intro: Introduction = {
    id: pairId(me.profile.id, other.profile.id),
    competitionId,
    fromProfileId: me.profile.id,
    toProfileId: other.profile.id,
    status: 'requested',
    message: request.message,
    requestedAt: ctx.now().toISOString(),
    version: 1,
  }
  const existing = await getIntroduction(ctx.db, competitionId, intro.id, { consistent: true })
  if (existing) intro.version = existing.version + 1
  try {
    await insertIntroduction(ctx.db, intro, requestEmail(ctx, aggregate.competition.title, me.profile, other, intro))
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    if (error.failed('profiles-opted-in') && !error.failed('pair-open'))
      throw new StateConflict('One of you has just withdrawn from partner matching.', [
        { field: 'toProfileId', message: 'is not a profile you can be introduced to' },
      ])
    const now = await getIntroduction(ctx.db, competitionId, intro.id, { consistent: true })
    throw new StateConflict(pairTaken(me.profile, now), [
      { field: 'toProfileId', message: 'already has an introduction with you' },
    ])
  }
  return viewFor(me.profile, intro, other.profile)
}

function pairTaken(me: MatchProfile, intro: Introduction | undefined): string {
  if (intro?.status === 'declined') return 'This introduction was declined. It cannot be asked for again.'
  if (intro?.status === 'accepted') return 'You have already been introduced: see the introduction for their contact.'
  if (intro && intro.toProfileId === me.id)
    return 'They have already asked to be introduced to you: answer their request.'
  return 'You have already asked for this introduction.'
}

/** A page of the introductions the profile is party to, sent and received. */
export async function listIntroductions(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  query: { limit: number; cursor?: string },
): Promise<Page<IntroductionView>> {
  const { profile: me } = await ownProfile(ctx, competitionId, profileId, acting)
  const found = await listIntroductionsOfProfile(ctx.db, competitionId, profileId, query)
  const others = new Map(
    (
      await getProfiles(
        ctx.db,
        competitionId,
        found.items.map((i) => (i.fromProfileId === me.id ? i.toProfileId : i.fromProfileId)),
      )
    ).map((p) => [p.id, p]),
  )
  return {
    items: found.items.flatMap((i) => {
      const other = others.get(i.fromProfileId === me.id ? i.toProfileId : i.fromProfileId)
      return other ? [viewFor(me, i, other)] : []
    }),
    ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
  }
}

async function ownIntroduction(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  introductionId: string,
) {
  const me = await ownProfile(ctx, competitionId, profileId, acting, true)
  const intro = await getIntroduction(ctx.db, competitionId, introductionId, { consistent: true })
  const mine = me.profile.id
  // The other side's, a made-up id, or a pair this profile is not in: all the same 404.
  if (!intro || (intro.fromProfileId !== mine && intro.toProfileId !== mine)) throw new NotFound('introduction')
  const otherId = intro.fromProfileId === mine ? intro.toProfileId : intro.fromProfileId
  const other = await getProfile(ctx.db, competitionId, otherId, { consistent: true })
  if (!other) throw new NotFound('introduction')
  return { me, intro, other }
}

export async function readIntroduction(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  introductionId: string,
): Promise<IntroductionView> {
  const { me, intro, other } = await ownIntroduction(ctx, competitionId, profileId, acting, introductionId)
  return viewFor(me.profile, intro, other.profile)
}

const NOW_STATUS: Record<IntroductionAnswer['action'], Introduction['status']> = {
  accept: 'accepted',
  decline: 'declined',
  withdraw: 'withdrawn',
}

function settledMessage(intro: Introduction): string {
  switch (intro.status) {
    case 'accepted':
      return 'This introduction has already been accepted.'
    case 'declined':
      return 'This introduction was declined.'
    case 'withdrawn':
      return 'This request was withdrawn.'
    case 'closed':
      return 'This request was closed: one of you withdrew from partner matching.'
    default:
      return 'This introduction has changed: reload it.'
  }
}

/**
 * Accepts or declines (the side asked), or withdraws (the side that asked), while the request
 * stands. An acceptance emails both sides each other's contact and records the relationship.
 * Two answers racing: one lands; the other is told where it stands (repeating the same answer
 * is harmless).
 */
export async function answerIntroduction(
  ctx: Ctx,
  competitionId: string,
  profileId: string,
  acting: Acting,
  introductionId: string,
  { action }: IntroductionAnswer,
): Promise<IntroductionView> {
  const { me, intro, other } = await ownIntroduction(ctx, competitionId, profileId, acting, introductionId)
  const answering = action !== 'withdraw'
  if (answering && intro.toProfileId !== me.profile.id)
    throw new RuleViolated('Only the side asked can accept or decline. You can withdraw your request.', [
      { field: 'action', message: 'must be withdraw for a request you sent' },
    ])
  if (!answering && intro.fromProfileId !== me.profile.id)
    throw new RuleViolated('Only the side that asked can withdraw. You can accept or decline.', [
      { field: 'action', message: 'must be accept or decline for a request you received' },
    ])
  const settled = (now: Introduction) => {
    if (now.status === NOW_STATUS[action] && now.status !== 'requested') return viewFor(me.profile, now, other.profile)
    throw new StateConflict(settledMessage(now))
  }
  if (intro.status !== 'requested') return settled(intro)
  if (action === 'accept' && me.profile.withdrawnAt) throw new StateConflict(WITHDRAWN)
  if (action === 'accept' && other.profile.withdrawnAt)
    throw new StateConflict(`${other.profile.organisationName} has withdrawn from partner matching.`)
  const next: Introduction = {
    ...intro,
    status: NOW_STATUS[action],
    answeredAt: ctx.now().toISOString(),
    version: intro.version + 1,
  }
  const aggregate = action === 'accept' ? await publishedAggregate(ctx, competitionId) : undefined
  const [from, to] = intro.fromProfileId === me.profile.id ? [me, other] : [other, me]
  try {
    await commitAnswer(ctx.db, next, {
      emails: aggregate ? acceptedEmails(ctx, aggregate.competition.title, next, from, to) : [],
      relationship: aggregate
        ? {
            introductionId: next.id,
            competitionId,
            at: next.answeredAt!,
            parties: [from.profile, to.profile].map((p) => ({
              profileId: p.id,
              side: p.side,
              organisationKey: organisationKey(p.organisationName),
              ...(p.organisationId ? { organisationId: p.organisationId } : {}),
            })),
          }
        : undefined,
    })
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    const now = await getIntroduction(ctx.db, competitionId, introductionId, { consistent: true })
    if (!now) throw new NotFound('introduction')
    if (now.status === 'requested' && error.failed('profiles-opted-in'))
      throw new StateConflict(
        'One of you has just withdrawn from partner matching: this introduction cannot be accepted.',
      )
    return settled(now)
  }
  return viewFor(me.profile, next, other.profile)
}

// — Emails —

type Email = { to: string; kind: string; subject: string; text: string }
const email = (ctx: Ctx, message: Email) =>
  outboxPut(ctx.db, { id: newId(), ...message, createdAt: ctx.now().toISOString(), status: 'pending' })

function ownerInvite(ctx: Ctx, profile: MatchProfile, competitionTitle: string, token: string) {
  const link = pageUrl(ctx, pagePaths.matchProfile(profile.competitionId, profile.id, token))
  return email(ctx, {
    to: profile.contactEmail,
    kind: 'match-owner-invited',
    subject: `Find partners for your challenge: ${competitionTitle}`,
    text: `Dear ${profile.contactName},\n\nThe programme team has opted ${profile.organisationName} in to partner matching for "${competitionTitle}", so that businesses working on your challenge can find you.\n\nSee your likely matches, and the introductions asked of you, here (this link is private to you: do not forward it):\n${link}\n\nNobody sees your contact details until you accept an introduction.\n`,
  })
}

function requestEmail(ctx: Ctx, competitionTitle: string, from: MatchProfile, to: StoredProfile, intro: Introduction) {
  const link = pageUrl(ctx, pagePaths.introduction(intro.competitionId, to.profile.id, intro.id, to.token))
  return email(ctx, {
    to: to.profile.contactEmail,
    kind: 'introduction-requested',
    subject: `${from.organisationName} would like an introduction`,
    text: `Dear ${to.profile.contactName},\n\n${from.organisationName} would like to be introduced to ${to.profile.organisationName} through partner matching for "${competitionTitle}".\n\nRead what they offer and seek, and accept or decline, here:\n${link}\n\nIf you accept, you will both get each other's contact details. Until then, neither of you sees the other's.\n`,
  })
}

function acceptedEmails(ctx: Ctx, competitionTitle: string, intro: Introduction, a: StoredProfile, b: StoredProfile) {
  return [
    [a, b],
    [b, a],
  ].map(([me, other]) => {
    const link = pageUrl(ctx, pagePaths.introduction(intro.competitionId, me!.profile.id, intro.id, me!.token))
    return email(ctx, {
      to: me!.profile.contactEmail,
      kind: 'introduction-accepted',
      subject: `Introduction: ${other!.profile.organisationName}`,
      text: `Dear ${me!.profile.contactName},\n\n${a.profile.organisationName} and ${b.profile.organisationName} have both agreed to be introduced through partner matching for "${competitionTitle}".\n\nYour contact at ${other!.profile.organisationName}: ${other!.profile.contactName}, ${other!.profile.contactEmail}\n\nThe introduction: ${link}\n`,
    })
  })
}
