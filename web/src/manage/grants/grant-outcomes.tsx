// "/manage/competitions/:id/grants/:applicationId/outcomes": what the public sees of a grant and
// what the grantee said after it. The manager shows or hides each milestone on the public results
// page (with its status: upcoming, in review or done), and reads the two check-ins, 6 and 12
// months after the grant ends.
import { Fragment } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatPence } from '../../../../shared/money.js'
import type { ManagerCheckIns } from '../../../../shared/schemas/grant-programme.js'
import type { Grant } from '../../../../shared/schemas/grants.js'
import { api, call, describe } from '../../api.js'
import { Time } from '../../components/competition-bits.js'
import { useBusy } from '../../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { formatDay } from './programme.js'

const publicLabel = {
  upcoming: 'Upcoming',
  submitted: 'In review',
  queried: 'In review',
  rejected: 'In review',
  approved: 'Done',
}

export function GrantOutcomesPage({ id, applicationId }: { id: string; applicationId: string }) {
  const [grant, setGrant] = useState<Grant>()
  const [checkIns, setCheckIns] = useState<ManagerCheckIns>()
  const [failure, setFailure] = useState<unknown>()
  const [said, setSaid] = useState<string>()
  const [problem, setProblem] = useState<string>()
  const { busy, run } = useBusy()
  const notice = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const param = { competitionId: id, applicationId }
    Promise.all([
      call(api.competitions[':competitionId'].grants[':applicationId'].$get({ param })),
      call(api.competitions[':competitionId'].grants[':applicationId']['check-ins'].$get({ param })),
    ]).then(([g, c]) => {
      setGrant(g)
      setCheckIns(c)
    }, setFailure)
  }, [id, applicationId])
  useEffect(() => {
    if (said || problem) notice.current?.focus()
  }, [said, problem])

  const back = { href: `/manage/competitions/${id}/grants/${applicationId}`, label: 'Back to the grant' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Grant not found', text: 'There is no grant agreement for this award.' }}
        failed="Sorry, the grant could not be loaded"
        back={back}
      />
    )
  if (!grant || !checkIns) return <Loading what="the grant" />

  const accepted = !!grant.progress
  async function toggle(milestoneId: string, title: string, shown: boolean) {
    await run(async () => {
      setSaid(undefined)
      setProblem(undefined)
      try {
        const next = await call(
          api.competitions[':competitionId'].grants[':applicationId'].milestones[':milestoneId'].public.$put({
            param: { competitionId: id, applicationId, milestoneId },
            json: { public: shown },
          }),
        )
        setGrant(next)
        setSaid(
          shown ? `“${title}” is now shown on the public results page.` : `“${title}” is now hidden from the public.`,
        )
      } catch (error) {
        setProblem(describe(error))
      }
    })
  }

  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title="Public milestones and check-ins" caption={grant.organisationName} />
      <section class="section" aria-labelledby="public-heading">
        <h2 id="public-heading">Milestones on the public results page</h2>
        <p>
          The public sees only the milestones you show, with their title, date and status (upcoming, in review or done):
          never a report, a query or a reason.
        </p>
        {said && (
          <div class="notice notice-success" role="status" tabIndex={-1} ref={notice}>
            <p>{said}</p>
          </div>
        )}
        {problem && (
          <div class="notice notice-error" role="alert" tabIndex={-1} ref={notice}>
            <p>Nothing was changed. {problem}</p>
          </div>
        )}
        {!accepted ? (
          <p>Milestones can be shown once {grant.organisationName} has accepted the grant agreement.</p>
        ) : (
          <ScrollTable label="Milestones">
            <table class="table">
              <caption class="visually-hidden">Milestones</caption>
              <thead>
                <tr>
                  <th scope="col">Milestone</th>
                  <th scope="col">Due</th>
                  <th scope="col">The public sees</th>
                  <th scope="col">
                    <span class="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {grant.milestones.map((m) => {
                  const progress = grant.progress!.milestones[m.id]!
                  return (
                    <tr key={m.id}>
                      <th scope="row">{m.title}</th>
                      <td>{formatDay(progress.dueOn)}</td>
                      <td>{progress.public ? publicLabel[progress.status] : 'Nothing (hidden)'}</td>
                      <td>
                        <button
                          type="button"
                          class="button button-secondary"
                          disabled={busy}
                          onClick={() => void toggle(m.id, m.title, !progress.public)}
                        >
                          {progress.public ? 'Hide' : 'Show'}
                          <span class="visually-hidden"> “{m.title}”</span>
                        </button>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      <section class="section" aria-labelledby="check-ins-heading">
        <h2 id="check-ins-heading">Check-ins after the grant</h2>
        {checkIns.rounds.map((round) => (
          <Fragment key={round.round}>
            <h3>{round.round} months after the end</h3>
            {!round.submitted ? (
              <p>
                {round.state === 'open' ? 'Open since' : 'Opens on'} {formatDay(round.opensOn)}; not submitted yet.
              </p>
            ) : (
              <dl class="summary-list">
                <dt>Submitted</dt>
                <dd>
                  <Time iso={round.submitted.submittedAt} /> by {round.submitted.submittedByName}
                </dd>
                {round.submitted.nothingToReport ? (
                  <>
                    <dt>Answer</dt>
                    <dd>Nothing to report</dd>
                  </>
                ) : (
                  <>
                    <dt>Follow-on funding</dt>
                    <dd>
                      {round.submitted.followOnFunding.length
                        ? round.submitted.followOnFunding
                            .map((f) => `${f.source}: ${formatPence(f.amountPence)} (${f.type})`)
                            .join('; ')
                        : 'None'}
                    </dd>
                    <dt>Public bodies using it</dt>
                    <dd>{round.submitted.publicBodies.join('; ') || 'None'}</dd>
                    <dt>Jobs</dt>
                    <dd>
                      {round.submitted.jobs?.created ?? 0} created, {round.submitted.jobs?.safeguarded ?? 0} safeguarded
                    </dd>
                    {checkIns.indicators.map((indicator) => {
                      const actual = round.submitted!.actuals.find((a) => a.indicatorId === indicator.id)
                      return (
                        <Fragment key={indicator.id}>
                          <dt>{indicator.measure}</dt>
                          <dd>{actual ? `${actual.value} ${indicator.unit}` : 'Not given'}</dd>
                        </Fragment>
                      )
                    })}
                  </>
                )}
              </dl>
            )}
          </Fragment>
        ))}
      </section>
    </>
  )
}
