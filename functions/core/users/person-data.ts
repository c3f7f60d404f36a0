// Where a person's data is outside their account and organisation, found the same way for their
// export and their erasure: the problems they proposed and their invitation as a problem owner;
// the prioritisation rounds they were invited to (by the keyed pseudonym of their email in each
// round) and their own list of those rounds (by the keyed pseudonym of their email alone); the
// partner-matching profiles they are the contact for; the panels they were invited to.
import type { Page } from '../../../shared/schemas/common.js'
import type { Problem, ProblemOwner, Round } from '../../../shared/schemas/intake.js'
import type { MatchProfile } from '../../../shared/schemas/matching.js'
import type { User } from '../../../shared/schemas/user.js'
import { readPanellistItems } from '../../db/assessing-repo.js'
import { listCompetitionsByStatus } from '../../db/competitions-repo.js'
import {
  getOwner,
  getVoter,
  type InvitedRoundItem,
  inviteePseudonym,
  listEveryInvitedRound,
  listProblemsByOwner,
  listRounds,
  type StoredVoter,
  voterPseudonym,
} from '../../db/intake-repo.js'
import { listAllProfiles } from '../../db/matching-repo.js'
import type { Ctx } from '../context.js'

/** Far beyond any real count of a person's problems, of rounds or of competitions (100 a page). */
const MAX_PAGES = 50

/** Every item of a paged list, followed through its pages. */
async function everyPage<T>(read: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = []
  let cursor: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await read(cursor)
    items.push(...listed.items)
    cursor = listed.nextCursor
    if (!cursor) break
  }
  return items
}

/** A problem owner's invitation (its key is their email) and the problems they proposed (by account). */
export async function problemsOf(
  ctx: Pick<Ctx, 'db'>,
  user: Pick<User, 'id' | 'email'>,
): Promise<{ owner?: ProblemOwner; problems: Problem[] }> {
  const [owner, problems] = await Promise.all([
    getOwner(ctx.db, user.email),
    everyPage((cursor) => listProblemsByOwner(ctx.db, user.id, { limit: 100, cursor })),
  ])
  return { ...(owner ? { owner } : {}), problems }
}

/**
 * The rounds the address was invited to: no round stores an email, so each round is asked for the
 * pseudonym of this address in it (a keyed hash only the platform can compute).
 */
export async function roundInvitationsOf(
  ctx: Pick<Ctx, 'db'>,
  email: string,
): Promise<{ round: Round; voter: StoredVoter }[]> {
  const rounds = await everyPage((cursor) => listRounds(ctx.db, { limit: 100, cursor }))
  const found = await Promise.all(
    rounds.map(async (round) => ({
      round,
      voter: await getVoter(ctx.db, round.id, voterPseudonym(ctx.db, round.id, email)),
    })),
  )
  return found.flatMap(({ round, voter }) => (voter ? [{ round, voter }] : []))
}

/**
 * The rounds in the address's own list (what a sign-in with it finds: each round's title and
 * window, put with each invitation, so the same rounds as roundInvitationsOf while those exist).
 */
export const invitedRoundsOf = (ctx: Pick<Ctx, 'db'>, email: string): Promise<InvitedRoundItem[]> =>
  listEveryInvitedRound(ctx.db, inviteePseudonym(ctx.db, email))

/**
 * The matching profiles the person is the contact for: their organisation's (opted in by them)
 * and any challenge owner's a manager named them for (by email). Matching runs on published
 * competitions; each holds at most MAX_MATCH_PROFILES profiles.
 */
export async function matchingProfilesOf(
  ctx: Pick<Ctx, 'db'>,
  user: Pick<User, 'id' | 'email'>,
): Promise<MatchProfile[]> {
  const competitions = await everyPage((cursor) =>
    listCompetitionsByStatus(ctx.db, 'published', { limit: 100, cursor }),
  )
  const email = user.email.toLowerCase()
  const profiles = await Promise.all(competitions.map((c) => listAllProfiles(ctx.db, c.id)))
  return profiles.flat().filter((p) => p.userId === user.id || p.contactEmail.toLowerCase() === email)
}

/** The panels the address was invited to (`MEMBER#<email>`, on gsi2 `PANELLIST#<email>`), with their declarations and sheets. */
export const panelItemsOf = (ctx: Pick<Ctx, 'db'>, email: string) => readPanellistItems(ctx.db, email)
