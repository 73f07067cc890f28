import { userFilterValue } from "../store/filter-query"
import { useShowInTraffic } from "./panel-context"

/**
 * Who sent an exchange, where two or more users touched the resource (resource-users.ts); a click
 * shows in Traffic everything that user sent.
 */
export function UserName({ user }: { readonly user: string | undefined }) {
  const showInTraffic = useShowInTraffic()
  if (user === undefined) return null
  return (
    <button
      type="button"
      className="link-button event-user"
      data-testid="event-user"
      title={`The user this request's Authorization (or session cookie) names; Traffic filtered by user:${userFilterValue(user)}: all this user sent`}
      onClick={() => showInTraffic(`user:${userFilterValue(user)}`)}
    >
      {user}
    </button>
  )
}
