// Partner matching: opting in, likely matches with reasons, and double opt-in introductions.
// A profile is acted for by its SME's applicant, or, for a challenge owner, by programme
// managers or with the `token` from the owner's email (in the query of every profile route).
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { page } from '../../../shared/schemas/common.js'
import {
  IntroductionAnswer,
  IntroductionRequest,
  IntroductionView,
  MatchPage,
  MatchProfile,
  MatchProfileInput,
  MatchProfileUpdate,
  MatchProfileVersion,
  MatchQuery,
  MATCHES_PER_PAGE,
  MAX_MATCH_PROFILES,
  ProfileToken,
} from '../../../shared/schemas/matching.js'
import {
  answerIntroduction,
  editProfile,
  listIntroductions,
  listMatches,
  listMyProfiles,
  optIn,
  readIntroduction,
  readProfile,
  rejoinProfile,
  requestIntroduction,
  withdrawProfile,
} from '../../core/matching/matching.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams, ListQuery } from './params.js'

const PathId = z.string().check(z.minLength(1), z.maxLength(64))
const ProfileParams = z.extend(CompetitionParams, { profileId: PathId })
const IntroductionParams = z.extend(ProfileParams, { introId: PathId })

const actor =
  'Who may call: for an SME profile, an applicant of its organisation; for a challenge owner’s profile, programme managers, or anyone with the `token` from the owner’s email. Anyone else, a wrong token, a draft competition and a missing profile get the same 404.'
const noContact = 'Never the other side’s contact, unless the introduction is accepted.'

const acting = (c: { var: Env['Variables'] }, token: string | undefined) => ({ caller: c.var.user, token })

export const matching = new Hono<Env>()
  .post(
    '/competitions/:competitionId/matching/profiles',
    doc({
      summary: 'Opt in to partner matching',
      description: `Who may call: applicants (\`side: sme\`, for their registered organisation, once per competition: 409 after; the contact is the applicant) and programme managers (\`side: owner\`, for a challenge owner, naming its challenge and contact, who is emailed a private link to act for the profile). Others 403. The competition must be published (404 otherwise). Challenges and themes must be the competition’s (422 naming the field). At most ${MAX_MATCH_PROFILES} profiles per competition (409 after).`,
      signedIn: true,
      responses: {
        201: ok(MatchProfile, 'The profile, with its own contact'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant', 'manager'),
    valid('param', CompetitionParams),
    valid('json', MatchProfileInput),
    async (c) =>
      c.json(await optIn(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .get(
    '/competitions/:competitionId/matching/profiles',
    doc({
      summary: 'The matching profiles you act for',
      description:
        'Who may call: applicants (their organisation’s profile, if it opted in) and programme managers (the competition’s challenge owners, oldest first). Others 403. 404 for a draft or missing competition.',
      signedIn: true,
      responses: { 200: ok(page(MatchProfile), 'A page of profiles'), ...problems(400, 401, 403, 404) },
    }),
    requireRole('applicant', 'manager'),
    valid('param', CompetitionParams),
    valid('query', ListQuery),
    async (c) =>
      c.json(
        await listMyProfiles(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('query')),
        200,
      ),
  )
  .get(
    '/competitions/:competitionId/matching/profiles/:profileId',
    doc({
      summary: 'A matching profile you act for',
      description: `${actor}`,
      responses: { 200: ok(MatchProfile, 'The profile'), ...problems(400, 404) },
    }),
    valid('param', ProfileParams),
    valid('query', ProfileToken),
    async (c) => {
      const { competitionId, profileId } = c.req.valid('param')
      return c.json(await readProfile(c.var.deps, competitionId, profileId, acting(c, c.req.valid('query').token)), 200)
    },
  )
  .put(
    '/competitions/:competitionId/matching/profiles/:profileId',
    doc({
      summary: 'Edit what a profile offers and seeks',
      description: `${actor} Send the version you last read (409 if it changed). The organisation and contact stay as they were.`,
      responses: { 200: ok(MatchProfile, 'The profile as saved'), ...problems(400, 404, 409, 422) },
    }),
    valid('param', ProfileParams),
    valid('query', ProfileToken),
    valid('json', MatchProfileUpdate),
    async (c) => {
      const { competitionId, profileId } = c.req.valid('param')
      const token = c.req.valid('query').token
      return c.json(await editProfile(c.var.deps, competitionId, profileId, acting(c, token), c.req.valid('json')), 200)
    },
  )
  .post(
    '/competitions/:competitionId/matching/profiles/:profileId/withdraw',
    doc({
      summary: 'Withdraw a profile from matching',
      description: `${actor} Send the version you last read (409 if it changed). Afterwards nobody finds the profile, it asks for and accepts no introduction, and its own matches are empty, until it opts back in. Requests waiting for an answer, sent or received, are closed (\`closed\`: may be asked for again once both are opted in). Introductions already accepted stand: the contacts were shared, and the partnership still counts for conflicts of interest. Repeating it is harmless.`,
      responses: { 200: ok(MatchProfile, 'The profile, withdrawn'), ...problems(400, 404, 409) },
    }),
    valid('param', ProfileParams),
    valid('query', ProfileToken),
    valid('json', MatchProfileVersion),
    async (c) => {
      const { competitionId, profileId } = c.req.valid('param')
      const token = c.req.valid('query').token
      return c.json(
        await withdrawProfile(c.var.deps, competitionId, profileId, acting(c, token), c.req.valid('json')),
        200,
      )
    },
  )
  .post(
    '/competitions/:competitionId/matching/profiles/:profileId/rejoin',
    doc({
      summary: 'Opt a withdrawn profile back in',
      description: `${actor} Send the version you last read (409 if it changed). The profile is found again as it was; requests closed by the withdrawal stay closed, and may be asked for again. A profile not withdrawn is returned as it is.`,
      responses: { 200: ok(MatchProfile, 'The profile, opted in'), ...problems(400, 404, 409) },
    }),
    valid('param', ProfileParams),
    valid('query', ProfileToken),
    valid('json', MatchProfileVersion),
    async (c) => {
      const { competitionId, profileId } = c.req.valid('param')
      const token = c.req.valid('query').token
      return c.json(
        await rejoinProfile(c.var.deps, competitionId, profileId, acting(c, token), c.req.valid('json')),
        200,
      )
    },
  )
  .get(
    '/competitions/:competitionId/matching/profiles/:profileId/matches',
    doc({
      summary: 'Likely matches for a profile, with the reasons',
      description: `${actor} Scored on the challenges and themes both name, data and skills one seeks that the other offers, and a pilot site; best first, ${MATCHES_PER_PAGE} a page (\`page\`, from 1). SMEs are matched with challenge owners and other SMEs; owners with SMEs. ${noContact}`,
      responses: { 200: ok(MatchPage, 'A page of matches'), ...problems(400, 404) },
    }),
    valid('param', ProfileParams),
    valid('query', z.extend(MatchQuery, ProfileToken.shape)),
    async (c) => {
      const { competitionId, profileId } = c.req.valid('param')
      const { token, page: n } = c.req.valid('query')
      return c.json(await listMatches(c.var.deps, competitionId, profileId, acting(c, token), n), 200)
    },
  )
  .post(
    '/competitions/:competitionId/matching/profiles/:profileId/introductions',
    doc({
      summary: 'Ask to be introduced to another profile',
      description: `${actor} The other side is emailed a link to your organisation’s offer and seek, without your contact. One introduction per pair: 409 while one is asked for or accepted, and for ever once declined (a withdrawn or closed one may be asked for again). 422 naming \`toProfileId\` for a profile you cannot be introduced to.`,
      responses: { 201: ok(IntroductionView, 'The introduction'), ...problems(400, 404, 409, 422) },
    }),
    valid('param', ProfileParams),
    valid('query', ProfileToken),
    valid('json', IntroductionRequest),
    async (c) => {
      const { competitionId, profileId } = c.req.valid('param')
      const token = c.req.valid('query').token
      return c.json(
        await requestIntroduction(c.var.deps, competitionId, profileId, acting(c, token), c.req.valid('json')),
        201,
      )
    },
  )
  .get(
    '/competitions/:competitionId/matching/profiles/:profileId/introductions',
    doc({
      summary: 'Introductions a profile asked for or was asked for',
      description: `${actor} \`sentByMe\` tells sent from received. ${noContact}`,
      responses: { 200: ok(page(IntroductionView), 'A page of introductions'), ...problems(400, 404) },
    }),
    valid('param', ProfileParams),
    valid('query', z.extend(ListQuery, ProfileToken.shape)),
    async (c) => {
      const { competitionId, profileId } = c.req.valid('param')
      const { token, ...query } = c.req.valid('query')
      return c.json(await listIntroductions(c.var.deps, competitionId, profileId, acting(c, token), query), 200)
    },
  )
  .get(
    '/competitions/:competitionId/matching/profiles/:profileId/introductions/:introId',
    doc({
      summary: 'An introduction',
      description: `${actor} An introduction the profile is not party to is the same 404 as a missing one. ${noContact}`,
      responses: { 200: ok(IntroductionView, 'The introduction'), ...problems(400, 404) },
    }),
    valid('param', IntroductionParams),
    valid('query', ProfileToken),
    async (c) => {
      const { competitionId, profileId, introId } = c.req.valid('param')
      const token = c.req.valid('query').token
      return c.json(await readIntroduction(c.var.deps, competitionId, profileId, acting(c, token), introId), 200)
    },
  )
  .post(
    '/competitions/:competitionId/matching/profiles/:profileId/introductions/:introId/answer',
    doc({
      summary: 'Accept, decline or withdraw an introduction',
      description: `${actor} The side asked accepts or declines; the side that asked may withdraw (422 naming \`action\` otherwise). Only while it is asked for: 409 once accepted, declined or withdrawn (repeating the same answer returns it). On acceptance both sides are emailed each other’s contact, and the two organisations count as related for conflicts of interest (a panellist of one is conflicted for the other’s applications).`,
      responses: { 200: ok(IntroductionView, 'The introduction as it now stands'), ...problems(400, 404, 409, 422) },
    }),
    valid('param', IntroductionParams),
    valid('query', ProfileToken),
    valid('json', IntroductionAnswer),
    async (c) => {
      const { competitionId, profileId, introId } = c.req.valid('param')
      const token = c.req.valid('query').token
      return c.json(
        await answerIntroduction(c.var.deps, competitionId, profileId, acting(c, token), introId, c.req.valid('json')),
        200,
      )
    },
  )
