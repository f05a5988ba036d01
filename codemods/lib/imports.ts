import type { Collection, JSCodeshift } from 'jscodeshift';

function isCommonJs(j: JSCodeshift, root: Collection): boolean {
  if (root.find(j.ImportDeclaration).size() > 0) return false;
  return (
    root
      .find(j.CallExpression, { callee: { type: 'Identifier', name: 'require' } })
      .size() > 0
  );
}

/**
 * Makes `name` from `source` available in the file and returns the local name to use: an
 * existing import (under any alias) is reused, an existing `import { ... } from source` gains
 * the specifier, otherwise a new import goes after the last import (or a `require` for
 * CommonJS files). Touches nothing when the name is already imported.
 */
export function ensureNamedImport(j: JSCodeshift, root: Collection, name: string, source: string): string {
  const fromSource = root.find(j.ImportDeclaration, { source: { value: source } });
  let localName: string | undefined;
  fromSource.forEach((path) => {
    for (const specifier of path.node.specifiers ?? []) {
      if (specifier.type === 'ImportSpecifier' && specifier.imported.name === name) {
        const local = specifier.local?.name;
        localName = typeof local === 'string' ? local : name;
      }
    }
  });
  if (localName !== undefined) return localName;

  const valueImport = fromSource.filter((path) => path.node.importKind !== 'type' && (path.node.specifiers ?? []).every((s) => s.type === 'ImportSpecifier'));
  if (valueImport.size() > 0) {
    valueImport.get().node.specifiers.push(j.importSpecifier(j.identifier(name)));
    return name;
  }

  const body = root.get().node.program.body as unknown[];
  if (isCommonJs(j, root)) {
    // Reuse `const { ... } = require(source)` when present.
    const existing = root.find(j.VariableDeclarator, {
      init: { type: 'CallExpression', callee: { name: 'require' }, arguments: [{ value: source }] },
      id: { type: 'ObjectPattern' },
    });
    if (existing.size() > 0) {
      const pattern = existing.get().node.id;
      pattern.properties.push(j.objectProperty.from({ key: j.identifier(name), value: j.identifier(name), shorthand: true }));
      return name;
    }
    const declaration = j.variableDeclaration('const', [
      j.variableDeclarator(
        j.objectPattern([j.objectProperty.from({ key: j.identifier(name), value: j.identifier(name), shorthand: true })]),
        j.callExpression(j.identifier('require'), [j.stringLiteral(source)]),
      ),
    ]);
    const lastRequire = findLastIndex(body, (statement) => j(statement as never).find(j.CallExpression, { callee: { name: 'require' } }).size() > 0 && (statement as { type: string }).type === 'VariableDeclaration');
    body.splice(lastRequire + 1, 0, declaration);
    return name;
  }

  const declaration = j.importDeclaration([j.importSpecifier(j.identifier(name))], j.stringLiteral(source));
  const lastImport = findLastIndex(body, (statement) => (statement as { type: string }).type === 'ImportDeclaration');
  if (lastImport >= 0) {
    body.splice(lastImport + 1, 0, declaration);
  } else {
    // After leading directives ('use server', 'use strict') so they stay first.
    const firstNonDirective = body.findIndex(
      (statement) => !((statement as { type: string }).type === 'ExpressionStatement' && typeof (statement as { directive?: string }).directive === 'string'),
    );
    body.splice(firstNonDirective < 0 ? body.length : firstNonDirective, 0, declaration);
  }
  return name;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index -= 1) {
    if (predicate(items[index]!)) return index;
  }
  return -1;
}
