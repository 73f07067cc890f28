/**
 * A HAR file dropped anywhere on the panel is imported, as DevTools' Network panel imports one
 * (several at once, as one timeline by start time); while files are dragged over the panel, an
 * overlay says what a drop will do. Other drags (text, links) are left alone.
 */
import { useRef, useState, type DragEvent, type HTMLAttributes } from "react"

import { usePanelStore } from "./panel-context"
import { importFiles } from "./read-import-file"

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files")

/** A `<div>` (the panel's root) that imports a dropped HAR file. */
export function HarDropZone({ children, ...divProps }: HTMLAttributes<HTMLDivElement>) {
  const store = usePanelStore()
  const [over, setOver] = useState(false)
  // dragenter/dragleave fire for every child crossed: count them, so the overlay does not flicker.
  const depth = useRef(0)

  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth.current++
    setOver(true)
  }
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault() // allows the drop
    event.dataTransfer.dropEffect = "copy"
  }
  const onDragLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    depth.current = Math.max(0, depth.current - 1)
    if (depth.current === 0) setOver(false)
  }
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault() // not opened by the browser
    depth.current = 0
    setOver(false)
    void importFiles([...event.dataTransfer.files], store.getState())
  }

  return (
    <div
      {...divProps}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {children}
      {over && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          Drop HAR files to import them
        </div>
      )}
    </div>
  )
}
