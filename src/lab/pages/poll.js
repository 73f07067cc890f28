// The polling page: round after round, GET note 1 then PUT it back (current tag; every fifth round no
// tag; every seventh round the first, stale tag). Counters go to #rounds/#requests/#errors and to
// body.dataset (rounds, requests, errors, running); body.dataset.done = "1" when a bounded run ends.
/* global LabTags, location */
"use strict"
;(function runPollingPage() {
  const params = new URLSearchParams(location.search)
  const policy = params.get("policy") || "strict"
  const rateMs = Math.max(0, Number(params.get("rate") ?? "100") || 0)
  const maxRounds = Math.max(0, Math.floor(Number(params.get("rounds") ?? "0") || 0))
  const noteUrl = "/api/" + encodeURIComponent(policy) + "/notes/1"
  const counters = { rounds: 0, requests: 0, errors: 0 }
  let running = false
  let firstTag = null
  document.getElementById("policy-name").textContent = policy

  function show(lastLine) {
    for (const name of Object.keys(counters)) {
      document.getElementById(name).textContent = String(counters[name])
      document.body.dataset[name] = String(counters[name])
    }
    document.body.dataset.running = running ? "1" : "0"
    if (lastLine) document.getElementById("last").textContent = lastLine
  }

  async function send(url, init) {
    counters.requests++
    const response = await fetch(url, init)
    const body = await LabTags.readJson(response)
    return { status: response.status, tag: LabTags.readTag(policy, response, body) }
  }

  function tagForRound(round, currentTag) {
    if (round % 7 === 6) return firstTag
    if (round % 5 === 4) return null
    return currentTag
  }

  async function round(index) {
    const read = await send(noteUrl, { cache: "no-store" })
    if (firstTag === null) firstTag = read.tag
    const tag = tagForRound(index, read.tag)
    const write = await send(noteUrl, LabTags.putInit(policy, tag, "poll round " + index))
    return "round " + index + ": GET " + read.status + ", PUT " + write.status
  }

  async function loop() {
    while (running && (maxRounds === 0 || counters.rounds < maxRounds)) {
      let line
      try {
        line = await round(counters.rounds)
      } catch (error) {
        counters.errors++
        line = "round " + counters.rounds + ": " + String(error)
      }
      counters.rounds++
      show(line)
      if (rateMs > 0) await new Promise((resolve) => setTimeout(resolve, rateMs))
    }
    running = false
    if (maxRounds > 0 && counters.rounds >= maxRounds) document.body.dataset.done = "1"
    show()
  }

  function start() {
    if (running) return
    running = true
    show()
    void loop()
  }

  function stop() {
    running = false
    show()
  }

  document.getElementById("start").addEventListener("click", start)
  document.getElementById("stop").addEventListener("click", stop)
  window.labPolling = { start: start, stop: stop, counters: counters }
  show()
  if (params.get("autostart") !== "0") start()
})()
