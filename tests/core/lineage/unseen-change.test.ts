import { beforeEach, describe, expect, it } from "vitest"

import { createLineageBook } from "../../../src/core/lineage/build-lineage"
import { DEFAULT_ENGINE_OPTIONS, type Exchange } from "../../../src/core/model"
import { resourceKey } from "../../../src/core/traffic/resource-key"
import { API, observed, read, resetExchangeIds, sentBy, write } from "../../builders/exchange"

beforeEach(resetExchangeIds)

/** What the lineage says of the last exchange: the other user's change it replaced unseen, if any. */
function unseenChangeOfLast(exchanges: readonly Exchange[]): number | undefined {
  const lineage = createLineageBook((url) => resourceKey(url, DEFAULT_ENGINE_OPTIONS))
  let last
  for (const exchange of exchanges) last = lineage.add(exchange)
  return last?.replacedUnseenChange?.exchangeId
}

describe("replacedUnseenChange", () => {
  it("names the other user's change a 2xx write replaced when its user's requests never came after it", () => {
    const story = [
      read('"a1"', sentBy("bob")),
      write({ etag: '"a2"', status: 200, ...sentBy("alice") }),
      write({ status: 200, ...sentBy("bob") })
    ]
    expect(unseenChangeOfLast(story)).toBe(2)
  })

  it("counts any request of the user after the change, a list read showing the item included", () => {
    const list = read(undefined, {
      url: API,
      itemTags: [{ url: `${API}/1`, tag: observed('"a2"') }],
      ...sentBy("bob")
    })
    const story = [
      write({ etag: '"a2"', status: 200, ...sentBy("alice") }),
      list,
      write({ status: 200, ...sentBy("bob") })
    ]
    expect(unseenChangeOfLast(story)).toBeUndefined()
    resetExchangeIds()
    // Without the list read, the same write replaced Alice's change unseen.
    expect(
      unseenChangeOfLast([
        write({ etag: '"a2"', status: 200, ...sentBy("alice") }),
        write({ status: 200, ...sentBy("bob") })
      ])
    ).toBe(1)
  })

  it("starts again at each change: a third user's request follows only the change before it", () => {
    const story = [
      write({ etag: '"a2"', status: 200, ...sentBy("alice") }),
      read('"a2"', sentBy("bob")),
      write({ etag: '"a3"', status: 200, ...sentBy("carol") }),
      write({ status: 200, ...sentBy("bob") })
    ]
    expect(unseenChangeOfLast(story)).toBe(3)
  })

  it("is undefined for a refused write, a read, or a change whose request named no user", () => {
    const alice = write({ etag: '"a2"', status: 200, ...sentBy("alice") })
    expect(unseenChangeOfLast([alice, write({ status: 412, ...sentBy("bob") })])).toBeUndefined()
    resetExchangeIds()
    expect(unseenChangeOfLast([alice, read('"a2"', sentBy("bob"))])).toBeUndefined()
    resetExchangeIds()
    expect(
      unseenChangeOfLast([write({ etag: '"a2"', status: 200 }), write({ status: 200, ...sentBy("bob") })])
    ).toBeUndefined()
  })
})
