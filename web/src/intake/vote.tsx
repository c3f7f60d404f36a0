// "/vote/:roundId/:voter?token=…": a stakeholder's ballot paper, reached from their email
// without an account. Points to share (or problems to approve), once; never anyone's counts.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { stakeholderGroupNames } from '../../../shared/labels.js'
import type { VotingPage } from '../../../shared/schemas/intake.js'
import { api, call } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Checkboxes, TextInput } from '../components/fields.js'
import { usePageErrors, useSubmit } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { location } from '../router.js'
import { useStore } from '../store.js'

export function VotePage({ roundId, voter }: { roundId: string; voter: string }) {
  const token = useStore(location).query.get('token') ?? ''
  const [page, setPage] = useState<VotingPage>()
  const [failure, setFailure] = useState<unknown>()
  const [points, setPoints] = useState<Record<string, string>>({})
  const [approved, setApproved] = useState<string[]>([])
  const [done, setDone] = useState(false)
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  const param = { roundId, voter }
  useEffect(() => {
    call(api.rounds[':roundId'].ballots[':voter'].$get({ param, query: { token } })).then(setPage, setFailure)
  }, [roundId, voter])
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Ballot not found',
          text: 'This link is not valid. Use the link from your invitation email, whole.',
        }}
        failed="Sorry, your ballot could not be loaded"
        back={{ href: '/', label: 'Go to Challenge Fund' }}
      />
    )
  if (!page) return <Loading what="your ballot" />
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
            send: () => call(api.rounds[':roundId'].ballots[':voter'].$post({ param, json: { token, support } })),
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
