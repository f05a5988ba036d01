import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ParsedFile } from '../ast/parsed-file.js';
import { memberName, stringLiteralValue } from '../ast/names.js';
import { lookUpVariable, resolveIdentifierValue, singleValueDeclarator, type Variable } from '../ast/scope.js';
import { visitNodes } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { isConnectionOptionsName, isDatabaseUrlName, isShadowDatabaseUrlName } from '../connection-settings/index.js';
import { constructClassOf } from './construct-class.js';
import { objectArgument, refersTo, type FunctionHandle, type LambdaFunctionSite } from './lambda-functions.js';

/**
 * What the rest of an infrastructure file does with a function construct: whether it reaches
 * a database (a database URL in its environment, `cluster.grantConnect(fn)`,
 * `cluster.secret.grantRead(fn)`, a security-group rule to the cluster's port, SST's
 * `link: [db]` / `bind: [db]`), whether API Gateway invokes it (`new LambdaIntegration(fn)`,
 * `new HttpLambdaIntegration(id, fn)`, `new LambdaRestApi(..., { handler: fn })`, a Serverless
 * `http`/`httpApi` event), and whether a deploy runs it (`new Trigger(..., { handler: fn })`,
 * a `TriggerFunction`, a custom-resource `Provider`'s `onEventHandler`). Only what the file
 * shows counts: precision over recall.
 */

export interface FunctionUses {
  /** Why the function reaches a database (for the message), or undefined when the file does not show it does. */
  databaseEvidence: string | undefined;
  /** Environment values that carry the connection string or its options (for `connect_timeout`). */
  connectionValues: TSESTree.Node[];
  behindApiGateway: boolean;
  /** A deploy runs it (Trigger, custom resource): a migration when it reaches the database. */
  runByDeploy: boolean;
}

/** The database constructs that grant or open a connection. */
const RDS_CLASSES = new Set(['DatabaseCluster', 'DatabaseClusterFromSnapshot', 'ServerlessCluster', 'DatabaseInstance', 'DatabaseProxy']);
/** SST components and constructs that are a database (v3 `sst.aws.Aurora`/`Postgres`, v2 `RDS`). */
const SST_DATABASES = new Set(['aws.Aurora', 'aws.Postgres', 'RDS']);

interface DatabaseHandles {
  variables: Set<Variable>;
  thisMembers: Set<string>;
}

function isDatabaseConstruct(file: ParsedFile, node: TSESTree.Node | null | undefined): boolean {
  const inner = node ? skipTypeWrappers(node) : undefined;
  if (inner?.type !== 'NewExpression') return false;
  const found = constructClassOf(file.scopeManager, inner.callee);
  if (found === undefined) return false;
  return (
    (found.module === 'aws-rds' && RDS_CLASSES.has(found.name)) ||
    ((found.module === 'sst' || found.module === 'sst/constructs') && SST_DATABASES.has(found.name))
  );
}

function databaseHandlesOf(file: ParsedFile): DatabaseHandles {
  const handles: DatabaseHandles = { variables: new Set(), thisMembers: new Set() };
  visitNodes(file.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isDatabaseConstruct(file, node.init)) {
      const variable = lookUpVariable(file.scopeManager, node.id);
      if (variable !== undefined && singleValueDeclarator(variable) !== undefined) handles.variables.add(variable);
    } else if (
      node.type === 'AssignmentExpression' &&
      node.left.type === 'MemberExpression' &&
      node.left.object.type === 'ThisExpression' &&
      isDatabaseConstruct(file, node.right)
    ) {
      const name = memberName(node.left);
      if (name !== undefined) handles.thisMembers.add(name);
    }
  });
  return handles;
}

/** `database`, `props.database`, `this.dbCluster`, `auroraCluster`: a construct named for a database. */
const DATABASE_NAME = /database|aurora|rds|postgres|mysql|(?:^|[^a-z])db/i;

/**
 * The construct is a database: a database construct of the file, or, where the file only gets
 * it (a construct prop, a wrapper like the starter kit's `Database`), named for one. Only
 * asked of the receiver or target of a grant or a port rule, where such a name is not a guess.
 */
function isDatabaseHandle(file: ParsedFile, handles: DatabaseHandles, node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node);
  if (inner.type === 'Identifier') {
    const variable = lookUpVariable(file.scopeManager, inner);
    return (variable !== undefined && handles.variables.has(variable)) || DATABASE_NAME.test(inner.name);
  }
  if (inner.type === 'MemberExpression') {
    const name = memberName(inner) ?? '';
    return (inner.object.type === 'ThisExpression' && handles.thisMembers.has(name)) || DATABASE_NAME.test(name);
  }
  return false;
}

/** `x.connections` -> `x`; anything else unchanged. */
function withoutConnections(node: TSESTree.Node): TSESTree.Node {
  const inner = skipTypeWrappers(node);
  return inner.type === 'MemberExpression' && memberName(inner) === 'connections' ? skipTypeWrappers(inner.object) : inner;
}

/** What `call` (a call in the file) says about the function behind `handle`. */
function noteCall(
  file: ParsedFile,
  handles: DatabaseHandles,
  call: TSESTree.CallExpression,
  handle: FunctionHandle,
  uses: FunctionUses,
): void {
  if (call.callee.type !== 'MemberExpression') return;
  const method = memberName(call.callee);
  const receiver = skipTypeWrappers(call.callee.object);
  const passesFunction = call.arguments.some((argument) => refersTo(file.scopeManager, withoutConnections(argument), handle));
  if (method === 'grantConnect' && passesFunction && isDatabaseHandle(file, handles, receiver)) {
    uses.databaseEvidence ??= '`grantConnect` gives it the database';
  } else if (
    method === 'grantRead' &&
    passesFunction &&
    receiver.type === 'MemberExpression' &&
    memberName(receiver) === 'secret' &&
    isDatabaseHandle(file, handles, receiver.object)
  ) {
    uses.databaseEvidence ??= 'it reads the database secret';
  } else if (method === 'allowDefaultPortFrom' && passesFunction && isDatabaseHandle(file, handles, withoutConnections(receiver))) {
    uses.databaseEvidence ??= "it may open the database's port";
  } else if (
    (method === 'allowToDefaultPort' || method === 'allowTo') &&
    refersTo(file.scopeManager, withoutConnections(receiver), handle) &&
    call.arguments[0] !== undefined &&
    isDatabaseHandle(file, handles, withoutConnections(call.arguments[0]))
  ) {
    uses.databaseEvidence ??= "it may open the database's port";
  } else if (method === 'addEnvironment' && refersTo(file.scopeManager, receiver, handle)) {
    const key = call.arguments[0] === undefined ? undefined : stringLiteralValue(call.arguments[0]);
    const value = call.arguments[1];
    if (key !== undefined && value !== undefined && value.type !== 'SpreadElement') noteEnvironment(key, value, uses);
  }
}

function noteEnvironment(key: string, value: TSESTree.Node, uses: FunctionUses): void {
  if (isShadowDatabaseUrlName(key)) return;
  if (isDatabaseUrlName(key)) {
    uses.databaseEvidence ??= `its environment sets \`${key}\``;
    uses.connectionValues.push(value);
  } else if (isConnectionOptionsName(key)) {
    uses.connectionValues.push(value);
  }
}

/** What `node` (a `new` in the file) says about the function behind `handle`. */
function noteConstruct(file: ParsedFile, node: TSESTree.NewExpression, handle: FunctionHandle, uses: FunctionUses): void {
  const found = constructClassOf(file.scopeManager, node.callee);
  if (found === undefined) return;
  const [first, second, third] = node.arguments;
  if (found.module.startsWith('aws-apigateway')) {
    if (found.name === 'LambdaIntegration' && refersTo(file.scopeManager, first, handle)) uses.behindApiGateway = true;
    if (found.name === 'HttpLambdaIntegration' && refersTo(file.scopeManager, second, handle)) uses.behindApiGateway = true;
    if (
      found.name === 'LambdaRestApi' &&
      refersTo(file.scopeManager, objectArgument(file.scopeManager, third)?.entries.get('handler')?.value, handle)
    )
      uses.behindApiGateway = true;
  } else if (found.module === 'triggers' && found.name === 'Trigger') {
    if (refersTo(file.scopeManager, objectArgument(file.scopeManager, third)?.entries.get('handler')?.value, handle))
      uses.runByDeploy = true;
  } else if (found.module === 'custom-resources' && found.name === 'Provider') {
    if (refersTo(file.scopeManager, objectArgument(file.scopeManager, third)?.entries.get('onEventHandler')?.value, handle))
      uses.runByDeploy = true;
  }
}

/** SST's `link: [db]` (v3) and `bind: [db]` (v2) naming a database component of the file. */
function linksDatabase(file: ParsedFile, site: LambdaFunctionSite): boolean {
  for (const key of ['link', 'bind']) {
    const list = site.props.entries.get(key)?.value;
    if (list?.type !== 'ArrayExpression') continue;
    for (const element of list.elements) {
      if (element?.type !== 'Identifier') continue;
      if (isDatabaseConstruct(file, resolveIdentifierValue(file.scopeManager, element))) return true;
    }
  }
  return false;
}

/** The uses of every site, from one walk over the file. */
export function functionUsesOf(file: ParsedFile, sites: readonly LambdaFunctionSite[]): Map<LambdaFunctionSite, FunctionUses> {
  const handles = databaseHandlesOf(file);
  const usesBySite = new Map<LambdaFunctionSite, FunctionUses>();
  for (const site of sites) {
    const uses: FunctionUses = {
      databaseEvidence: undefined,
      connectionValues: [],
      behindApiGateway: site.hasApiEvent,
      runByDeploy: false,
    };
    for (const [key, value] of site.environment) noteEnvironment(key, value, uses);
    if (linksDatabase(file, site)) uses.databaseEvidence ??= 'it is linked to the database';
    if (site.node.type === 'NewExpression' && constructClassOf(file.scopeManager, site.node.callee)?.module === 'triggers')
      uses.runByDeploy = true;
    usesBySite.set(site, uses);
  }
  const withHandles = sites.filter((site) => site.handle.variable !== undefined || site.handle.thisMember !== undefined);
  if (withHandles.length === 0) return usesBySite;
  visitNodes(file.program, (node) => {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return;
    for (const site of withHandles) {
      const uses = usesBySite.get(site)!;
      if (node.type === 'CallExpression') noteCall(file, handles, node, site.handle, uses);
      else noteConstruct(file, node, site.handle, uses);
    }
  });
  return usesBySite;
}
