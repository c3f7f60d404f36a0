// Partner matching for a published competition: SMEs and challenge owners opt in to being found
// with what they offer and seek; each is shown likely matches with the reasons; an introduction
// needs both sides to accept, and only then does either see the other's contact.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Line, Text } from './common.js'

/** An SME (an applicant's organisation) or a challenge owner (the public body owning a challenge). */
export const MatchSide = z.enum(['sme', 'owner'])
export type MatchSide = z.infer<typeof MatchSide>

/** Whether a profile offers a site to pilot in (a ward, a school, a team), seeks one, or neither. */
export const PilotSite = z.enum(['offer', 'seek', 'none'])
export type PilotSite = z.infer<typeof PilotSite>

/** Most profiles one competition holds: bounds every match list. */
export const MAX_MATCH_PROFILES = 500
/** Matches shown per page. */
export const MATCHES_PER_PAGE = 20

const Tags = (what: string) =>
  z._default(
    z.array(Line(80)).check(
      z.maxLength(10, `must list at most 10 ${what}`),
      z.refine(
        (tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length,
        `must not list the same ${what.replace(/s$/, '')} twice`,
      ),
    ),
    [],
  )

const Ids = z._default(
  z.array(Id).check(
    z.maxLength(20),
    z.refine((ids) => new Set(ids).size === ids.length, 'must not list the same one twice'),
  ),
  [],
)

/** What a profile says it offers and seeks: the fields matching compares. */
export const MatchFields = {
  /** What the organisation does or needs, in a few sentences (shown to matches). */
  summary: z._default(Text(1000), ''),
  /** Challenges of this competition it works on. */
  challengeIds: Ids,
  /** Themes of this competition it works on. */
  themeIds: Ids,
  dataOffered: Tags('data offered'),
  dataSought: Tags('data sought'),
  skillsOffered: Tags('skills offered'),
  skillsSought: Tags('skills sought'),
  pilotSite: z._default(PilotSite, 'none'),
  /** Where, or what kind of site: "two GP practices in Knowsley". */
  pilotSiteNote: z._default(Text(200), ''),
}

/** An applicant opts its organisation in (the contact is the signed-in applicant). */
export const SmeProfileInput = meta(z.strictObject({ side: z.literal('sme'), ...MatchFields }), {
  id: 'SmeProfileInput',
})

/**
 * A programme manager opts a challenge owner in, naming its challenge and its contact: the
 * contact is emailed a private link to act for the profile (managers may act for it too).
 */
export const OwnerProfileInput = meta(
  z.strictObject({
    side: z.literal('owner'),
    ...MatchFields,
    /** The owner's challenge: it must be one of the competition's. */
    challengeId: Id,
    organisationName: Line(200),
    contactName: Line(120),
    contactEmail: z.email('must be an email address').check(z.maxLength(254)),
  }),
  { id: 'OwnerProfileInput' },
)

export const MatchProfileInput = meta(z.discriminatedUnion('side', [SmeProfileInput, OwnerProfileInput]), {
  id: 'MatchProfileInput',
})
export type MatchProfileInput = z.infer<typeof MatchProfileInput>

/** An edit of one's own profile: the fields matching compares, and the version last read. */
export const MatchProfileUpdate = meta(
  z.strictObject({ ...MatchFields, version: z.number().check(z.int(), z.minimum(1)) }),
  { id: 'MatchProfileUpdate' },
)
export type MatchProfileUpdate = z.infer<typeof MatchProfileUpdate>

/** Withdraw from matching (or opt back in), at the version last read. */
export const MatchProfileVersion = meta(z.strictObject({ version: z.number().check(z.int(), z.minimum(1)) }), {
  id: 'MatchProfileVersion',
})
export type MatchProfileVersion = z.infer<typeof MatchProfileVersion>

const offerFields = {
  summary: z.string(),
  challengeIds: z.array(z.string()),
  themeIds: z.array(z.string()),
  dataOffered: z.array(z.string()),
  dataSought: z.array(z.string()),
  skillsOffered: z.array(z.string()),
  skillsSought: z.array(z.string()),
  pilotSite: PilotSite,
  pilotSiteNote: z.string(),
}

/** A profile as stored and as its own side sees it (with its own contact). */
export const MatchProfile = meta(
  z.object({
    id: Id,
    competitionId: Id,
    side: MatchSide,
    organisationName: z.string(),
    /** The applicant's organisation (SME profiles): one profile per organisation per competition. */
    organisationId: z.optional(z.string()),
    /** The applicant who opted in (SME profiles). */
    userId: z.optional(z.string()),
    challengeId: z.optional(z.string()),
    contactName: z.string(),
    contactEmail: z.string(),
    ...offerFields,
    createdAt: IsoInstant,
    /** Withdrawn from matching: found by nobody, asks and accepts nothing, until it opts back in. */
    withdrawnAt: z.optional(IsoInstant),
    version: z.number().check(z.int()),
  }),
  { id: 'MatchProfile' },
)
export type MatchProfile = z.infer<typeof MatchProfile>

/** Another profile as a match or a requester sees it: never its contact. */
export const MatchCard = meta(
  z.object({
    id: Id,
    side: MatchSide,
    organisationName: z.string(),
    challengeId: z.optional(z.string()),
    ...offerFields,
  }),
  { id: 'MatchCard' },
)
export type MatchCard = z.infer<typeof MatchCard>

/** `closed`: one side withdrew from matching before it was answered (it may be asked for again). */
export const IntroductionStatus = z.enum(['requested', 'accepted', 'declined', 'withdrawn', 'closed'])
export type IntroductionStatus = z.infer<typeof IntroductionStatus>

/** A suggested match: the other profile, its score and why it was suggested. */
export const Match = meta(
  z.object({
    profile: MatchCard,
    score: z.number(),
    reasons: z.array(z.string()),
    /** Where the two already stand, if an introduction was asked for. */
    introduction: z.optional(z.object({ id: z.string(), status: IntroductionStatus, sentByMe: z.boolean() })),
  }),
  { id: 'Match' },
)
export type Match = z.infer<typeof Match>

export const MatchPage = meta(
  z.object({
    items: z.array(Match),
    /** 1-based; the next page is `page + 1` while `page < pages`. */
    page: z.number().check(z.int()),
    pages: z.number().check(z.int()),
    total: z.number().check(z.int()),
  }),
  { id: 'MatchPage' },
)
export type MatchPage = z.infer<typeof MatchPage>

/** An introduction between two profiles (one per pair), as stored. */
export const Introduction = z.object({
  id: z.string(),
  competitionId: Id,
  fromProfileId: Id,
  toProfileId: Id,
  status: IntroductionStatus,
  message: z.string(),
  requestedAt: IsoInstant,
  answeredAt: z.optional(IsoInstant),
  version: z.number().check(z.int()),
})
export type Introduction = z.infer<typeof Introduction>

/**
 * An introduction as one side sees it: the other side's organisation and what it offers and
 * seeks; its contact only once both have accepted.
 */
export const IntroductionView = meta(
  z.object({
    id: z.string(),
    competitionId: Id,
    status: IntroductionStatus,
    /** Whether the profile you act for asked for it. */
    sentByMe: z.boolean(),
    message: z.string(),
    requestedAt: z.string(),
    answeredAt: z.optional(z.string()),
    version: z.number().check(z.int()),
    other: MatchCard,
    /** The other side's contact: present only once the introduction is accepted. */
    contact: z.optional(z.object({ name: z.string(), email: z.string() })),
  }),
  { id: 'IntroductionView' },
)
export type IntroductionView = z.infer<typeof IntroductionView>

export const IntroductionRequest = meta(z.strictObject({ toProfileId: Id, message: z._default(Text(1000), '') }), {
  id: 'IntroductionRequest',
})
export type IntroductionRequest = z.infer<typeof IntroductionRequest>

/** Accept or decline (the side asked), or withdraw (the side that asked, before an answer). */
export const IntroductionAnswer = meta(z.strictObject({ action: z.enum(['accept', 'decline', 'withdraw']) }), {
  id: 'IntroductionAnswer',
})
export type IntroductionAnswer = z.infer<typeof IntroductionAnswer>

/** The secret from a challenge owner's email, which opens its profile without an account. */
export const ProfileToken = z.object({
  token: z.optional(
    z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'must be the token from your email')),
  ),
})

export const MatchQuery = z.object({
  page: z._default(z.coerce.number().check(z.int('must be a whole number'), z.minimum(1), z.maximum(25)), 1),
})
