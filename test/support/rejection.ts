/** The error a rejected promise carries, so a test can say which one it expected. */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (error === undefined) throw new Error('expected the request to be refused, and it was not')
  return error as Record<string, unknown>
}
