import type { AuthChoice } from './client-auth.ts'
import type { ClientCredentials } from './credentials.ts'
import { validScope } from './grants.ts'
import type { ScenarioContext } from './scenario.ts'
import { defineScenario, ran } from './scenario.ts'
import { wrongSecret } from './random.ts'
import { passwordFields, tokenRequest } from './token-request.ts'

/** The valid password grant with a given client authentication. */
async function sendWithClient(
  context: ScenarioContext,
  auth: AuthChoice,
  client: ClientCredentials,
): Promise<void> {
  const { profile, credentials, endpoints } = context
  await context.send(
    tokenRequest(profile, endpoints.tokenUrl, {
      fields: passwordFields(
        credentials.user,
        validScope(profile, context.extras),
        context.extras.params,
      ),
      auth,
      client,
    }),
    auth,
  )
}

/**
 * The confidential client sends its `client_id` in the body and no secret, no Authorization
 * header: it has not authenticated, so `invalid_client`. Labelled `id-only`.
 * @see [RFC 6749 §3.2.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2.1)
 */
export const clientNone = defineScenario({
  id: 'client.none',
  title: 'a confidential client that does not authenticate',
  needs: ['confidential-profile', 'client-secret'],
  async run(context) {
    await sendWithClient(context, 'id-only', context.credentials.client!)
    return ran()
  },
})

/**
 * The valid password grant with no client identification at all: no Authorization header, no
 * `client_id`. A server with confidential clients cannot tell which client asks, so
 * `invalid_client`; one that falls back to a default client issues tokens to anyone who has a
 * user's password. Unlabelled.
 * @see [RFC 6749 §2.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3),
 * [§3.2.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2.1)
 */
export const clientNoIdentification = defineScenario({
  id: 'client.no-identification',
  title: 'a password grant with no client identification at all (no Basic, no client_id)',
  needs: ['confidential-profile', 'client-secret'],
  async run(context) {
    const { profile, credentials, endpoints } = context
    await context.send(
      tokenRequest(profile, endpoints.tokenUrl, {
        fields: passwordFields(
          credentials.user,
          validScope(profile, context.extras),
          context.extras.params,
        ),
        auth: 'nothing',
      }),
    )
    return ran()
  },
})

/**
 * HTTP Basic with the right client id and a wrong secret: 401 `invalid_client` with a
 * `WWW-Authenticate: Basic` challenge. Labelled `client_secret_basic`.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export const clientWrongSecretBasic = defineScenario({
  id: 'client.wrong-secret-basic',
  title: 'a wrong client secret in HTTP Basic',
  needs: ['basic-auth', 'client-secret'],
  async run(context) {
    const { clientId } = context.credentials.client!
    await sendWithClient(context, 'client_secret_basic', { clientId, clientSecret: wrongSecret() })
    return ran()
  },
})

/**
 * `client_id` and a wrong `client_secret` in the body: `invalid_client`. Labelled
 * `client_secret_post`.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export const clientWrongSecretBody = defineScenario({
  id: 'client.wrong-secret-body',
  title: 'a wrong client secret in the body',
  needs: ['post-auth', 'client-secret'],
  async run(context) {
    const { clientId } = context.credentials.client!
    await sendWithClient(context, 'client_secret_post', { clientId, clientSecret: wrongSecret() })
    return ran()
  },
})

/**
 * The right client credentials twice at once, in HTTP Basic and in the body: a client uses one
 * method per request, so the server should answer `invalid_request`. Labelled `basic-and-body`.
 * @see [RFC 6749 §2.3](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3)
 */
export const clientBasicAndBody = defineScenario({
  id: 'client.basic-and-body',
  title: 'client credentials in HTTP Basic and in the body at once',
  needs: ['client-secret'],
  async run(context) {
    await sendWithClient(context, 'basic-and-body', context.credentials.client!)
    return ran()
  },
})

/**
 * The special client (its secret holds `:` and other characters) in HTTP Basic, id and secret
 * form-urlencoded before base64, for the real user: the server must accept it. Labelled
 * `client_secret_basic`.
 * @see [RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1)
 */
export const clientSecretSpecialCharactersBasic = defineScenario({
  id: 'client.secret-special-characters-basic',
  title: 'a client secret with special characters in HTTP Basic, encoded as RFC 6749 §2.3.1 says',
  needs: ['basic-auth', 'special-client'],
  async run(context) {
    await sendWithClient(context, 'client_secret_basic', context.credentials.specialClient!)
    return ran()
  },
})
