// The flag on an expression of interest whose organisation gave a Companies House number
// that another account's organisation registered too: worth a look before deciding.
import type { Application } from '../../../../shared/schemas/application.js'

type Shared = NonNullable<Application['sharedCompaniesHouseNumber']>

const others = (shared: Shared) => shared.otherOrganisations.join(', ')

/** A short tag for a table row; says which number and who else in words, not colour alone. */
export function SharedNumberTag({ shared }: { shared: Shared }) {
  return (
    <>
      <strong class="tag tag-pending">Companies House number shared</strong>{' '}
      <span class="secondary-text">
        {shared.number}, also registered by {others(shared)}
      </span>
    </>
  )
}

/** The same, as a notice at the top of one expression of interest. */
export function SharedNumberNotice({ shared }: { shared: Shared }) {
  return (
    <div class="notice notice-error">
      <h2 class="heading-m">Companies House number shared with another account</h2>
      <p>
        This organisation registered Companies House number {shared.number}, which{' '}
        {shared.otherOrganisations.length === 1 ? 'another organisation has' : 'other organisations have'} registered
        too: {others(shared)}. Check which is right before you decide.
      </p>
    </div>
  )
}
