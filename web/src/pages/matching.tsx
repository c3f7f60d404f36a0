// Partner matching pages. "/competitions/:id/matching": opt in (an applicant for its
// organisation; a programme manager for a challenge owner, and the owners' list). "…/matching/
// :profileId": the profile's introductions (received, sent, made) and its likely matches with the
// reasons. "…/:profileId/edit": edit what it offers and seeks, withdraw from matching or opt back
// in. "…/introductions/:introId": one introduction; the other side's contact once both accept.
// A challenge owner reaches its pages with the `token` from its email, carried in links.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { CompetitionPage } from '../../../shared/schemas/competition.js'
import type { IntroductionView, MatchCard, MatchPage, MatchProfile } from '../../../shared/schemas/matching.js'
import { api, call } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { ConfirmAction } from '../components/confirm.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Checkboxes, Radios, TextArea, TextInput } from '../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { location, navigate } from '../router.js'
import { session } from '../session.js'
import { useStore } from '../store.js'

type Named = { challenges: Map<string, string>; themes: Map<string, string> }
const named = (page: CompetitionPage): Named => ({
  challenges: new Map(page.challenges.map((c) => [c.id, c.title])),
  themes: new Map(page.themes.map((t) => [t.id, t.title])),
})

const useToken = () => useStore(location).query.get('token') ?? undefined
const withToken = (path: string, token: string | undefined) =>
  token ? `${path}?token=${encodeURIComponent(token)}` : path
const profilePath = (competitionId: string, profileId: string) => `/competitions/${competitionId}/matching/${profileId}`
const editPath = (competitionId: string, profileId: string, token?: string) =>
  withToken(`${profilePath(competitionId, profileId)}/edit`, token)

function useCompetition(competitionId: string) {
  const [page, setPage] = useState<CompetitionPage>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.competitions[':competitionId'].$get({ param: { competitionId } })).then(setPage, setFailure)
  }, [competitionId])
  return { page, failure }
}

const splitTags = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)

const pilotNames = { offer: 'We offer a pilot site', seek: 'We seek a pilot site', none: 'Neither' } as const

/** "/competitions/:id/matching": opt in, or find the profiles you act for. */
export function MatchingStartPage({ id }: { id: string }) {
  const user = useStore(session)?.user
  const { page, failure } = useCompetition(id)
  const [profiles, setProfiles] = useState<MatchProfile[]>()
  const [made, setMade] = useState(0)
  useEffect(() => {
    if (user?.role !== 'applicant' && user?.role !== 'manager') return
    call(
      api.competitions[':competitionId'].matching.profiles.$get({
        param: { competitionId: id },
        query: { limit: '100' },
      }),
    ).then(
      (p) => setProfiles(p.items),
      () => setProfiles([]),
    )
  }, [id, user?.id, made])
  const back = { href: `/competitions/${id}`, label: 'Back to the competition' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Competition not found', text: 'There is no published competition at this address.' }}
        failed="Sorry, the competition could not be loaded"
        back={back}
      />
    )
  if (!page) return <Loading what="the competition" />
  const mine = user?.role === 'applicant' ? profiles?.[0] : undefined
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title="Find partners" caption={page.competition.title} />
      <p>
        Businesses and the public bodies that own this competition’s challenges can opt in to be found. Say what you
        offer and seek; we suggest likely partners and say why. An introduction happens only when both sides accept:
        until then neither sees the other’s contact details.
      </p>
      {!user && (
        <p>
          <a href={`/signin?next=${encodeURIComponent(`/competitions/${id}/matching`)}`}>Sign in</a> as an applicant to
          opt your organisation in.
        </p>
      )}
      {user?.role === 'panellist' && <p>Panellists do not take part in partner matching.</p>}
      {user?.role === 'applicant' &&
        profiles &&
        (mine?.withdrawnAt ? (
          <p>
            Your organisation has withdrawn from partner matching.{' '}
            <a href={editPath(id, mine.id)}>Opt back in, or edit your profile</a>
          </p>
        ) : mine ? (
          <p>
            Your organisation has opted in. <a href={profilePath(id, mine.id)}>See your matches and introductions</a>
          </p>
        ) : (
          <ProfileForm page={page} side="sme" done={(p) => navigate(profilePath(id, p.id))} />
        ))}
      {user?.role === 'manager' && profiles && (
        <>
          <h2>Challenge owners</h2>
          {profiles.length ? (
            <ul class="card-list">
              {profiles.map((p) => (
                <li class="card" key={p.id}>
                  <a href={profilePath(id, p.id)}>{p.organisationName}</a>
                  {p.withdrawnAt && (
                    <>
                      {' '}
                      <strong class="tag tag-closed">Withdrawn</strong>
                    </>
                  )}
                  <p class="meta">
                    {named(page).challenges.get(p.challengeId ?? '')} · {p.contactName}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p>No challenge owner has been opted in yet.</p>
          )}
          <ProfileForm page={page} side="owner" done={() => setMade(made + 1)} />
        </>
      )}
    </>
  )
}

type FormState = {
  summary: string
  challengeIds: string[]
  themeIds: string[]
  dataOffered: string
  dataSought: string
  skillsOffered: string
  skillsSought: string
  pilotSite: 'offer' | 'seek' | 'none'
  pilotSiteNote: string
  challengeId: string
  organisationName: string
  contactName: string
  contactEmail: string
}

const TAG_FIELDS = [
  ['dataOffered', 'Data you offer'],
  ['dataSought', 'Data you seek'],
  ['skillsOffered', 'Skills you offer'],
  ['skillsSought', 'Skills you seek'],
] as const

/** The form as a saved profile fills it. */
const formOf = (p: MatchProfile): FormState => ({
  ...empty,
  summary: p.summary,
  challengeIds: p.challengeIds,
  themeIds: p.themeIds,
  dataOffered: p.dataOffered.join(', '),
  dataSought: p.dataSought.join(', '),
  skillsOffered: p.skillsOffered.join(', '),
  skillsSought: p.skillsSought.join(', '),
  pilotSite: p.pilotSite,
  pilotSiteNote: p.pilotSiteNote,
})

const empty: FormState = {
  summary: '',
  challengeIds: [],
  themeIds: [],
  dataOffered: '',
  dataSought: '',
  skillsOffered: '',
  skillsSought: '',
  pilotSite: 'none',
  pilotSiteNote: '',
  challengeId: '',
  organisationName: '',
  contactName: '',
  contactEmail: '',
}

/**
 * The opt-in form: what you offer and seek (and, for a challenge owner, who and whose challenge).
 * Given `profile`, it edits that profile's offer and seek instead (its organisation and contact stay).
 */
function ProfileForm({
  page,
  side,
  done,
  profile,
  token,
}: {
  page: CompetitionPage
  side: 'sme' | 'owner'
  done: (profile: MatchProfile) => void
  profile?: MatchProfile
  token?: string
}) {
  const [form, setForm] = useState<FormState>(profile ? formOf(profile) : empty)
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const set =
    <K extends keyof FormState>(field: K) =>
    (value: FormState[K]) =>
      setForm({ ...form, [field]: value })
  const { inline } = errors
  const prefix = `matching-${side}`
  const resolve = fieldsUnder(prefix)

  function send(e: Event) {
    e.preventDefault()
    const fields = {
      summary: form.summary,
      challengeIds: form.challengeIds,
      themeIds: form.themeIds,
      dataOffered: splitTags(form.dataOffered),
      dataSought: splitTags(form.dataSought),
      skillsOffered: splitTags(form.skillsOffered),
      skillsSought: splitTags(form.skillsSought),
      pilotSite: form.pilotSite,
      pilotSiteNote: form.pilotSiteNote,
    }
    const tooMany = TAG_FIELDS.flatMap(([field, label]) =>
      splitTags(form[field]).length > 10
        ? [{ id: `${prefix}-${field}`, text: `${label}: list at most 10, separated by commas` }]
        : [],
    )
    if (profile) {
      void submit({
        check: () => tooMany,
        send: () =>
          call(
            api.competitions[':competitionId'].matching.profiles[':profileId'].$put({
              param: { competitionId: page.competition.id, profileId: profile.id },
              query: token ? { token } : {},
              json: { ...fields, version: profile.version },
            }),
          ),
        resolve: (field) => resolve(field.split('.')[0]!),
        done: (saved) => {
          done(saved)
          return 'Your profile is saved. Your matches use it from now on.'
        },
      })
      return
    }
    void submit({
      check: () =>
        side === 'owner'
          ? [
              ...(form.challengeId ? [] : [{ id: `${prefix}-challengeId`, text: 'Choose the owner’s challenge' }]),
              ...(form.organisationName.trim()
                ? []
                : [{ id: `${prefix}-organisationName`, text: 'Enter the owner’s organisation' }]),
              ...(form.contactName.trim() ? [] : [{ id: `${prefix}-contactName`, text: 'Enter the contact’s name' }]),
              ...(/^\S+@\S+\.\S+$/.test(form.contactEmail.trim())
                ? []
                : [{ id: `${prefix}-contactEmail`, text: 'Enter the contact’s email address, like name@example.org' }]),
              ...tooMany,
            ]
          : tooMany,
      send: () =>
        call(
          api.competitions[':competitionId'].matching.profiles.$post({
            param: { competitionId: page.competition.id },
            json:
              side === 'sme'
                ? { side: 'sme', ...fields }
                : {
                    side: 'owner',
                    ...fields,
                    challengeId: form.challengeId,
                    organisationName: form.organisationName,
                    contactName: form.contactName,
                    contactEmail: form.contactEmail.trim(),
                  },
          }),
        ),
      // "dataOffered.3" is about the list's field.
      resolve: (field) => resolve(field.split('.')[0]!),
      done: (profile) => {
        setForm(empty)
        done(profile)
        return side === 'owner' ? `${profile.organisationName} is opted in: we have emailed their contact a link.` : ''
      },
    })
  }

  return (
    <>
      <h2 id={`${prefix}-heading`}>
        {profile ? 'What you offer and seek' : side === 'sme' ? 'Opt your organisation in' : 'Opt a challenge owner in'}
      </h2>
      <ErrorSummary errors={errors.errors} />
      <p role="status">{status}</p>
      <form noValidate onSubmit={send} aria-labelledby={`${prefix}-heading`}>
        {side === 'owner' && !profile && (
          <>
            <Radios
              id={`${prefix}-challengeId`}
              legend="Their challenge"
              options={page.challenges.map((c) => ({ value: c.id, label: c.title }))}
              value={form.challengeId}
              onValue={set('challengeId')}
              error={inline[`${prefix}-challengeId`]}
            />
            <TextInput
              id={`${prefix}-organisationName`}
              label="Organisation"
              value={form.organisationName}
              onValue={set('organisationName')}
              error={inline[`${prefix}-organisationName`]}
            />
            <TextInput
              id={`${prefix}-contactName`}
              label="Contact’s name"
              value={form.contactName}
              onValue={set('contactName')}
              error={inline[`${prefix}-contactName`]}
            />
            <TextInput
              id={`${prefix}-contactEmail`}
              label="Contact’s email address"
              hint="We email them a private link to see their matches and answer introductions. Nobody else sees it until they accept one."
              type="email"
              spellcheck={false}
              value={form.contactEmail}
              onValue={set('contactEmail')}
              error={inline[`${prefix}-contactEmail`]}
            />
          </>
        )}
        <TextArea
          id={`${prefix}-summary`}
          label="What you do, or need, in a few sentences (optional)"
          hint="Shown to your matches. Do not put contact details here."
          rows={3}
          value={form.summary}
          onValue={set('summary')}
          error={inline[`${prefix}-summary`]}
        />
        {side === 'sme' && (
          <Checkboxes
            id={`${prefix}-challengeIds`}
            legend="Challenges you work on"
            options={page.challenges.map((c) => ({ value: c.id, label: c.title }))}
            values={form.challengeIds}
            onValues={set('challengeIds')}
            error={inline[`${prefix}-challengeIds`]}
          />
        )}
        <Checkboxes
          id={`${prefix}-themeIds`}
          legend="Themes"
          options={page.themes.map((t) => ({ value: t.id, label: t.title }))}
          values={form.themeIds}
          onValues={set('themeIds')}
          error={inline[`${prefix}-themeIds`]}
        />
        {TAG_FIELDS.map(([field, label]) => (
          <TextInput
            key={field}
            id={`${prefix}-${field}`}
            label={`${label} (optional)`}
            hint="Separate them with commas, for example: air quality, hospital admissions. At most 10."
            value={form[field]}
            onValue={set(field)}
            error={inline[`${prefix}-${field}`]}
          />
        ))}
        <Radios
          id={`${prefix}-pilotSite`}
          legend="A site to pilot in"
          options={(['offer', 'seek', 'none'] as const).map((value) => ({ value, label: pilotNames[value] }))}
          value={form.pilotSite}
          onValue={set('pilotSite')}
          error={inline[`${prefix}-pilotSite`]}
        />
        <TextInput
          id={`${prefix}-pilotSiteNote`}
          label="Where, or what kind of site (optional)"
          value={form.pilotSiteNote}
          onValue={set('pilotSiteNote')}
          error={inline[`${prefix}-pilotSiteNote`]}
        />
        <button type="submit" class="button" disabled={busy}>
          {profile ? 'Save changes' : side === 'sme' ? 'Opt in' : 'Opt them in'}
        </button>
      </form>
    </>
  )
}

/** What another profile offers and seeks: never its contact. */
function CardFacts({ card, names }: { card: MatchCard; names: Named }) {
  const list = (items: string[]) => items.join(', ')
  const rows: [string, string][] = [
    [
      'Challenges',
      list([card.challengeId ?? '', ...card.challengeIds].flatMap((id) => names.challenges.get(id) ?? [])),
    ],
    ['Themes', list(card.themeIds.flatMap((id) => names.themes.get(id) ?? []))],
    ['Data offered', list(card.dataOffered)],
    ['Data sought', list(card.dataSought)],
    ['Skills offered', list(card.skillsOffered)],
    ['Skills sought', list(card.skillsSought)],
    [
      'Pilot site',
      card.pilotSite === 'none'
        ? ''
        : `${card.pilotSite === 'offer' ? 'Offers' : 'Seeks'} one${card.pilotSiteNote ? `: ${card.pilotSiteNote}` : ''}`,
    ],
  ]
  return (
    <>
      {card.summary && <p class="multiline">{card.summary}</p>}
      <dl class="summary-list">
        <dt>Kind</dt>
        <dd>{card.side === 'owner' ? 'Challenge owner' : 'Business'}</dd>
        {rows
          .filter(([, v]) => v.trim())
          .map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v.trim()}</dd>])}
      </dl>
    </>
  )
}

const statusNames: Record<IntroductionView['status'], string> = {
  requested: 'Asked',
  accepted: 'Introduced',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
}

/** "/competitions/:id/matching/:profileId": introductions and likely matches. */
export function MatchProfilePage({ id, profileId }: { id: string; profileId: string }) {
  const token = useToken()
  const { page } = useCompetition(id)
  const [profile, setProfile] = useState<MatchProfile>()
  const [failure, setFailure] = useState<unknown>()
  const [matches, setMatches] = useState<MatchPage>()
  const [introductions, setIntroductions] = useState<IntroductionView[]>()
  const [pageNumber, setPageNumber] = useState(1)
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const param = { competitionId: id, profileId }
  const q = token ? { token } : {}
  const profiles = api.competitions[':competitionId'].matching.profiles[':profileId']
  const load = () =>
    Promise.all([
      call(profiles.matches.$get({ param, query: { ...q, page: String(pageNumber) } })).then(setMatches),
      call(profiles.introductions.$get({ param, query: { ...q, limit: '100' } })).then((p) =>
        setIntroductions(p.items),
      ),
    ])
  useEffect(() => {
    call(profiles.$get({ param, query: q })).then(setProfile, setFailure)
  }, [id, profileId, token])
  useEffect(() => {
    if (profile) void load().catch(setFailure)
  }, [profile?.id, pageNumber])
  const matchesHeading = useRef<HTMLHeadingElement>(null)

  const back = { href: `/competitions/${id}`, label: 'Back to the competition' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Matching profile not found',
          text: 'This link is not valid, or the profile is not yours. Use the whole link from your email, or sign in.',
        }}
        failed="Sorry, the profile could not be loaded"
        back={back}
      />
    )
  if (!profile || !page || !matches || !introductions) return <Loading what="your matches" />
  const names = named(page)
  const introductionPath = (introId: string) =>
    withToken(`${profilePath(id, profileId)}/introductions/${encodeURIComponent(introId)}`, token)
  const ask = (other: MatchCard) =>
    submit({
      send: () => call(profiles.introductions.$post({ param, query: q, json: { toProfileId: other.id } })),
      done: () => {
        void load()
        return `We have asked ${other.organisationName} for an introduction. You will get an email if they accept.`
      },
    })
  const received = introductions.filter((i) => !i.sentByMe && i.status === 'requested')
  const sent = introductions.filter((i) => i.sentByMe && i.status === 'requested')
  const settled = introductions.filter((i) => i.status !== 'requested')
  const introList = (items: IntroductionView[], empty: string) =>
    items.length ? (
      <ul class="card-list">
        {items.map((i) => (
          <li class="card" key={i.id}>
            <a href={introductionPath(i.id)}>{i.other.organisationName}</a>{' '}
            <strong class="tag">{statusNames[i.status]}</strong>
            <p class="meta">
              Asked <Time iso={i.requestedAt} />
            </p>
          </li>
        ))}
      </ul>
    ) : (
      <p>{empty}</p>
    )

  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title={`Partner matching: ${profile.organisationName}`} caption={page.competition.title} />
      <ErrorSummary errors={errors.errors} />
      <p role="status">{status}</p>
      {profile.withdrawnAt ? (
        <div class="notice">
          <p>
            You withdrew from partner matching <Time iso={profile.withdrawnAt} />. Nobody is shown your profile, and you
            cannot ask for or accept introductions.
          </p>
          <p>
            <a href={editPath(id, profileId, token)}>Opt back in, or edit your profile</a>
          </p>
        </div>
      ) : (
        <p>
          <a href={editPath(id, profileId, token)}>Edit what you offer and seek, or withdraw from matching</a>
        </p>
      )}
      <h2>Introductions asked of you</h2>
      {introList(received, 'Nobody has asked for an introduction yet.')}
      <h2>Introductions you asked for</h2>
      {introList(sent, 'You have not asked for any introduction that is waiting for an answer.')}
      {settled.length > 0 && (
        <>
          <h2>Answered</h2>
          {introList(settled, '')}
        </>
      )}
      <h2 ref={matchesHeading} tabIndex={-1}>
        Likely matches
      </h2>
      {matches.items.length ? (
        <ul class="card-list">
          {matches.items.map((m) => (
            <li class="card" key={m.profile.id}>
              <h3>{m.profile.organisationName}</h3>
              <p>Suggested because {m.reasons.join('; ')}.</p>
              <CardFacts card={m.profile} names={names} />
              {m.introduction ? (
                <p>
                  <a href={introductionPath(m.introduction.id)}>
                    Introduction: {statusNames[m.introduction.status].toLowerCase()}
                  </a>
                </p>
              ) : (
                <button
                  type="button"
                  class="button button-secondary"
                  disabled={busy}
                  onClick={() => void ask(m.profile)}
                >
                  Ask for an introduction<span class="visually-hidden"> to {m.profile.organisationName}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          {profile.withdrawnAt
            ? 'You are not shown matches while you are withdrawn from matching.'
            : 'No likely matches yet. Matches appear as others opt in with challenges, themes, data or skills like yours.'}
        </p>
      )}
      {matches.pages > 1 && (
        <nav aria-label="Pages of matches" class="pagination">
          <p>
            Page {matches.page} of {matches.pages}
          </p>
          {matches.page > 1 && (
            <button type="button" class="button button-secondary" onClick={() => setPageNumber(matches.page - 1)}>
              Previous page
            </button>
          )}{' '}
          {matches.page < matches.pages && (
            <button type="button" class="button button-secondary" onClick={() => setPageNumber(matches.page + 1)}>
              Next page
            </button>
          )}
        </nav>
      )}
    </>
  )
}

/** "/competitions/:id/matching/:profileId/edit": edit what the profile offers and seeks; withdraw, or opt back in. */
export function EditMatchProfilePage({ id, profileId }: { id: string; profileId: string }) {
  const token = useToken()
  const { page } = useCompetition(id)
  const [profile, setProfile] = useState<MatchProfile>()
  const [failure, setFailure] = useState<unknown>()
  const [confirming, setConfirming] = useState(false)
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const standing = useRef<HTMLHeadingElement>(null)
  const [moved, setMoved] = useState(0)
  const param = { competitionId: id, profileId }
  const q = token ? { token } : {}
  const one = api.competitions[':competitionId'].matching.profiles[':profileId']
  useEffect(() => {
    call(one.$get({ param, query: q })).then(setProfile, setFailure)
  }, [id, profileId, token])
  // After withdrawing or opting back in, the keyboard continues from what now stands.
  useEffect(() => {
    if (moved) standing.current?.focus()
  }, [moved])
  const back = { href: withToken(profilePath(id, profileId), token), label: 'Back to your matches' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Matching profile not found',
          text: 'This link is not valid, or the profile is not yours. Use the whole link from your email, or sign in.',
        }}
        failed="Sorry, the profile could not be loaded"
        back={back}
      />
    )
  if (!profile || !page) return <Loading what="your profile" />
  const change = (action: 'withdraw' | 'rejoin') =>
    submit({
      send: () => call(one[action].$post({ param, query: q, json: { version: profile.version } })),
      done: (now) => {
        setProfile(now)
        setConfirming(false)
        setMoved(moved + 1)
        return action === 'withdraw'
          ? 'You have withdrawn from partner matching. Requests waiting for an answer are closed.'
          : 'You are opted in to partner matching again.'
      },
    })
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title="Your matching profile" caption={`${profile.organisationName} · ${page.competition.title}`} />
      <dl class="summary-list">
        <dt>Organisation</dt>
        <dd>{profile.organisationName}</dd>
        <dt>Contact (shared only when an introduction is accepted)</dt>
        <dd>
          {profile.contactName}, {profile.contactEmail}
        </dd>
      </dl>
      <ProfileForm page={page} side={profile.side} profile={profile} token={token} done={setProfile} />
      <ErrorSummary errors={errors.errors} />
      <p role="status">{status}</p>
      {profile.withdrawnAt ? (
        <div class="notice">
          <h2 id="matching-standing" ref={standing} tabIndex={-1}>
            You have withdrawn from partner matching
          </h2>
          <p>
            Since <Time iso={profile.withdrawnAt} />, nobody is shown your profile and you cannot ask for or accept
            introductions. Opt back in to be found again as you are now.
          </p>
          <button type="button" class="button" disabled={busy} onClick={() => void change('rejoin')}>
            Opt back in
          </button>
        </div>
      ) : (
        <div>
          <h2 id="matching-standing" ref={standing} tabIndex={-1}>
            Withdraw from partner matching
          </h2>
          <p>If you withdraw:</p>
          <ul class="list">
            <li>nobody is shown your profile as a likely match, and you are shown no matches</li>
            <li>you cannot ask for or accept introductions</li>
            <li>
              requests waiting for an answer, ones you sent and ones sent to you, are closed: the other side sees them
              as closed, and either of you may ask again if you opt back in
            </li>
            <li>
              introductions already made stay: you both keep each other’s contact details, and the partnership still
              counts as a conflict of interest for the assessment panel
            </li>
          </ul>
          <p>You can opt back in at any time.</p>
          <ConfirmAction
            id="matching-withdraw"
            label="Withdraw from matching"
            question={<strong>Withdraw {profile.organisationName} from partner matching?</strong>}
            yes="Yes, withdraw"
            tone="button-warning"
            busy={busy}
            confirming={confirming}
            setConfirming={setConfirming}
            onYes={() => void change('withdraw')}
          />
        </div>
      )}
    </>
  )
}

/** "/competitions/:id/matching/:profileId/introductions/:introId": one introduction. */
export function IntroductionPage({ id, profileId, introId }: { id: string; profileId: string; introId: string }) {
  const token = useToken()
  const { page } = useCompetition(id)
  const [intro, setIntro] = useState<IntroductionView>()
  const [failure, setFailure] = useState<unknown>()
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const param = { competitionId: id, profileId, introId }
  const q = token ? { token } : {}
  const one = api.competitions[':competitionId'].matching.profiles[':profileId'].introductions[':introId']
  const load = () => call(one.$get({ param, query: q })).then(setIntro, setFailure)
  useEffect(() => {
    void load()
  }, [id, profileId, introId, token])
  const back = { href: withToken(profilePath(id, profileId), token), label: 'Back to your matches' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Introduction not found',
          text: 'This link is not valid, or the introduction is not yours. Use the whole link from your email, or sign in.',
        }}
        failed="Sorry, the introduction could not be loaded"
        back={back}
      />
    )
  if (!intro || !page) return <Loading what="the introduction" />
  const act = (action: 'accept' | 'decline' | 'withdraw') =>
    submit({
      send: () => call(one.answer.$post({ param, query: q, json: { action } })),
      done: (now) => {
        setIntro(now)
        return {
          accept: 'You accepted. We have emailed you both each other’s contact details.',
          decline: 'You declined this introduction.',
          withdraw: 'You withdrew your request.',
        }[action]
      },
      // Refused (the other side answered first): say why, and show where it now stands.
      failed: async (error) => {
        errors.fail(error)
        await load()
      },
    })
  const other = intro.other.organisationName
  const title =
    intro.status === 'accepted'
      ? `Introduced: ${other}`
      : intro.status === 'requested'
        ? intro.sentByMe
          ? `You asked to be introduced to ${other}`
          : `${other} would like an introduction`
        : `${statusNames[intro.status]}: ${other}`
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title={title} caption={page.competition.title} />
      <ErrorSummary errors={errors.errors} />
      <p role="status">{status}</p>
      {intro.contact ? (
        <div class="notice notice-success">
          <h2>Their contact</h2>
          <p>
            {intro.contact.name}, <a href={`mailto:${intro.contact.email}`}>{intro.contact.email}</a>
          </p>
        </div>
      ) : (
        intro.status === 'requested' && (
          <p>Neither of you sees the other’s contact details until the introduction is accepted.</p>
        )
      )}
      {intro.message && (
        <>
          <h2>{intro.sentByMe ? 'Your message' : 'Their message'}</h2>
          <p class="multiline">{intro.message}</p>
        </>
      )}
      <h2>About {other}</h2>
      <CardFacts card={intro.other} names={named(page)} />
      {intro.status === 'requested' &&
        (intro.sentByMe ? (
          <button type="button" class="button button-secondary" disabled={busy} onClick={() => void act('withdraw')}>
            Withdraw my request
          </button>
        ) : (
          <div class="button-group">
            <button type="button" class="button" disabled={busy} onClick={() => void act('accept')}>
              Accept and share contact details
            </button>{' '}
            <button type="button" class="button button-secondary" disabled={busy} onClick={() => void act('decline')}>
              Decline
            </button>
          </div>
        ))}
    </>
  )
}
