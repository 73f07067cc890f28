/** `npm run lab`: the teaching lab on 127.0.0.1:${LAB_PORT:-8787}, until Ctrl-C. */
import { LAB_POLICIES } from "./policies"
import { startLab } from "./server"

const DEFAULT_PORT = 8787

function portFromEnvironment(): number {
  const raw = process.env.LAB_PORT
  if (raw === undefined || raw === "") return DEFAULT_PORT
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`LAB_PORT must be a port number (0-65535), got "${raw}".`)
  }
  return port
}

async function main(): Promise<void> {
  const lab = await startLab({ port: portFromEnvironment() })
  console.log(`ETag Lens lab: ${lab.url}`)
  console.log(`  two-user demo:  ${lab.url}/`)
  console.log(`  scenario page:  ${lab.url}/scenario.html?policy=strict`)
  console.log(
    `  API:            ${lab.url}/api/<policy>/notes/1  (policy: ${LAB_POLICIES.map((p) => p.name).join(", ")})`
  )
  console.log("Press Ctrl-C to stop.")
  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping the lab.`)
    lab.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once("SIGINT", () => stop("SIGINT"))
  process.once("SIGTERM", () => stop("SIGTERM"))
}

main().catch((error: unknown) => {
  const busy = error instanceof Error && "code" in error && error.code === "EADDRINUSE"
  if (busy)
    console.error(`lab: port ${process.env.LAB_PORT ?? DEFAULT_PORT} is busy; choose another with LAB_PORT.`)
  else console.error(`lab: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
