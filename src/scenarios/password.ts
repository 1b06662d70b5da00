import type { ScenarioContext } from './scenario.ts'
import { defineScenario, ran, skipped } from './scenario.ts'
import { defaultMethod, usableMethods } from './client-auth.ts'
import { grantOf, validScope } from './grants.ts'
import { unknownUsername, wrongSecret } from './random.ts'
import { documentsForm, passwordFields, tokenRequest, type Encoding } from './token-request.ts'
import type { UserCredentials } from './credentials.ts'

/** A password grant for `user`, with the default client authentication. */
function passwordRequest(context: ScenarioContext, user: UserCredentials, encoding?: Encoding) {
  const { profile, credentials, endpoints } = context
  return tokenRequest(profile, endpoints.tokenUrl, {
    fields: passwordFields(user, validScope(profile, context.extras), context.extras.params),
    auth: defaultMethod(profile, credentials.client) ?? 'nothing',
    ...(credentials.client === undefined ? {} : { client: credentials.client }),
    ...(encoding === undefined ? {} : { encoding }),
  })
}

/**
 * The valid password grant: one request per client authentication method the spec allows and
 * the credentials can use, in the spec's order, labelled with the method (`client_secret_basic`,
 * `client_secret_post`, `none`); then one more with the first method, labelled with it too, so
 * checks can compare two tokens. Every request asks for the valid scope (see `validScope`). The
 * tokens feed later scenarios.
 * @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2)
 */
export const passwordValid = defineScenario({
  id: 'password.valid',
  title: 'the valid password grant, once per client authentication method, then once more',
  needs: ['usable-client'],
  async run(context) {
    const { profile, credentials, endpoints } = context
    const methods = usableMethods(profile, credentials.client)
    const scope = validScope(profile, context.extras)
    for (const method of [...methods, methods[0]!]) {
      const request = tokenRequest(profile, endpoints.tokenUrl, {
        fields: passwordFields(credentials.user, scope, context.extras.params),
        auth: method,
        ...(credentials.client === undefined ? {} : { client: credentials.client }),
      })
      const sent = await context.send(request, method)
      const grant = grantOf(sent, scope)
      if (grant !== undefined) context.grants.add(grant)
    }
    return ran()
  },
})

/**
 * The real username with a wrong password, sent once (a lock-out-prone repeat is left to
 * `password.repeated-wrong-password` with `--allow-lockout-risk`).
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) `invalid_grant`
 */
export const passwordWrongPassword = defineScenario({
  id: 'password.wrong-password',
  title: 'the real username with a wrong password, once',
  needs: ['usable-client'],
  async run(context) {
    const user = { username: context.credentials.user.username, password: wrongSecret() }
    await context.send(passwordRequest(context, user))
    return ran()
  },
})

/**
 * A random username the server cannot know (shaped to the spec's username pattern), with a
 * random password.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) `invalid_grant`
 */
export const passwordUnknownUser = defineScenario({
  id: 'password.unknown-user',
  title: 'an unknown username',
  needs: ['usable-client'],
  async run(context) {
    const user = { username: unknownUsername(context.profile), password: wrongSecret() }
    await context.send(passwordRequest(context, user))
    return ran()
  },
})

export const REPEATED_ATTEMPTS = 10

/**
 * Ten wrong passwords in a row for one random unknown user (labelled `attempt 1`…`attempt 10`),
 * for the brute-force advisories: a throttling server answers the later ones with 429 or a
 * delay. With `--allow-lockout-risk` the real username is used instead, labelled
 * `real user, attempt N`. Runs last, so a lock-out cannot spoil other scenarios.
 * @see [RFC 6749 §4.3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.3.2)
 */
export const passwordRepeatedWrongPassword = defineScenario({
  id: 'password.repeated-wrong-password',
  title: `${REPEATED_ATTEMPTS} wrong passwords in a row for one user`,
  needs: ['usable-client'],
  async run(context) {
    const real = context.options.allowLockoutRisk
    const username = real ? context.credentials.user.username : unknownUsername(context.profile)
    for (let attempt = 1; attempt <= REPEATED_ATTEMPTS; attempt += 1) {
      const user = { username, password: wrongSecret() }
      await context.send(
        passwordRequest(context, user),
        `${real ? 'real user, ' : ''}attempt ${attempt}`,
      )
    }
    return ran()
  },
})

/**
 * The special-characters user's valid credentials, correctly encoded in the documented media type
 * (form-urlencoded in UTF-8, or raw UTF-8 in multipart parts): the server must accept them.
 * @see [RFC 6749 Appendix B](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-B)
 */
export const passwordSpecialCharacters = defineScenario({
  id: 'password.special-characters',
  title: 'a username and password with a space, + & = % @ : and non-ASCII, correctly encoded',
  needs: ['usable-client', 'special-user'],
  async run(context) {
    await context.send(passwordRequest(context, context.credentials.specialUser!))
    return ran()
  },
})

/** Characters whose raw presence changes what a form-urlencoded body means. */
const FORM_MEANINGFUL = /[&+%]/

/**
 * The same credentials as `password.special-characters`, as form fields joined without any
 * encoding (`application/x-www-form-urlencoded`): `+` then reads as a space and `&` ends the
 * field, so the server must not issue a token. Needs a username or password holding `&`, `+` or
 * `%`, and a token operation that documents form-urlencoding.
 * @see [RFC 6749 Appendix B](https://www.rfc-editor.org/rfc/rfc6749.html#appendix-B)
 */
export const passwordSpecialCharactersUnencoded = defineScenario({
  id: 'password.special-characters-unencoded',
  title: 'the special-characters credentials sent without form encoding',
  needs: ['usable-client', 'special-user'],
  async run(context) {
    const user = context.credentials.specialUser!
    if (!documentsForm(context.profile)) {
      return skipped(
        'the token operation documents no application/x-www-form-urlencoded body to send unencoded',
      )
    }
    if (!FORM_MEANINGFUL.test(user.username) && !FORM_MEANINGFUL.test(user.password)) {
      return skipped(
        'the special-characters user has no `&`, `+` or `%`: sent unencoded, its credentials would mean the same',
      )
    }
    await context.send(passwordRequest(context, user, 'form-unencoded'))
    return ran()
  },
})
