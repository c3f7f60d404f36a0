// "/signin": locally, pick someone from the demo or type any email (a new applicant);
// in the cloud, go to Cognito's hosted sign-in. "/signin/callback" finishes the latter.
import { useEffect, useState } from 'preact/hooks'
import type { Role } from '../../../shared/schemas/common.js'
import type { AuthConfig, User } from '../../../shared/schemas/user.js'
import { ApiError, describe, getConfig } from '../api.js'
import { finishCognitoSignIn, listLocalUsers, signInLocally, startCognitoSignIn } from '../auth.js'
import { ErrorSummary } from '../components/error-summary.js'
import { TextInput } from '../components/fields.js'
import { useBusy, usePageErrors } from '../components/forms.js'
import { Loading, PageHeading } from '../components/page.js'
import { location, navigate, safeReturnPath } from '../router.js'
import { session } from '../session.js'
import { useStore } from '../store.js'

const groupNames: Record<Role, [one: string, many: string]> = {
  manager: ['Programme manager', 'Programme managers'],
  panellist: ['Panellist', 'Panellists'],
  applicant: ['Applicant', 'Applicants'],
  problemOwner: ['Problem owner', 'Problem owners'],
}
const roles: Role[] = ['manager', 'panellist', 'problemOwner', 'applicant']

function afterSignIn(user: User, next: string | undefined) {
  navigate(
    next ??
      (user.role === 'manager'
        ? '/manage'
        : user.role === 'panellist'
          ? '/panel'
          : user.role === 'problemOwner'
            ? '/problems'
            : '/'),
    {
      replace: true,
    },
  )
}

export function SignIn() {
  const [auth, setAuth] = useState<AuthConfig>()
  const [failure, setFailure] = useState<string>()
  const next = safeReturnPath(useStore(location).query.get('next'))
  useEffect(() => {
    getConfig()
      .then((config) => setAuth(config.auth))
      .catch((error: unknown) => setFailure(describe(error)))
  }, [])
  if (failure) {
    return (
      <>
        <PageHeading title="Sign in" />
        <div class="notice" role="alert">
          <p>Signing in is not available right now. {failure}</p>
        </div>
      </>
    )
  }
  if (!auth) return <Loading what="the sign-in page" />
  return auth.mode === 'local' ? <LocalSignIn next={next} /> : <CognitoSignIn auth={auth} next={next} />
}

function LocalSignIn({ next }: { next: string | undefined }) {
  const [users, setUsers] = useState<User[]>()
  const [chosen, setChosen] = useState<string>()
  const [email, setEmail] = useState('')
  const errors = usePageErrors()
  const { busy, run } = useBusy()
  const current = useStore(session)

  useEffect(() => {
    listLocalUsers()
      .then(setUsers)
      .catch((error: unknown) => errors.failWith([{ text: describe(error) }], 'The demo users could not be loaded'))
  }, [])

  async function submit(who: { userId: string } | { email: string }, field: 'user' | 'email') {
    await run(async () => {
      try {
        afterSignIn(await signInLocally(who), next)
      } catch (error) {
        const text =
          error instanceof ApiError && error.status === 400
            ? field === 'email'
              ? 'Enter an email address in the correct format, like name@example.org'
              : 'Select someone from the list'
            : describe(error)
        errors.failWith([{ id: field, text }])
      }
    })
  }

  const { inline } = errors
  const groups = roles
    .map((role) => ({ role, members: (users ?? []).filter((u) => u.role === role) }))
    .filter((g) => g.members.length)
  const firstId = groups[0]?.members[0]?.id

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <PageHeading title="Sign in" hasErrors={!!errors.errors} />
      {current && <p>You are signed in as {current.user.name}. Signing in again replaces that.</p>}
      <p>
        This is the local development sign-in. Choose someone from the demo, or use any email address to sign in as a
        new applicant.
      </p>

      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          if (!chosen) errors.failWith([{ id: 'user', text: 'Select who to sign in as' }])
          else void submit({ userId: chosen }, 'user')
        }}
      >
        <h2>Someone from the demo</h2>
        {!users && <Loading what="the demo users" />}
        <div class={inline.user ? 'form-group form-group-error' : 'form-group'}>
          {inline.user && (
            <p id="user-error" class="error-message">
              <span class="visually-hidden">Error: </span>
              {inline.user}
            </p>
          )}
          {groups.map(({ role, members }) => (
            <fieldset key={role} class="form-group" aria-describedby={inline.user ? 'user-error' : undefined}>
              <legend class="legend-m">{groupNames[role][members.length === 1 ? 0 : 1]}</legend>
              {members.map((user) => {
                const id = user.id === firstId ? 'user' : `user-${user.id}`
                return (
                  <div class="radio" key={user.id}>
                    <input
                      type="radio"
                      id={id}
                      name="user"
                      value={user.id}
                      checked={chosen === user.id}
                      onChange={() => setChosen(user.id)}
                      aria-describedby={`${id}-hint`}
                    />
                    <div>
                      <label for={id}>{user.name}</label>
                      <div id={`${id}-hint`} class="hint">
                        {user.email}
                      </div>
                    </div>
                  </div>
                )
              })}
            </fieldset>
          ))}
        </div>
        <button type="submit" class="button" disabled={busy || !users}>
          Sign in
        </button>
      </form>

      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          const trimmed = email.trim()
          if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed)) {
            errors.failWith([
              {
                id: 'email',
                text: trimmed
                  ? 'Enter an email address in the correct format, like name@example.org'
                  : 'Enter your email address',
              },
            ])
          } else void submit({ email: trimmed }, 'email')
        }}
      >
        <h2>Any email address</h2>
        <TextInput
          id="email"
          label="Email address"
          hint="If nobody has used this address before, you will be signed in as a new applicant."
          type="email"
          autocomplete="email"
          spellcheck={false}
          value={email}
          onValue={setEmail}
          error={inline.email}
        />
        <button type="submit" class="button button-secondary" disabled={busy}>
          Continue with this email
        </button>
      </form>
    </>
  )
}

function CognitoSignIn({ auth, next }: { auth: Extract<AuthConfig, { mode: 'cognito' }>; next: string | undefined }) {
  const [failure, setFailure] = useState<string>()
  return (
    <>
      <PageHeading title="Sign in" />
      <p>You sign in, or create an account, on the Challenge Fund sign-in page, then come straight back here.</p>
      {failure && (
        <div class="notice" role="alert">
          <p>{failure}</p>
        </div>
      )}
      <button
        type="button"
        class="button"
        onClick={() => startCognitoSignIn(auth, next).catch((error: unknown) => setFailure(describe(error)))}
      >
        Continue to sign in
      </button>
    </>
  )
}

export function SignInCallback() {
  const [failure, setFailure] = useState<string>()
  const { query } = useStore(location)
  useEffect(() => {
    getConfig()
      .then(async ({ auth }) => {
        if (auth.mode !== 'cognito')
          throw new Error('This deployment signs people in locally: there is nothing to finish.')
        const nextPath = safeReturnPath(await finishCognitoSignIn(auth, query))
        const user = session.get()?.user
        if (user) afterSignIn(user, nextPath)
      })
      .catch((error: unknown) => setFailure(describe(error)))
  }, [])
  if (!failure) return <Loading what="your sign-in" />
  return (
    <>
      <PageHeading title="Sorry, you could not be signed in" />
      <p>{failure}</p>
      <p>
        <a href="/signin">Try signing in again</a>
      </p>
    </>
  )
}
