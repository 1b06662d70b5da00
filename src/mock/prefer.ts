/** What the mock hands to Prism, and Prism's own request preferences; no Prism import here, so
 * deciding whether a request needs Prism costs nothing. */
export interface PrismRequest {
  method: string
  path: string
  query: Record<string, string | string[]>
  headers: Record<string, string>
  body: string
}

/**
 * Prism's own preferences: `Prefer: code=404, example=invalid_grant, dynamic=true`, or the
 * `__code`, `__example`, `__dynamic` query parameters.
 */
export function preferencesOf(request: Pick<PrismRequest, 'headers' | 'query'>): {
  code?: number
  exampleKey?: string
  dynamic?: boolean
} {
  const prefer = request.headers['prefer']
  const values: Record<string, string> = {}
  if (prefer !== undefined) {
    for (const part of prefer.split(/[,;]/)) {
      const [name, value] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''))
      if (name && value) values[name.toLowerCase()] = value
    }
  } else {
    for (const name of ['code', 'example', 'dynamic']) {
      const value = request.query[`__${name}`]
      if (typeof value === 'string') values[name] = value
    }
  }
  return {
    ...(values['code'] !== undefined && /^\d{3}$/.test(values['code'])
      ? { code: Number(values['code']) }
      : {}),
    ...(values['example'] === undefined ? {} : { exampleKey: values['example'] }),
    ...(values['dynamic'] === undefined ? {} : { dynamic: values['dynamic'] === 'true' }),
  }
}

/** True when the request asks Prism for a particular response. */
export function wantsPrism(request: Pick<PrismRequest, 'headers' | 'query'>): boolean {
  const preferences = preferencesOf(request)
  return preferences.code !== undefined || preferences.exampleKey !== undefined
}
