/**
 * The clipboard as the composition root injects it: puts `text` there; `false` (or a promise of it)
 * when the browser refused, which the root has already told the user.
 */
export type CopyText = (text: string) => void | boolean | Promise<void | boolean>

/** Copies, then calls `onCopied` unless the browser refused: a "Copied" label must not lie. */
export function copyThenConfirm(copyText: CopyText | undefined, text: string, onCopied: () => void): void {
  void Promise.resolve(copyText?.(text)).then((copied) => {
    if (copied !== false) onCopied()
  })
}
