import { describe, expect, it } from "vitest"

import {
  DEFAULT_TRAFFIC_COLUMNS,
  gridTemplateOf,
  tableMinWidth,
  visibleColumns,
  withColumnShown,
  withColumnWidth
} from "../../src/store/traffic-columns"
import { ALL_TRAFFIC_COLUMNS } from "../builders/traffic-columns"

const ids = (layout = DEFAULT_TRAFFIC_COLUMNS) => visibleColumns(layout).map((column) => column.id)

describe("the Traffic table's column layout", () => {
  it("shows every column by default, URL filling the room the fixed ones leave", () => {
    expect(ids()).toEqual(ALL_TRAFFIC_COLUMNS)
    expect(gridTemplateOf(DEFAULT_TRAFFIC_COLUMNS)).toBe(
      "40px 56px minmax(100px, 1fr) 48px 72px 114px 106px 64px 172px"
    )
    expect(tableMinWidth(DEFAULT_TRAFFIC_COLUMNS)).toBe(772)
  })

  it("hides and shows a column; # and URL always show", () => {
    const hidden = withColumnShown(withColumnShown(DEFAULT_TRAFFIC_COLUMNS, "Tag", false), "Source", false)
    expect(ids(hidden)).toEqual(["#", "Method", "URL", "Status", "Version", "Precondition", "Findings"])
    expect(gridTemplateOf(hidden)).toBe("40px 56px minmax(100px, 1fr) 48px 72px 114px 172px")
    expect(tableMinWidth(hidden)).toBe(772 - 106 - 64)
    expect(ids(withColumnShown(hidden, "Tag", true))).toContain("Tag")
    // Hiding twice keeps one entry; the required ones and unknown ids do not change the layout.
    expect(withColumnShown(hidden, "Tag", false).hidden).toEqual(["Source", "Tag"])
    expect(withColumnShown(hidden, "URL", false)).toBe(hidden)
    expect(withColumnShown(hidden, "#", false)).toBe(hidden)
    expect(withColumnShown(hidden, "Nope", false)).toBe(hidden)
    // A stored layout naming a required column hidden (edited by hand) still shows it.
    expect(ids({ hidden: ["URL", "#"], widths: {} })).toContain("URL")
  })

  it("takes a dragged width, within bounds; URL keeps its width once dragged (the last column then fills), and a reset fills again", () => {
    const wider = withColumnWidth(DEFAULT_TRAFFIC_COLUMNS, "Method", 90.6)
    expect(gridTemplateOf(wider)).toBe("40px 91px minmax(100px, 1fr) 48px 72px 114px 106px 64px 172px")
    expect(withColumnWidth(wider, "Status", 2).widths).toEqual({ Method: 91, Status: 24 })
    const urlFixed = withColumnWidth(wider, "URL", 300)
    expect(gridTemplateOf(urlFixed)).toBe("40px 91px 300px 48px 72px 114px 106px 64px minmax(172px, 1fr)")
    // With Findings hidden, Source is the last column.
    expect(gridTemplateOf(withColumnShown(urlFixed, "Findings", false))).toBe(
      "40px 91px 300px 48px 72px 114px 106px minmax(64px, 1fr)"
    )
    expect(tableMinWidth(urlFixed)).toBe(772 + 35 + 200)
    expect(gridTemplateOf(withColumnWidth(urlFixed, "URL", undefined))).toBe(gridTemplateOf(wider))
  })

  it("shows the User column, after Status, only where the capture names two or more users", () => {
    const withUsers = visibleColumns(DEFAULT_TRAFFIC_COLUMNS, true).map((column) => column.id)
    expect(withUsers).toEqual(["#", "Method", "URL", "Status", "User", ...ALL_TRAFFIC_COLUMNS.slice(4)])
    expect(gridTemplateOf(DEFAULT_TRAFFIC_COLUMNS, true)).toBe(
      "40px 56px minmax(100px, 1fr) 48px 64px 72px 114px 106px 64px 172px"
    )
    expect(tableMinWidth(DEFAULT_TRAFFIC_COLUMNS, true)).toBe(772 + 64)
    const hidden = withColumnShown(DEFAULT_TRAFFIC_COLUMNS, "User", false)
    expect(visibleColumns(hidden, true).map((column) => column.id)).not.toContain("User")
  })
})
