// A stakeholder's ballot paper: "/vote/:roundId/:voter?token=…" reached from their email without
// an account, or "/rounds/:id" signed in with the email they were invited by (listed on
// "/rounds"); either way the same one vote. Points to share (or problems to approve), once;
// never anyone's counts.
import { useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { stakeholderGroupNames } from '../../../shared/labels.js'
import type { BallotInput, VotingPage } from '../../../shared/schemas/intake.js'
import { api, call } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Checkboxes, TextInput } from '../components/fields.js'
import { usePageErrors, useSubmit } from '../components/forms.js'
import { PageHeading } from '../components/page.js'
import { location } from '../router.js'
import { useStore } from '../store.js'
import { NotLoaded, useLoaded } from './parts.js'

export function VotePage({ roundId, voter }: { roundId: string; voter: string }) {
  const token = useStore(location).query.get('token') ?? ''
  const param = { roundId, voter }
  return (
    <BallotPaper
      load={() => call(api.rounds[':roundId'].ballots[':voter'].$get({ param, query: { token } }))}
      send={(support) => call(api.rounds[':roundId'].ballots[':voter'].$post({ param, json: { token, support } }))}
      notFound="This link is not valid. Use the link from your invitation email, whole."
      back={{ href: '/', label: 'Go to Challenge Fund' }}
      deps={[roundId, voter]}
    />
  )
}

/** "/rounds/:id": the ballot paper of someone signed in with the email the round invited. */
export function MyBallotPage({ id }: { id: string }) {
  const param = { roundId: id }
  return (
    <BallotPaper
      load={() => call(api.me.rounds[':roundId'].$get({ param }))}
      send={(support) => call(api.me.rounds[':roundId'].ballot.$post({ param, json: { support } }))}
      notFound="You have not been invited to vote in a round at this address with the email you signed in with. Use the link from your invitation email."
      back={{ href: '/rounds', label: 'Back to your votes' }}
      deps={[id]}
    />
  )
}

function BallotPaper({
  load,
  send,
  notFound,
  back,
  deps,
}: {
  load: () => Promise<VotingPage>
  send: (support: BallotInput['support']) => Promise<unknown>
  notFound: string
  back: { href: string; label: string }
  deps: unknown[]
}) {
  const { value: page, failure } = useLoaded(load, deps)
  const [points, setPoints] = useState<Record<string, string>>({})
  const [approved, setApproved] = useState<string[]>([])
  const [done, setDone] = useState(false)
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  if (!page)
    return (
      <NotLoaded
        failure={failure}
        what="your ballot"
        notFound={{ title: 'Ballot not found', text: notFound }}
        back={back}
      />
    )
  const { round, problems } = page
  const isPoints = round.method === 'points'
  const given = problems.reduce((sum, p) => sum + (Number(points[p.id]) || 0), 0)
  if (done || page.voted)
    return (
      <>
        <PageHeading title={done ? 'Thank you: your vote is counted' : 'You have already voted'} />
        <p>
          Voting closes {formatLondon(round.closesAt)}. The programme managers see the results, by stakeholder group,
          after that.
        </p>
      </>
    )
  return (
    <>
      <PageHeading title={round.title} caption="Which problems should we run?" hasErrors={!!errors.errors} />
      <p>
        You are voting as: {stakeholderGroupNames[page.group]}. Voting closes {formatLondon(round.closesAt)}. You can
        vote once; no one sees any counts until voting closes.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          const support = isPoints
            ? problems.map((p) => ({ problemId: p.id, points: Number(points[p.id] || 0) }))
            : approved.map((problemId) => ({ problemId, points: 1 }))
          void submit({
            check: () =>
              isPoints && support.some((s) => !Number.isInteger(s.points) || s.points < 0)
                ? [
                    {
                      id: `vote-${support.find((s) => !Number.isInteger(s.points) || s.points < 0)!.problemId}`,
                      text: 'Enter whole points, 0 or more',
                    },
                  ]
                : [],
            send: () => send(support),
            resolve: (field) =>
              field === 'support' ? { id: isPoints ? `vote-${problems[0]!.id}` : 'vote-approve' } : {},
            done: () => {
              setDone(true)
            },
          })
        }}
      >
        <ErrorSummary errors={errors.errors} />
        {isPoints ? (
          <>
            <p id="vote-left" aria-live="polite">
              You have given {given} of your {round.pointsPerVoter} points.
            </p>
            {problems.map((p) => (
              <TextInput
                key={p.id}
                id={`vote-${p.id}`}
                label={`${p.title} (${p.organisation})`}
                hint={p.statement}
                width="s"
                inputMode="numeric"
                value={points[p.id] ?? ''}
                onValue={(v) => setPoints({ ...points, [p.id]: v })}
                error={errors.inline[`vote-${p.id}`]}
              />
            ))}
          </>
        ) : (
          <Checkboxes
            id="vote-approve"
            legend="Approve each problem you think should run"
            values={approved}
            onValues={setApproved}
            error={errors.inline['vote-approve']}
            options={problems.map((p) => ({ value: p.id, label: `${p.title} (${p.organisation})`, hint: p.statement }))}
          />
        )}
        <button type="submit" class="button" disabled={busy}>
          Send your vote
        </button>
      </form>
    </>
  )
}

/** "/rounds": the open rounds the signed-in person's email was invited to vote in. */
export function MyRoundsPage() {
  const { value: rounds, failure } = useLoaded(
    () => call(api.me.rounds.$get({ query: { limit: '100' } })).then((page) => page.items),
    [],
  )
  if (!rounds) return <NotLoaded failure={failure} what="your votes" />
  return (
    <>
      <PageHeading title="Your votes" />
      <p>
        Rounds in which you are invited to help choose which problems the Challenge Fund runs, with the email you signed
        in with. You vote once in each, here or by the link in your invitation email.
      </p>
      {rounds.length === 0 ? (
        <p>You have no open invitations to vote.</p>
      ) : (
        <ul>
          {rounds.map((r) => (
            <li key={r.id}>
              <a href={`/rounds/${r.id}`}>{r.title}</a>{' '}
              <strong class={r.voted ? 'tag' : 'tag tag-pending'}>{r.voted ? 'Voted' : 'Not voted yet'}</strong>
              <br />
              Voting {formatLondon(r.opensAt)} to {formatLondon(r.closesAt)}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
