// The web front end's entry: the routes, the frame around them, and the manager's,
// applicant's and panellist's pages loaded on demand so the public pages stay small.
import { render, type ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { Layout } from './components/layout.js'
import { Loading } from './components/page.js'
import { CompetitionView } from './pages/competition.js'
import { Home } from './pages/home.js'
import { SignIn, SignInCallback } from './pages/sign-in.js'
import { ManagersOnly, NotFound, PanellistsOnly } from './pages/simple.js'
import { location, match, startRouter } from './router.js'
import { session } from './session.js'
import { useStore } from './store.js'

type ManageModule = typeof import('./manage/index.js')
type ApplyModule = typeof import('./apply/index.js')
type PanelModule = typeof import('./panel/index.js')
type IntakeModule = typeof import('./intake/index.js')

/** A chunk fetched the first time one of its pages is opened, and fetched again after a failure. */
function chunk<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined
      throw error
    }))
}
const loadManage = chunk(() => import('./manage/index.js'))
const loadApply = chunk(() => import('./apply/index.js'))
const loadPanel = chunk(() => import('./panel/index.js'))
const loadIntake = chunk(() => import('./intake/index.js'))
/** The public results: small, but read by few, so kept out of the first page too. */
const loadResults = chunk(() => import('./pages/results.js'))
/** An event's public page and a registrant's own page: kept out of the first page too. */
const loadEvents = chunk(() => import('./pages/events.js'))
/** Partner matching's pages: read by the few who opt in. */
const loadMatching = chunk(() => import('./pages/matching.js'))
/** Everything held about the signed-in person: read rarely, so its own chunk. */
const loadMyData = chunk(() => import('./pages/my-data.js'))

type AnyPage = ComponentType<Record<string, string>>

/** A page from a lazily loaded chunk. */
function LazyPage<M>({
  load,
  pick,
  props,
}: {
  load: () => Promise<M>
  pick: (m: M) => AnyPage
  props: Record<string, string>
}) {
  const [module, setModule] = useState<M>()
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    load().then(setModule, () => setFailed(true))
  }, [])
  if (failed) return <p role="alert">This page could not be loaded. Check your connection and reload the page.</p>
  if (!module) return <Loading what="the page" />
  const Page = pick(module)
  return <Page {...props} />
}

const manage = (pick: (m: ManageModule) => unknown) => (props: Record<string, string>) => (
  <LazyPage load={loadManage} pick={pick as (m: ManageModule) => AnyPage} props={props} />
)
const apply = (pick: (m: ApplyModule) => unknown) => (props: Record<string, string>) => (
  <LazyPage load={loadApply} pick={pick as (m: ApplyModule) => AnyPage} props={props} />
)
const panel = (pick: (m: PanelModule) => unknown) => (props: Record<string, string>) => (
  <LazyPage load={loadPanel} pick={pick as (m: PanelModule) => AnyPage} props={props} />
)

const intake = (pick: (m: IntakeModule) => unknown) => (props: Record<string, string>) => (
  <LazyPage load={loadIntake} pick={pick as (m: IntakeModule) => AnyPage} props={props} />
)

type Route = {
  pattern: string
  view: (params: Record<string, string>) => preact.JSX.Element
  managers?: boolean
  panellists?: boolean
}

const routes: Route[] = [
  { pattern: '/', view: () => <Home /> },
  { pattern: '/competitions', view: () => <Home /> },
  { pattern: '/competitions/:id', view: ({ id }) => <CompetitionView id={id!} /> },
  {
    pattern: '/competitions/:id/results',
    view: (props) => <LazyPage load={loadResults} pick={(m) => m.ResultsPage as AnyPage} props={props} />,
  },
  {
    pattern: '/events/:eventId',
    view: (props) => <LazyPage load={loadEvents} pick={(m) => m.EventPage as AnyPage} props={props} />,
  },
  {
    pattern: '/events/:eventId/registrations/:registrationId',
    view: (props) => <LazyPage load={loadEvents} pick={(m) => m.RegistrationPage as AnyPage} props={props} />,
  },
  {
    pattern: '/competitions/:id/matching',
    view: (props) => <LazyPage load={loadMatching} pick={(m) => m.MatchingStartPage as AnyPage} props={props} />,
  },
  {
    pattern: '/competitions/:id/matching/:profileId',
    view: (props) => <LazyPage load={loadMatching} pick={(m) => m.MatchProfilePage as AnyPage} props={props} />,
  },
  {
    pattern: '/competitions/:id/matching/:profileId/edit',
    view: (props) => <LazyPage load={loadMatching} pick={(m) => m.EditMatchProfilePage as AnyPage} props={props} />,
  },
  {
    pattern: '/competitions/:id/matching/:profileId/introductions/:introId',
    view: (props) => <LazyPage load={loadMatching} pick={(m) => m.IntroductionPage as AnyPage} props={props} />,
  },
  { pattern: '/signin', view: () => <SignIn /> },
  { pattern: '/signin/callback', view: () => <SignInCallback /> },
  {
    pattern: '/account/data',
    view: (props) => <LazyPage load={loadMyData} pick={(m) => m.MyDataPage as AnyPage} props={props} />,
  },
  { pattern: '/account/organisation', view: apply((m) => m.OrganisationPage) },
  { pattern: '/account/organisation/leadership', view: apply((m) => m.LeadershipPage) },
  { pattern: '/applications', view: apply((m) => m.MyApplications) },
  { pattern: '/applications/:id', view: apply((m) => m.ApplicationPage) },
  { pattern: '/applications/:id/receipt', view: apply((m) => m.ReceiptPage) },
  { pattern: '/applications/:id/decision', view: apply((m) => m.DecisionPage) },
  { pattern: '/applications/:id/grant', view: apply((m) => m.GrantAgreementPage) },
  { pattern: '/applications/:id/grant/check-ins/:round', view: apply((m) => m.CheckInPage) },
  { pattern: '/applications/:id/grant/changes', view: apply((m) => m.GrantChangesPage) },
  { pattern: '/applications/:id/grant/reports/:milestoneId', view: apply((m) => m.ReportPage) },
  { pattern: '/mailbox', view: apply((m) => m.Mailbox) },
  { pattern: '/panel', panellists: true, view: panel((m) => m.MyPanelsPage) },
  { pattern: '/panel/competitions/:id/declarations', panellists: true, view: panel((m) => m.DeclarationsPage) },
  { pattern: '/panel/competitions/:cid/assessments/:appId', panellists: true, view: panel((m) => m.ScorePage) },
  { pattern: '/problems', view: intake((m) => m.MyProblemsPage) },
  { pattern: '/problems/new', view: intake((m) => m.ProposePage) },
  { pattern: '/problems/:id', view: intake((m) => m.OwnerProblemPage) },
  { pattern: '/vote/:roundId/:voter', view: intake((m) => m.VotePage) },
  { pattern: '/rounds', view: intake((m) => m.MyRoundsPage) },
  { pattern: '/rounds/:id', view: intake((m) => m.MyBallotPage) },
  { pattern: '/manage/problems', managers: true, view: intake((m) => m.ManageProblemsPage) },
  { pattern: '/manage/problems/:id', managers: true, view: intake((m) => m.CurateProblemPage) },
  { pattern: '/manage/rounds', managers: true, view: intake((m) => m.RoundsPage) },
  { pattern: '/manage/rounds/:id', managers: true, view: intake((m) => m.RoundPage) },
  { pattern: '/manage', managers: true, view: manage((m) => m.ManageHome) },
  { pattern: '/manage/programme', managers: true, view: manage((m) => m.ProgrammePage) },
  {
    pattern: '/manage/competitions/:id/grants/:applicationId/outcomes',
    managers: true,
    view: manage((m) => m.GrantOutcomesPage),
  },
  { pattern: '/manage/competitions/:id', managers: true, view: manage((m) => m.CompetitionHub) },
  { pattern: '/manage/competitions/:id/setup', managers: true, view: manage((m) => m.Editor) },
  { pattern: '/manage/competitions/:id/publish', managers: true, view: manage((m) => m.PublishPage) },
  { pattern: '/manage/competitions/:id/questions', managers: true, view: manage((m) => m.QuestionsPage) },
  { pattern: '/manage/competitions/:id/submissions', managers: true, view: manage((m) => m.Submissions) },
  { pattern: '/manage/competitions/:id/events', managers: true, view: manage((m) => m.EventsPage) },
  { pattern: '/manage/competitions/:id/events/:eventId', managers: true, view: manage((m) => m.EventManagePage) },
  { pattern: '/manage/competitions/:id/diversity', managers: true, view: manage((m) => m.DiSurveyResults) },
  { pattern: '/manage/competitions/:id/funnel', managers: true, view: manage((m) => m.FunnelPage) },
  { pattern: '/manage/programmes', managers: true, view: manage((m) => m.ProgrammesPage) },
  { pattern: '/manage/programmes/:id', managers: true, view: manage((m) => m.ProgrammeReportPage) },
  { pattern: '/manage/competitions/:id/rubric', managers: true, view: manage((m) => m.RubricPage) },
  { pattern: '/manage/competitions/:id/screening', managers: true, view: manage((m) => m.ScreeningPage) },
  { pattern: '/manage/competitions/:id/panel', managers: true, view: manage((m) => m.PanelPage) },
  { pattern: '/manage/competitions/:id/pitches', managers: true, view: manage((m) => m.PitchesPage) },
  { pattern: '/manage/competitions/:id/ranking', managers: true, view: manage((m) => m.RankingPage) },
  { pattern: '/manage/competitions/:id/awards', managers: true, view: manage((m) => m.AwardsPage) },
  { pattern: '/manage/competitions/:id/awards/planner', managers: true, view: manage((m) => m.AwardPlannerPage) },
  { pattern: '/manage/competitions/:id/awards/ledger', managers: true, view: manage((m) => m.AwardLedgerPage) },
  {
    pattern: '/manage/competitions/:id/awards/:applicationId/dossier',
    managers: true,
    view: manage((m) => m.AwardDossierPage),
  },
  { pattern: '/manage/competitions/:id/grants', managers: true, view: manage((m) => m.GrantsPage) },
  { pattern: '/manage/competitions/:id/grants/:applicationId', managers: true, view: manage((m) => m.GrantPage) },
  {
    pattern: '/manage/competitions/:id/grants/:applicationId/tranches/:trancheId/payment',
    managers: true,
    view: manage((m) => m.TranchePaymentPage),
  },
  {
    pattern: '/manage/competitions/:id/assessments/:applicationId',
    managers: true,
    view: manage((m) => m.AssessmentPage),
  },
  { pattern: '/manage/competitions/:id/feedback', managers: true, view: manage((m) => m.FeedbackPage) },
  {
    pattern: '/manage/competitions/:id/feedback/:applicationId',
    managers: true,
    view: manage((m) => m.FeedbackEditorPage),
  },
  { pattern: '/manage/competitions/:id/signposts', managers: true, view: manage((m) => m.SignpostsPage) },
  { pattern: '/manage/competitions/:id/exports', managers: true, view: manage((m) => m.ExportsPage) },
  { pattern: '/manage/competitions/:id/audit', managers: true, view: manage((m) => m.AuditTrailPage) },
  {
    pattern: '/manage/competitions/:id/undelivered-emails',
    managers: true,
    view: manage((m) => m.UndeliveredEmailsPage),
  },
  { pattern: '/manage/applications/:id', managers: true, view: manage((m) => m.ApplicationDetail) },
  {
    pattern: '/manage/competitions/:id/grants/:applicationId/changes',
    managers: true,
    view: manage((m) => m.GrantChangesManagerPage),
  },
  {
    pattern: '/manage/competitions/:id/grants/:applicationId/reports/:milestoneId',
    managers: true,
    view: manage((m) => m.ReportReviewPage),
  },
]

function App() {
  const { path } = useStore(location)
  const current = useStore(session)
  let page = <NotFound />
  for (const route of routes) {
    const params = match(route.pattern, path)
    if (!params) continue
    page =
      route.managers && current?.user.role !== 'manager' ? (
        <ManagersOnly />
      ) : route.panellists && current?.user.role !== 'panellist' ? (
        <PanellistsOnly />
      ) : (
        route.view(params)
      )
    break
  }
  // Keyed by path, so a new address always starts a fresh page (and moves focus to its h1).
  return (
    <Layout>
      <div key={path}>{page}</div>
    </Layout>
  )
}

startRouter()
const root = document.getElementById('app')!
root.textContent = ''
render(<App />, root)
