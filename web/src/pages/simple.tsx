// Pages with little to them: not found, and the door to the manager's area.
import { PageHeading } from '../components/page.js'
import { location } from '../router.js'
import { session } from '../session.js'
import { useStore } from '../store.js'

export function NotFound() {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>If you typed the web address, check it is correct.</p>
      <p>
        <a href="/">See all funding competitions</a>
      </p>
    </>
  )
}

/** Shown instead of a manager's page to anyone who is not a programme manager. */
export function ManagersOnly() {
  const current = useStore(session)
  const { path } = useStore(location)
  if (!current) {
    return (
      <>
        <PageHeading title="Sign in to manage competitions" />
        <p>Only programme managers can set up and manage competitions.</p>
        <p>
          <a href={`/signin?next=${encodeURIComponent(path)}`} class="button">
            Sign in
          </a>
        </p>
      </>
    )
  }
  return (
    <>
      <PageHeading title="Only programme managers can manage competitions" />
      <p>
        You are signed in as {current.user.name}, who is not a programme manager. Sign out and sign in again as a
        programme manager, or <a href="/">browse the funding competitions</a>.
      </p>
    </>
  )
}

/** Shown instead of a panellist's page to anyone who is not a panellist. */
export function PanellistsOnly() {
  const current = useStore(session)
  const { path } = useStore(location)
  if (!current) {
    return (
      <>
        <PageHeading title="Sign in to see your panels" />
        <p>
          Panellists sign in to answer invitations, declare conflicts of interest and score the shortlisted
          applications.
        </p>
        <p>
          <a href={`/signin?next=${encodeURIComponent(path)}`} class="button">
            Sign in
          </a>
        </p>
      </>
    )
  }
  return (
    <>
      <PageHeading title="Only panellists can see this page" />
      <p>
        You are signed in as {current.user.name}, who is not a panellist. If you have been invited to a panel, sign out
        and sign in again with the email address the invitation was sent to, or{' '}
        <a href="/">browse the funding competitions</a>.
      </p>
    </>
  )
}
