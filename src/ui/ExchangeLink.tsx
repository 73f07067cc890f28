import { usePanel } from "./panel-context"

/** `#12`: selects exchange 12 (and with it its resource) when clicked; marked while selected. */
export function ExchangeLink({ id }: { readonly id: number }) {
  const selectExchange = usePanel((state) => state.selectExchange)
  const selected = usePanel((state) => state.selection.exchangeId === id)
  return (
    <button
      type="button"
      className={selected ? "link-button exchange-link selected" : "link-button exchange-link"}
      onClick={() => selectExchange(id)}
    >
      #{id}
    </button>
  )
}
