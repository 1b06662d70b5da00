/**
 * A source check for plain comparisons of secrets: parses TypeScript and reports each `===`,
 * `!==`, `==`, `!=`, string-comparing method call (`includes`, `startsWith`, …) and `switch`
 * with a password or secret for an operand, other than a test for `undefined` or `null`. A name
 * is a secret when its last word is `password` or `secret`, or when it is a local variable
 * initialised from one (`const expected = client?.clientSecret`).
 */
import ts from 'typescript'

export interface Finding {
  line: number
  text: string
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
])
const STRING_COMPARISONS = new Set([
  'includes',
  'indexOf',
  'lastIndexOf',
  'startsWith',
  'endsWith',
  'localeCompare',
  'compare',
  'equals',
])

export function plainSecretComparisons(source: string, file = 'source.ts'): Finding[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true)
  const isSecret = secretValues(tree)
  const findings: Finding[] = []
  const report = (node: ts.Node) => {
    const { line } = tree.getLineAndCharacterOfPosition(node.getStart(tree))
    findings.push({ line: line + 1, text: node.getText(tree) })
  }
  const visit = (node: ts.Node) => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      const sides = [node.left, node.right]
      if (!sides.some(isNothing) && sides.some(isSecret)) report(node)
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text
      const operands = [node.expression.expression, ...node.arguments]
      if (STRING_COMPARISONS.has(method) && operands.some(isSecret)) report(node)
    } else if (ts.isSwitchStatement(node) && isSecret(node.expression)) {
      report(node.expression)
    }
    ts.forEachChild(node, visit)
  }
  visit(tree)
  return findings
}

/** `undefined`, `null`, or `typeof x` (compared with a type name, not a value). */
function isNothing(node: ts.Node): boolean {
  return (
    (ts.isIdentifier(node) && node.text === 'undefined') ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    ts.isTypeOfExpression(node)
  )
}

/** A name whose last word is `password` or `secret`: `clientSecret`, `client_secret`, `SPECIAL_PASSWORD`. */
function isSecretName(name: string): boolean {
  return /(?:^|[a-z0-9_])(?:password|Password|PASSWORD|secret|Secret|SECRET)$/.test(name)
}

/** Calls that return their argument in another form: a secret in, a secret out. */
const TRANSFORMS = new Set(['String', 'Buffer.from', 'formDecode', 'decodeURIComponent'])

/**
 * A predicate for expressions whose value is a secret: a secret name, a member of that name, a
 * string-keyed lookup of one (`single(params, 'password')`), a transform or method of a secret,
 * either side of `??` `||` `&&` `+`, and local variables initialised from one, to a fixed point.
 */
function secretValues(tree: ts.SourceFile): (node: ts.Node) => boolean {
  const tainted = new Set<string>()
  const isSecret = (node: ts.Node): boolean => {
    if (ts.isIdentifier(node)) return isSecretName(node.text) || tainted.has(node.text)
    if (ts.isPropertyAccessExpression(node)) return isSecretName(node.name.text)
    if (ts.isStringLiteral(node)) return false
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isAwaitExpression(node)
    ) {
      return isSecret(node.expression)
    }
    if (ts.isElementAccessExpression(node)) {
      const key = node.argumentExpression
      return ts.isStringLiteral(key) && isSecretName(key.text)
    }
    if (ts.isBinaryExpression(node)) return isSecret(node.left) || isSecret(node.right)
    if (ts.isConditionalExpression(node)) return isSecret(node.whenTrue) || isSecret(node.whenFalse)
    if (ts.isTemplateExpression(node)) return node.templateSpans.some((s) => isSecret(s.expression))
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(tree)
      const literalKey = node.arguments.some((a) => ts.isStringLiteral(a) && isSecretName(a.text))
      const transform = TRANSFORMS.has(callee) && node.arguments.some(isSecret)
      const method =
        ts.isPropertyAccessExpression(node.expression) && isSecret(node.expression.expression)
      return literalKey || transform || method
    }
    return false
  }
  const declarations: ts.VariableDeclaration[] = []
  const collect = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && node.initializer !== undefined) declarations.push(node)
    ts.forEachChild(node, collect)
  }
  collect(tree)
  let grew = true
  while (grew) {
    grew = false
    for (const declaration of declarations) {
      const names = isSecret(declaration.initializer!)
        ? allNames(declaration.name)
        : secretMembers(declaration.name)
      for (const name of names) {
        if (!tainted.has(name)) {
          tainted.add(name)
          grew = true
        }
      }
    }
  }
  return isSecret
}

function allNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text]
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : allNames(element.name),
  )
}

/** The names a destructuring binds from members named as secrets: `{ clientSecret: s }` binds `s`. */
function secretMembers(name: ts.BindingName): string[] {
  if (!ts.isObjectBindingPattern(name)) return []
  return name.elements.flatMap((element) => {
    const member = element.propertyName ?? element.name
    return ts.isIdentifier(member) && isSecretName(member.text) ? allNames(element.name) : []
  })
}

/** The calls to `callee` inside the function or method named `name`, as source text. */
export function callsInFunction(source: string, name: string, callee: string): string[] {
  const tree = ts.createSourceFile('source.ts', source, ts.ScriptTarget.ES2022, true)
  let body: ts.Node | undefined
  const find = (node: ts.Node) => {
    if (
      (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) &&
      node.name !== undefined &&
      node.name.getText(tree) === name
    ) {
      body = node.body
    }
    if (body === undefined) ts.forEachChild(node, find)
  }
  find(tree)
  if (body === undefined) throw new Error(`expected a function named ${name}, found none`)
  const calls: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.getText(tree) === callee) {
      calls.push(node.getText(tree))
    }
    ts.forEachChild(node, visit)
  }
  visit(body)
  return calls
}
