/** The replay view's styles, following DevTools' light/dark theme through the panel's CSS variables. */
export const REPLAY_STYLES = `
.replay-view { display: flex; flex-direction: column; gap: 8px; padding: 8px; }
.replay-choices { border: 1px solid var(--border, #ccc); padding: 4px 8px; }
.replay-choice { display: block; }
.replay-body textarea { display: block; width: 100%; font-family: monospace; }
.replay-summary { font-family: monospace; font-weight: bold; }
.replay-headers { font-family: monospace; border-collapse: collapse; }
.replay-headers caption { text-align: left; font-weight: bold; }
.replay-headers th { text-align: left; padding-right: 12px; font-weight: normal; vertical-align: top; }
.replay-headers td { overflow-wrap: anywhere; }
.replay-warning { color: var(--warning, #a15c00); }
.replay-verdict { border-radius: 4px; padding: 8px 12px; border: 1px solid var(--border, #ccc); }
.replay-verdict-title { font-size: 1.6em; font-weight: bold; margin: 0 0 4px; }
.replay-verdict.tone-good .replay-verdict-title { color: var(--ok, #137333); }
.replay-verdict.tone-bad { border-color: var(--error, #c5221f); }
.replay-verdict.tone-bad .replay-verdict-title { color: var(--error, #c5221f); }
.replay-dialog-backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.35); display: flex; align-items: center; justify-content: center; }
.replay-dialog { background: var(--bg, #fff); color: inherit; padding: 12px 16px; max-width: 36em; border-radius: 4px; }
.replay-dialog-buttons { display: flex; gap: 8px; justify-content: flex-end; }
.replay-threeway { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.replay-threeway pre { white-space: pre-wrap; font-family: monospace; }
.replay-threeway .added { background: rgba(26,127,55,.2); }
.replay-threeway .removed { background: rgba(197,34,31,.2); text-decoration: line-through; }
.replay-snippet { white-space: pre-wrap; font-family: monospace; }
`
