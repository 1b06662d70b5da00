/** The longest token lifetime a run waits out for the expiry scenario, in seconds, unless told. */
export const DEFAULT_MAX_WAIT_SECONDS = 10
