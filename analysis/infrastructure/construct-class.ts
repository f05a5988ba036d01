import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { importedBindingOf } from '../ast/imported-binding.js';
import { memberName } from '../ast/names.js';
import { lookUpVariable, type ScopeManager } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';

/**
 * Which infrastructure class a `new X(...)` or `X.y(...)` names, however the file imported it:
 * `NodejsFunction` from `aws-cdk-lib/aws-lambda-nodejs`, `lambda.Function` with
 * `import * as lambda from 'aws-cdk-lib/aws-lambda'` or `import { aws_lambda as lambda } from
 * 'aws-cdk-lib'`, `cdk.aws_rds.DatabaseCluster`, `cdk.Duration`, CDK v1's `@aws-cdk/aws-lambda`,
 * SST v2's `Function` from `sst/constructs`, and SST v3's global `sst.aws.Function` (no import:
 * sst.config.ts gets `sst` as an ambient global).
 */
export interface ConstructClass {
  /** `aws-lambda`, `aws-rds`, `core` (aws-cdk-lib's root), `sst/constructs`, `sst` (v3's global). */
  module: string;
  /** The member path inside it: `Function`, `DatabaseClusterEngine.auroraPostgres`, `aws.Function`. */
  name: string;
}

const CDK_V2 = 'aws-cdk-lib';
const SST_V2_SOURCES = new Set(['sst/constructs', '@serverless-stack/resources']);

/** `a.b.c` as its base identifier and member names, when every member is static. */
function chainOf(node: TSESTree.Node): { base: TSESTree.Identifier; members: string[] } | undefined {
  const members: string[] = [];
  let current = skipTypeWrappers(node);
  while (current.type === 'MemberExpression') {
    const name = memberName(current);
    if (name === undefined) return undefined;
    members.unshift(name);
    current = skipTypeWrappers(current.object);
  }
  return current.type === 'Identifier' ? { base: current, members } : undefined;
}

function normalise(source: string, path: string[]): ConstructClass | undefined {
  if (source === CDK_V2) {
    // `aws_lambda.Function`: aws-cdk-lib's root re-exports every module as `aws_<name>`.
    const [first, ...rest] = path;
    if (first?.startsWith('aws_')) return { module: `aws-${first.slice(4).replace(/_/g, '-')}`, name: rest.join('.') };
    return { module: 'core', name: path.join('.') };
  }
  if (source.startsWith(`${CDK_V2}/`)) return { module: source.slice(CDK_V2.length + 1), name: path.join('.') };
  if (source.startsWith('@aws-cdk/')) return { module: source.slice('@aws-cdk/'.length), name: path.join('.') };
  if (SST_V2_SOURCES.has(source)) return { module: 'sst/constructs', name: path.join('.') };
  return undefined;
}

/** The class (or static member) a callee names, or `undefined` when it is none of the frameworks'. */
export function constructClassOf(scopeManager: ScopeManager, callee: TSESTree.Node): ConstructClass | undefined {
  const chain = chainOf(callee);
  if (chain === undefined) return undefined;
  const { base, members } = chain;
  if (base.name === 'sst' && members[0] === 'aws' && lookUpVariable(scopeManager, base)?.defs.length !== 1) {
    return { module: 'sst', name: members.join('.') };
  }
  const binding = importedBindingOf(scopeManager, base);
  if (binding === undefined) return undefined;
  const path = binding.name === '*' || binding.name === 'default' ? members : [binding.name, ...members];
  return normalise(binding.source, path);
}

/** Whether the callee is `module.name` (one of `names`). */
export function isConstructClass(scopeManager: ScopeManager, callee: TSESTree.Node, module: string, names: readonly string[]): boolean {
  const found = constructClassOf(scopeManager, callee);
  return found !== undefined && found.module === module && names.includes(found.name);
}
