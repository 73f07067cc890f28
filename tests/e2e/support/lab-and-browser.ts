/**
 * One lab and one browser with the built extension per e2e test file: started before its tests,
 * closed after them (even when a test fails), so each file sets up only what is its own.
 * A file's own set-up goes in `setup`, which runs once both are up: node:test does not wait for
 * one top-level `before` hook before starting the next.
 */
import { after, before } from "node:test"

import { startLab, type RunningLab } from "../../../src/lab/server"
import { launchChromium, type ChromiumSession } from "./chromium"
import { assertFirefoxPrerequisites, launchFirefoxWithExtension, type FirefoxSession } from "./firefox"

interface Running<Session> {
  readonly lab: RunningLab
  readonly session: Session
}

function useLabAnd<Session extends { close(): Promise<void> }>(
  launch: () => Promise<Session>,
  setup: (lab: RunningLab, session: Session) => Promise<void>
): Running<Session> {
  let lab: RunningLab | undefined
  let session: Session | undefined
  before(async () => {
    lab = await startLab({ port: 0 })
    session = await launch()
    await setup(lab, session)
  })
  after(async () => {
    await session?.close()
    await lab?.close()
  })
  return {
    get lab() {
      if (lab === undefined) throw new Error("the lab is not running (used outside a test?)")
      return lab
    },
    get session() {
      if (session === undefined) throw new Error("the browser is not running (used outside a test?)")
      return session
    }
  }
}

/** Call at the top of a test file: the lab plus Chromium with the built extension loaded. */
export function useLabAndChromium(
  setup: (lab: RunningLab, chromium: ChromiumSession) => Promise<void> = async () => {}
): { readonly lab: RunningLab; readonly chromium: ChromiumSession } {
  const running = useLabAnd(() => launchChromium(), setup)
  return {
    get lab() {
      return running.lab
    },
    get chromium() {
      return running.session
    }
  }
}

/** Call at the top of a test file: the lab plus Firefox ESR with the built extension installed. */
export function useLabAndFirefox(
  setup: (lab: RunningLab, firefox: FirefoxSession) => Promise<void> = async () => {}
): { readonly lab: RunningLab; readonly firefox: FirefoxSession } {
  const running = useLabAnd(() => {
    assertFirefoxPrerequisites()
    return launchFirefoxWithExtension()
  }, setup)
  return {
    get lab() {
      return running.lab
    },
    get firefox() {
      return running.session
    }
  }
}
