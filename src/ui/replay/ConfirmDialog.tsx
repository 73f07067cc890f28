/** The only place a replay's `confirmed: true` comes from: the user names what will be sent, then sends. */
import type { ReplayPlan } from "../../core/replay"
import { useModalDialog } from "../modal-dialog"

export interface ConfirmDialogProps {
  readonly plans: readonly ReplayPlan[]
  /** What else may be sent, in words (Check protection's GET). */
  readonly note?: string
  readonly onConfirm: () => void
  readonly onCancel: () => void
}

export function ConfirmDialog({ plans, note, onConfirm, onCancel }: ConfirmDialogProps) {
  // Cancel has the focus: Enter right after the click that opened it must not send.
  const modal = useModalDialog<HTMLDivElement>(onCancel)
  const first = plans[0]
  if (!first) return null
  const count = plans.length === 1 ? "a real" : `${plans.length} real`
  const methods = plans.length === 1 ? first.method : `${first.method}s`
  return (
    <div className="replay-dialog-backdrop">
      <div
        className="replay-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="replay-confirm-title"
        data-testid="replay-confirm-dialog"
        ref={modal.ref}
        onKeyDown={modal.onKeyDown}
      >
        <p id="replay-confirm-title">
          This sends {count} <strong>{methods}</strong> to <code>{first.url}</code> from the inspected page,
          with its cookies and credentials.
        </p>
        {plans.map((plan, index) => (
          <p key={index} className="muted">
            {plan.summary}
          </p>
        ))}
        {note && <p className="muted">{note}</p>}
        <p>It changes data on the server: a replayed DELETE deletes.</p>
        <div className="replay-dialog-buttons">
          <button type="button" data-autofocus onClick={onCancel} data-testid="replay-cancel">
            Cancel
          </button>
          <button type="button" className="primary" onClick={onConfirm} data-testid="replay-confirm">
            Send {first.method}
          </button>
        </div>
      </div>
    </div>
  )
}
