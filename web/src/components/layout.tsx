// The frame of every page: skip link, header (service name, navigation, who is signed in),
// the main region the skip link and route changes lead to, and the footer.
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { roleNames } from '../../../shared/labels.js'
import { getConfig } from '../api.js'
import { signOut } from '../auth.js'
import { location } from '../router.js'
import { session, signOutReason } from '../session.js'
import { useStore } from '../store.js'

export function Layout({ children }: { children: ComponentChildren }) {
  const current = useStore(session)
  const reason = useStore(signOutReason)
  const { path } = useStore(location)
  const isManager = current?.user.role === 'manager'
  const isApplicant = current?.user.role === 'applicant'
  const isPanellist = current?.user.role === 'panellist'
  const isProblemOwner = current?.user.role === 'problemOwner'
  const [local, setLocal] = useState(false)
  useEffect(() => {
    getConfig().then(
      (config) => setLocal(config.auth.mode === 'local'),
      () => {},
    )
  }, [])
  const navLink = (href: string, label: string, active: boolean) => (
    <li>
      <a href={href} aria-current={active ? 'page' : undefined}>
        {label}
      </a>
    </li>
  )
  return (
    <>
      <a href="#main" class="skip-link">
        Skip to main content
      </a>
      <header class="header">
        <div class="width-container header-inner">
          <a href="/" class="service-name">
            Challenge Fund
          </a>
          <nav class="header-nav" aria-label="Main">
            <ul>
              {navLink('/', 'Competitions', path === '/' || path.startsWith('/competitions/'))}
              {isApplicant && navLink('/applications', 'Your applications', path.startsWith('/applications'))}
              {isApplicant &&
                navLink('/account/organisation', 'Your organisation', path.startsWith('/account/organisation'))}
              {isManager &&
                navLink(
                  '/manage',
                  'Manage competitions',
                  path.startsWith('/manage') &&
                    !path.startsWith('/manage/problems') &&
                    !path.startsWith('/manage/rounds'),
                )}
              {isPanellist && navLink('/panel', 'Panel', path.startsWith('/panel'))}
              {isManager &&
                navLink(
                  '/manage/problems',
                  'Problems',
                  path.startsWith('/manage/problems') || path.startsWith('/manage/rounds'),
                )}
              {isProblemOwner && navLink('/problems', 'Your problems', path.startsWith('/problems'))}
            </ul>
          </nav>
          <div class="account">
            {current ? (
              <>
                <p>
                  Signed in as <strong>{current.user.name}</strong> ({roleNames[current.user.role].toLowerCase()})
                </p>
                <a href="/account/data">Your data</a>{' '}
                <button type="button" class="link-button" onClick={() => void signOut()}>
                  Sign out
                </button>
              </>
            ) : (
              !path.startsWith('/signin') && <a href={signInHref(path)}>Sign in</a>
            )}
          </div>
        </div>
      </header>
      <div class="width-container">
        <main id="main" class="main" tabIndex={-1}>
          {reason && !current && (
            <div class="notice" role="status">
              <p>
                {reason} <a href={signInHref(path)}>Sign in</a>
              </p>
            </div>
          )}
          {children}
        </main>
      </div>
      <footer class="footer">
        <div class="width-container">
          <p>
            Challenge Fund: challenge-led seed funding for public problems. Times are shown in UK time.{' '}
            <a href="/api/docs">API documentation</a>
            {local && (
              <>
                {' '}
                · <a href="/mailbox">Local mailbox</a> (emails sent while running locally)
              </>
            )}
          </p>
        </div>
      </footer>
    </>
  )
}

/** The sign-in page, coming back here afterwards (from the home page, wherever suits the role). */
const signInHref = (path: string) => (path === '/' ? '/signin' : `/signin?next=${encodeURIComponent(path)}`)
