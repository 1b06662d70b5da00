/** Where a command writes; tests pass their own to read what a command printed. */
export interface Output {
  out(text: string): void
  err(text: string): void
  /** `out` is a terminal: live progress and colour are possible. */
  tty?: boolean
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  tty: process.stdout.isTTY === true,
}
