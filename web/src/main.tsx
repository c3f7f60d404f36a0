// The web front end's entry: the routes, the frame around them, and the manager's pages
// loaded on demand so the public pages stay small.
import { render, type ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { Layout } from './components/layout.js'
import { Loading } from './components/page.js'
import { CompetitionView } from './pages/competition.js'
import { Home } from './pages/home.js'
import { SignIn, SignInCallback } from './pages/sign-in.js'
import { ManagersOnly, NotFound } from './pages/simple.js'
import { location, match, startRouter } from './router.js'
import { session } from './session.js'
import { useStore } from './store.js'

type ManageModule = typeof import('./manage/index.js')
let manageModule: Promise<ManageModule> | undefined
const loadManage = () => (manageModule ??= import('./manage/index.js'))

/** A page from the manager's chunk, fetched the first time one is opened. */
function ManagePage({ pick, props }: { pick: (m: ManageModule) => ComponentType<Record<string, string>>; props: Record<string, string> }) {
  const [module, setModule] = useState<ManageModule>()
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    loadManage().then(setModule, () => {
      manageModule = undefined
      setFailed(true)
    })
  }, [])
  if (failed) return <p role="alert">This page could not be loaded. Check your connection and reload the page.</p>
  if (!module) return <Loading what="the page" />
  const Page = pick(module)
  return <Page {...props} />
}

type Route = { pattern: string; view: (params: Record<string, string>) => preact.JSX.Element; managers?: boolean }

const routes: Route[] = [
  { pattern: '/', view: () => <Home /> },
  { pattern: '/competitions/:id', view: ({ id }) => <CompetitionView id={id!} /> },
  { pattern: '/signin', view: () => <SignIn /> },
  { pattern: '/signin/callback', view: () => <SignInCallback /> },
  { pattern: '/manage', managers: true, view: () => <ManagePage pick={(m) => m.ManageHome} props={{}} /> },
  {
    pattern: '/manage/competitions/:id',
    managers: true,
    view: (params) => <ManagePage pick={(m) => m.Editor as ComponentType<Record<string, string>>} props={params} />,
  },
]

function App() {
  const { path } = useStore(location)
  const current = useStore(session)
  let page = <NotFound />
  for (const route of routes) {
    const params = match(route.pattern, path)
    if (!params) continue
    page = route.managers && current?.user.role !== 'manager' ? <ManagersOnly /> : route.view(params)
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
