/**
 * The secrets a run sends. They live in the process that sends requests only: never in a
 * provided context, a worker, a report or a log line.
 */

export interface UserCredentials {
  username: string
  password: string
}

export interface ClientCredentials {
  clientId: string
  /** Absent for a public client (RFC 6749 §2.1). */
  clientSecret?: string
}

export interface Credentials {
  /** The resource owner whose password grant the run exercises. */
  user: UserCredentials
  /** The client; absent when the profile's client authentication needs none and names none. */
  client?: ClientCredentials
  /** Another client of the same server, for the client-binding scenarios (RFC 6749 §6, §10.4). */
  client2?: ClientCredentials
  /** A user whose username and password hold a space, `+ & = % @ :` and non-ASCII. */
  specialUser?: UserCredentials
  /** A client whose secret holds `:` and other characters RFC 6749 §2.3.1 encodes. */
  specialClient?: ClientCredentials
}

/** The optional credentials a scenario can need, for skip reasons. */
export const CREDENTIAL_SLOTS = ['clientSecret', 'client2', 'specialUser', 'specialClient'] as const
export type CredentialSlot = (typeof CREDENTIAL_SLOTS)[number]

/**
 * How a person provides each optional credential for this target, finishing a skip reason
 * ("needs a second client: set TOKENCHECK_CLIENT2_ID and TOKENCHECK_CLIENT2_SECRET").
 */
export type CredentialHints = Readonly<Record<CredentialSlot, string>>

/** Puts every secret of the credentials into the redactor, clients with their Basic forms. */
export function addCredentialSecrets(
  redactor: { addSecret(secret?: string): void; addClient(id?: string, secret?: string): void },
  credentials: Credentials,
): void {
  redactor.addSecret(credentials.user.password)
  redactor.addSecret(credentials.specialUser?.password)
  for (const client of [credentials.client, credentials.client2, credentials.specialClient]) {
    redactor.addClient(client?.clientId, client?.clientSecret)
  }
}
