// Applicants' pages need a signed-in applicant: anyone else is told why and where to go.
import type { ComponentChildren } from 'preact'
import { PageHeading } from '../components/page.js'
import { location } from '../router.js'
import { session } from '../session.js'
import { useStore } from '../store.js'

export function ApplicantsOnly({ title, children }: { title: string; children: ComponentChildren }) {
  const current = useStore(session)
  const { path } = useStore(location)
  if (!current) {
    return (
      <>
        <PageHeading title={title} />
        <p>Sign in to see this page. If you have not applied before, you can sign in with any email address.</p>
        <p>
          <a href={`/signin?next=${encodeURIComponent(path)}`} class="button">
            Sign in
          </a>
        </p>
      </>
    )
  }
  if (current.user.role !== 'applicant') {
    return (
      <>
        <PageHeading title={title} />
        <p>
          You are signed in as {current.user.name}, who is not an applicant. Applying is for organisations and
          individuals with an idea: <a href="/">browse the funding competitions</a>.
        </p>
      </>
    )
  }
  return <>{children}</>
}
