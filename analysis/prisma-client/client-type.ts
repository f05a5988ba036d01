import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { optionsArgumentOf } from '../ast/object-options.js';
import { dottedName } from '../ast/names.js';
import { parentOf } from '../ast/tree.js';
import type { ModuleIndex } from './module-index.js';
import type { ClientTypeKeeping } from './types.js';

/**
 * How the retry fix keeps a client's type `PrismaClient` in TypeScript.
 *
 * `client.$extends(...)` is typed as a new client type (`DynamicClientExtensionThis<...>`)
 * that is not assignable to `PrismaClient` (it has no `$on`/`$use`), and whose transaction
 * client is not a `Prisma.TransactionClient` (measured with `tsc` on generated Prisma 6.19
 * and 7 clients: test/codemods/add-retry-extension.test.ts). Code elsewhere in a project
 * passes the client where a `PrismaClient` is expected (an auth adapter, a repository's
 * constructor) and types transaction callbacks `(tx: Prisma.TransactionClient) => ...`;
 * none of it is in the file the fix edits. So the fix casts the extended client back to the
 * class's instance type, as the AWS starter kit's own fix did (`as unknown as PrismaClient`,
 * PR #121): every expression keeps the type it had, and no importer can break. The cast is
 * true for everything but `$on`/`$use` (gone on an extended client, Prisma's rule), and the
 * fix is never offered for a client whose `$on`/`$use` this file calls.
 *
 * A global `omit` in the options changes the client's result types through the class's type
 * parameters, which the bare class type would drop: then the fix is reported, not written.
 */

type Node = TSESTree.Node;

/** Where `<chain> as unknown as T` may replace `<chain>` without parentheses. */
function castFitsWithoutParentheses(chain: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === chain;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return parent.right === chain;
    case 'ReturnStatement':
    case 'ExportDefaultDeclaration':
      return true;
    case 'ArrowFunctionExpression':
      return parent.body === chain;
    case 'Property':
    case 'PropertyDefinition':
      return parent.value === chain;
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee !== chain;
    case 'ArrayExpression':
      return true;
    // `as` binds tighter than `??`, `||`, `&&` and `?:`: `a ?? b as T` is `a ?? (b as T)`.
    case 'LogicalExpression':
      return true;
    case 'ConditionalExpression':
      return parent.test !== chain;
    default:
      return false;
  }
}

/** The outermost `$extends(...)` call chained directly onto the construction (or the construction). */
function directChainOf(construction: TSESTree.NewExpression, chainEnd: number): Node {
  let node: Node = construction;
  for (let parent = parentOf(node); parent && parent.range[1] <= chainEnd; parent = parentOf(node)) {
    if (parent.type !== 'MemberExpression' && parent.type !== 'CallExpression' && parent.type !== 'TSNonNullExpression') break;
    node = parent;
  }
  return node;
}

/** The class's instance type, as the file can write it. */
function instanceTypeText(index: ModuleIndex, callee: Node, calleeText: string): string | undefined {
  let root: Node = callee;
  while (root.type === 'MemberExpression') root = root.object;
  if (root.type !== 'Identifier' || dottedName(callee) === undefined) return undefined;
  const definition = index.variableOf(root)?.defs[0];
  // An ES import of a class (or of a namespace holding it) brings its type under the same name;
  // a `require`d or `await import`ed binding is a value only.
  const importsType =
    definition?.type === 'ImportBinding' &&
    definition.node.type !== 'TSImportEqualsDeclaration' &&
    (definition.parent as TSESTree.ImportDeclaration | null)?.importKind !== 'type';
  return importsType ? calleeText : `InstanceType<typeof ${calleeText}>`;
}

function omitBlocker(index: ModuleIndex, construction: TSESTree.NewExpression, sourceText: string): string | undefined {
  if (construction.arguments.length === 0) return undefined;
  const options = optionsArgumentOf(index.scopeManager, construction);
  const reason =
    'which changes the client type through type parameters the cast back to `PrismaClient` would drop: extend the client by hand and type its users with the extended type (see the rule docs)';
  if (options?.entries.has('omit')) return `the client's options set a global \`omit\`, ${reason}`;
  // Options the file does not show may hide one; only a file that mentions `omit` at all is suspect.
  if ((options === undefined || options.hasUnknownEntries) && /\bomit\b/.test(sourceText))
    return `the client's options may set a global \`omit\`, ${reason}`;
  return undefined;
}

/** How the fix keeps this construction's client typed as the class (see above). */
export function clientTypeKeepingOf(
  index: ModuleIndex,
  construction: TSESTree.NewExpression,
  calleeText: string,
  chainEnd: number,
  sourceText: string,
): ClientTypeKeeping {
  const chain = directChainOf(construction, chainEnd);
  const typeText = instanceTypeText(index, construction.callee, calleeText);
  const blocker =
    typeText === undefined
      ? 'the class is reached in a way a type cannot name (`new (require(...)).PrismaClient()`): extend the client by hand'
      : omitBlocker(index, construction, sourceText);
  return {
    typeText: typeText ?? calleeText,
    needsParentheses: !castFitsWithoutParentheses(chain, parentOf(chain)),
    blocker,
  };
}
