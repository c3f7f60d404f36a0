// "/account/organisation": your name, and the organisation you apply for (people without a
// company register as an individual): register it, or edit its profile.
import { useEffect, useState } from 'preact/hooks'
import { organisationTypeNames, sizeBandNames } from '../../../shared/labels.js'
import type {
  Organisation,
  OrganisationType,
  SavedOrganisation,
  SizeBand,
} from '../../../shared/schemas/organisation.js'
import type { User } from '../../../shared/schemas/user.js'
import { api, ApiError, call, describe } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import type { ErrorItem } from '../components/errors.js'
import { Radios, Status, TextInput } from '../components/fields.js'
import { useBusy, usePageErrors } from '../components/forms.js'
import { Loading, PageHeading } from '../components/page.js'
import { location, navigate, safeReturnPath } from '../router.js'
import { currentSession, startSession } from '../session.js'
import { useStore } from '../store.js'
import { ApplicantsOnly } from './guard.js'

const labels: Record<string, string> = {
  yourName: 'Your name',
  name: 'Name',
  type: 'Type of organisation',
  companiesHouseNumber: 'Companies House number',
  postcode: 'Postcode',
  sizeBand: 'Size',
}

const typeOptions = (Object.keys(organisationTypeNames) as OrganisationType[]).map((value) => ({
  value,
  label: organisationTypeNames[value],
}))
const sizeOptions = (Object.keys(sizeBandNames) as SizeBand[]).map((value) => ({ value, label: sizeBandNames[value] }))

/** The companies that have a Companies House number; sole traders and individuals do not. */
const hasCompanyNumber = (type: OrganisationType | '') => type === 'sme' || type === 'vcse'

export function OrganisationPage() {
  return (
    <ApplicantsOnly title="Your organisation">
      <OrganisationLoader />
    </ApplicantsOnly>
  )
}

/** A failure saving your name, rather than the organisation. */
class DetailsError extends Error {
  constructor(override readonly cause: unknown) {
    super('your details were not saved')
  }
}

/** The name we have, unless it is only the start of the email address (made up at sign-in). */
const givenName = (me: User) => (me.name.toLowerCase() === me.email.split('@')[0]!.toLowerCase() ? '' : me.name)

function OrganisationLoader() {
  const [organisation, setOrganisation] = useState<Organisation | null>()
  const [me, setMe] = useState<User>()
  const [failure, setFailure] = useState<string>()
  useEffect(() => {
    call(api.me.$get()).then(setMe, (error: unknown) => setFailure(describe(error)))
    call(api.me.organisation.$get())
      .then(setOrganisation)
      .catch((error: unknown) =>
        error instanceof ApiError && error.status === 404 ? setOrganisation(null) : setFailure(describe(error)),
      )
  }, [])
  if (failure) {
    return (
      <>
        <PageHeading title="Sorry, your organisation could not be loaded" />
        <p>{failure}</p>
      </>
    )
  }
  if (organisation === undefined || !me) return <Loading what="your organisation" />
  return <OrganisationForm organisation={organisation ?? undefined} yourName={givenName(me)} />
}

function OrganisationForm({
  organisation: initial,
  yourName: initialName,
}: {
  organisation?: Organisation
  yourName: string
}) {
  const next = safeReturnPath(useStore(location).query.get('next'))
  const [organisation, setOrganisation] = useState(initial)
  const [yourName, setYourName] = useState(initialName)
  const [savedName, setSavedName] = useState(initialName)
  const [name, setName] = useState(initial?.name ?? '')
  const [type, setType] = useState<OrganisationType | ''>(initial?.type ?? '')
  const [number, setNumber] = useState(initial?.companiesHouseNumber ?? '')
  const [postcode, setPostcode] = useState(initial?.postcode ?? '')
  const [size, setSize] = useState<SizeBand | ''>(initial?.sizeBand ?? '')
  const errors = usePageErrors()
  const [status, setStatus] = useState<string>()
  const { busy, run } = useBusy()
  const [warnings, setWarnings] = useState<string[]>()
  const { inline } = errors
  const title = organisation ? 'Your organisation' : 'Register your organisation'

  async function save(event: Event) {
    event.preventDefault()
    setStatus(undefined)
    setWarnings(undefined)
    const missing: ErrorItem[] = []
    if (!yourName.trim()) missing.push({ id: 'org-yourName', text: 'Enter your name' })
    if (!name.trim()) missing.push({ id: 'org-name', text: 'Enter the name of your organisation, or your own name' })
    if (!type) missing.push({ id: 'org-type', text: 'Select the type of organisation' })
    if (!postcode.trim()) missing.push({ id: 'org-postcode', text: 'Enter your postcode' })
    if (!size) missing.push({ id: 'org-sizeBand', text: 'Select how many people work in it' })
    if (missing.length || !type || !size) {
      errors.failWith(missing)
      return
    }
    const companiesHouseNumber = hasCompanyNumber(type) && number.trim() ? number.trim() : undefined
    await run(async () => {
      try {
        if (yourName.trim() !== savedName) {
          const me = await call(api.me.details.$put({ json: { name: yourName } })).catch((error: unknown) => {
            throw new DetailsError(error)
          })
          setSavedName(me.name)
          // The header says who is signed in: from now on, by the name given.
          const session = currentSession()
          if (session) startSession(session.token, { ...session.user, name: me.name })
        }
        let saved: SavedOrganisation
        if (organisation) {
          const changes = {
            ...(name !== organisation.name ? { name } : {}),
            ...(type !== organisation.type ? { type } : {}),
            ...(companiesHouseNumber !== undefined && companiesHouseNumber !== organisation.companiesHouseNumber
              ? { companiesHouseNumber }
              : {}),
            ...(postcode !== organisation.postcode ? { postcode } : {}),
            ...(size !== organisation.sizeBand ? { sizeBand: size } : {}),
          }
          saved = await call(
            api.organisations[':organisationId'].$patch({
              param: { organisationId: organisation.id },
              json: { version: organisation.version, ...changes },
            }),
          )
        } else {
          saved = await call(
            api.organisations.$post({
              json: { name, type, postcode, sizeBand: size, ...(companiesHouseNumber ? { companiesHouseNumber } : {}) },
            }),
          )
        }
        errors.clear()
        const warned = (saved.warnings ?? []).map((w) => `${labels[w.field] ?? 'Your organisation'} ${w.message}`)
        if (next && !warned.length) {
          navigate(next)
          return
        }
        setWarnings(warned.length ? warned : undefined)
        setOrganisation(saved)
        setNumber(saved.companiesHouseNumber ?? '')
        setPostcode(saved.postcode)
        setStatus(
          organisation
            ? 'Your organisation’s details are saved.'
            : `Registered ${saved.name}. You can now apply to open competitions.`,
        )
      } catch (error) {
        // PUT /me/details names your name `name`, as the organisation names its own.
        const mine = error instanceof DetailsError
        errors.fail(mine ? error.cause : error, (field) =>
          mine
            ? { id: 'org-yourName', label: labels.yourName }
            : field in labels
              ? { id: `org-${field}`, label: labels[field] }
              : {},
        )
      }
    })
  }

  return (
    <>
      <ErrorSummary
        errors={errors.errors}
        reload={{ label: 'Reload the page', onReload: () => window.location.reload() }}
      />
      <PageHeading title={title} hasErrors={!!errors.errors} />
      <p>
        {organisation
          ? 'These details go with every expression of interest you send.'
          : 'Tell us who is applying. If you do not have a company yet, you can still apply as an individual with an idea.'}
      </p>
      {warnings && (
        <div class="notice" role="status">
          <h2 class="heading-m">Saved, but please check</h2>
          {warnings.map((warning) => (
            <p key={warning}>{warning}</p>
          ))}
          {next && (
            <p>
              <a href={next}>Continue</a>
            </p>
          )}
        </div>
      )}
      <form noValidate onSubmit={save}>
        <TextInput
          id="org-yourName"
          label="Your name"
          hint="So the programme team know who they are dealing with. It is shown to them with everything you send."
          autocomplete="name"
          spellcheck={false}
          value={yourName}
          onValue={setYourName}
          error={inline['org-yourName']}
        />
        <TextInput
          id="org-name"
          label="Organisation name"
          hint="Your organisation’s name, or your own name if you are applying as an individual."
          autocomplete="organization"
          value={name}
          onValue={setName}
          error={inline['org-name']}
        />
        <Radios
          id="org-type"
          legend="Type of organisation"
          options={typeOptions}
          value={type}
          onValue={setType}
          error={inline['org-type']}
        />
        {hasCompanyNumber(type) && (
          <TextInput
            id="org-companiesHouseNumber"
            label="Companies House number (optional)"
            hint="8 digits, or 2 letters and 6 digits, for example 01234567 or SC123456."
            width="m"
            spellcheck={false}
            value={number}
            onValue={setNumber}
            error={inline['org-companiesHouseNumber']}
          />
        )}
        <TextInput
          id="org-postcode"
          label="Postcode"
          hint="Where your organisation, or you, are based. For example L1 8JQ."
          width="s"
          autocomplete="postal-code"
          spellcheck={false}
          value={postcode}
          onValue={setPostcode}
          error={inline['org-postcode']}
        />
        <Radios
          id="org-sizeBand"
          legend="How many people work in it?"
          options={sizeOptions}
          value={size}
          onValue={setSize}
          error={inline['org-sizeBand']}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            {organisation ? 'Save changes' : next ? 'Register and continue' : 'Register organisation'}
          </button>
          <Status message={status} />
        </div>
      </form>
      {organisation && (
        <p>
          <a href="/applications">Your applications</a>
          <br />
          <a href="/account/organisation/leadership">About your organisation’s leadership (optional questions)</a>
        </p>
      )}
    </>
  )
}
