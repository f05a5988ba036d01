import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import type { ParsedFile } from '../ast/parsed-file.js';
import type { ObjectOptions, OptionEntry } from '../ast/object-options.js';
import { resolveIdentifierValue, scopeOf } from '../ast/scope.js';
import { ensureParentPointers, visitNodes } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { preferredQuote, stringLiteralText } from '../edit/code-style.js';
import { appendPropertiesEdits } from '../edit/object-literal-edits.js';
import type { TextEdit } from '../edit/text-edit.js';
import { DEFAULT_AUTO_PAUSE_MS, SUGGESTED_IDLE_TIMEOUT_MS } from './aurora-facts.js';
import { constructClassOf } from './construct-class.js';
import { pinnedDuration } from './durations.js';
import { objectArgument } from './lambda-functions.js';

/**
 * `require-idle-session-timeout`: an Aurora Serverless v2 cluster that pauses at 0 ACU only
 * pauses when no user connection is open, and the connections of frozen Lambdas stay open
 * until the server closes them. PostgreSQL closes an idle session after `idle_session_timeout`
 * (milliseconds; 0, the default, never; PostgreSQL 14+), MySQL after `wait_timeout` (seconds;
 * default 28800). Reports a pausing cluster (CDK `DatabaseCluster` with
 * `serverlessV2MinCapacity: 0`, `CfnDBCluster` with `serverlessV2ScalingConfiguration.minCapacity: 0`)
 * whose parameters the file shows (its `parameters`, a `ParameterGroup` /
 * `CfnDBClusterParameterGroup` of the file, or none: the default group) and that leave the
 * timeout off or longer than the pause delay. A parameter group the file does not show, an
 * engine it does not name, or PostgreSQL before 14 says nothing.
 */

export type IdleTimeoutMessageId = 'idleTimeoutOff' | 'idleTimeoutTooLong';
export type IdleTimeoutSuggestionId = 'setIdleTimeout';

export interface IdleTimeoutFinding {
  messageId: IdleTimeoutMessageId;
  data: { parameter: string; setting: string; pause: string; suggested: string; value: string };
  start: number;
  end: number;
  suggestion: { messageId: IdleTimeoutSuggestionId; data: { parameter: string; suggested: string }; edits: TextEdit[] } | undefined;
}

type Engine = 'postgres' | 'mysql';

interface EngineParameter {
  name: string;
  /** Milliseconds per unit of the parameter's value. */
  unitMs: number;
  /** What the engine does when the parameter is not set. */
  defaultMs: number;
  defaultText: string;
}

const PARAMETERS: Readonly<Record<Engine, EngineParameter>> = {
  postgres: { name: 'idle_session_timeout', unitMs: 1, defaultMs: 0, defaultText: "PostgreSQL's default 0 never closes an idle session" },
  mysql: {
    name: 'wait_timeout',
    unitMs: 1_000,
    defaultMs: 28_800_000,
    defaultText: "MySQL's default 28800 s keeps an idle session 8 hours",
  },
};

/** A cluster that pauses, with what the file shows of its engine, pause delay and parameters. */
interface PausingCluster {
  engine: Engine;
  /** `undefined` when the file sets a delay it does not pin. */
  pauseMs: number | undefined;
  /** Where the cluster asks for 0 ACU (reported when it has no parameter group of its own). */
  minCapacity: TSESTree.Node;
  /** The parameters it runs with: a visible object, the default group, or unknown. */
  parameters:
    { kind: 'object'; options: ObjectOptions; entry: OptionEntry } | { kind: 'default'; props: ObjectOptions; inline: boolean } | undefined;
}

function staticValue(file: ParsedFile, node: TSESTree.Node): unknown {
  const folded = getStaticValue(node as TSESTree.Expression, scopeOf(file.scopeManager, node));
  return folded ? folded.value : undefined;
}

function resolved(file: ParsedFile, node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (node === undefined) return undefined;
  const inner = skipTypeWrappers(node);
  const value = inner.type === 'Identifier' ? resolveIdentifierValue(file.scopeManager, inner) : inner;
  return value === undefined ? undefined : skipTypeWrappers(value);
}

/** PostgreSQL's major version from `VER_16_4`, `'16.4'`, `AuroraPostgresEngineVersion.of('16.4', '16')`. */
function postgresMajor(file: ParsedFile, node: TSESTree.Node | undefined): number | undefined {
  const value = resolved(file, node);
  if (value === undefined) return undefined;
  const text =
    value.type === 'MemberExpression'
      ? constructClassOf(file.scopeManager, value)?.name
      : value.type === 'CallExpression' && value.arguments[0] !== undefined
        ? String(staticValue(file, value.arguments[0]) ?? '')
        : String(staticValue(file, value) ?? '');
  const match = /(?:VER_|^)(\d+)[._]/.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The engine of CDK's `engine` prop: `DatabaseClusterEngine.auroraPostgres({...})`, `.AURORA_MYSQL`, ... */
function cdkEngineOf(file: ParsedFile, node: TSESTree.Node | undefined): { engine: Engine; major: number | undefined } | undefined {
  const value = resolved(file, node);
  if (value === undefined) return undefined;
  const callee = value.type === 'CallExpression' ? value.callee : value;
  const found = constructClassOf(file.scopeManager, callee);
  if (found?.module !== 'aws-rds') return undefined;
  if (/^DatabaseClusterEngine\.(?:auroraPostgres|AURORA_POSTGRESQL)$/.test(found.name)) {
    const options = value.type === 'CallExpression' ? objectArgument(file.scopeManager, value.arguments[0]) : undefined;
    return { engine: 'postgres', major: postgresMajor(file, options?.entries.get('version')?.value) };
  }
  if (/^DatabaseClusterEngine\.(?:auroraMysql|AURORA_MYSQL)$/.test(found.name)) return { engine: 'mysql', major: undefined };
  return undefined;
}

function isZero(file: ParsedFile, entry: OptionEntry | undefined): boolean {
  return entry !== undefined && staticValue(file, entry.value) === 0;
}

/** `parameters` of a `new ParameterGroup(...)` / `new CfnDBClusterParameterGroup(...)` the value is (or `.ref` / `.attr...` of). */
function parameterGroupParameters(
  file: ParsedFile,
  node: TSESTree.Node | undefined,
): { options: ObjectOptions; entry: OptionEntry } | undefined {
  let value = resolved(file, node);
  if (value?.type === 'MemberExpression') value = resolved(file, value.object);
  if (value?.type !== 'NewExpression') return undefined;
  const found = constructClassOf(file.scopeManager, value.callee);
  if (found?.module !== 'aws-rds' || (found.name !== 'ParameterGroup' && found.name !== 'CfnDBClusterParameterGroup')) return undefined;
  const entry = objectArgument(file.scopeManager, value.arguments[2])?.entries.get('parameters');
  const options = entry === undefined ? undefined : objectArgument(file.scopeManager, entry.value);
  return options === undefined || entry === undefined ? undefined : { options, entry };
}

function cdkCluster(file: ParsedFile, props: ObjectOptions, inline: boolean): PausingCluster | undefined {
  const minCapacity = props.entries.get('serverlessV2MinCapacity');
  if (!isZero(file, minCapacity)) return undefined;
  const engine = cdkEngineOf(file, props.entries.get('engine')?.value);
  if (engine === undefined || (engine.engine === 'postgres' && engine.major !== undefined && engine.major < 14)) return undefined;
  const pauseEntry = props.entries.get('serverlessV2AutoPauseDuration');
  const pauseMs =
    pauseEntry === undefined ? DEFAULT_AUTO_PAUSE_MS : pinnedDuration(file.scopeManager, file.sourceText, pauseEntry.value)?.ms;
  return {
    engine: engine.engine,
    pauseMs,
    minCapacity: minCapacity!.value,
    parameters: parametersOf(file, props, 'parameterGroup', inline),
  };
}

function parametersOf(file: ParsedFile, props: ObjectOptions, groupKey: string, inline: boolean): PausingCluster['parameters'] {
  const own = props.entries.get('parameters');
  const group = props.entries.get(groupKey);
  if (own !== undefined) {
    const options = objectArgument(file.scopeManager, own.value);
    return options === undefined ? undefined : { kind: 'object', options, entry: own };
  }
  if (group !== undefined) {
    const found = parameterGroupParameters(file, group.value);
    return found === undefined ? undefined : { kind: 'object', ...found };
  }
  if (props.hasUnknownEntries || props.maybeEntries.has(groupKey) || props.maybeEntries.has('parameters')) return undefined;
  return { kind: 'default', props, inline };
}

function cfnCluster(file: ParsedFile, props: ObjectOptions): PausingCluster | undefined {
  const scaling = objectArgument(file.scopeManager, props.entries.get('serverlessV2ScalingConfiguration')?.value);
  const minCapacity = scaling?.entries.get('minCapacity');
  if (scaling === undefined || !isZero(file, minCapacity)) return undefined;
  const engineName = props.entries.get('engine');
  const engineText = engineName === undefined ? undefined : staticValue(file, engineName.value);
  const engine: Engine | undefined = engineText === 'aurora-postgresql' ? 'postgres' : engineText === 'aurora-mysql' ? 'mysql' : undefined;
  if (engine === undefined) return undefined;
  const version = props.entries.get('engineVersion');
  const major = engine === 'postgres' && version !== undefined ? postgresMajor(file, version.value) : undefined;
  if (major !== undefined && major < 14) return undefined;
  const pauseEntry = scaling.entries.get('secondsUntilAutoPause');
  const pauseSeconds = pauseEntry === undefined ? DEFAULT_AUTO_PAUSE_MS / 1_000 : staticValue(file, pauseEntry.value);
  const pauseMs = typeof pauseSeconds === 'number' ? pauseSeconds * 1_000 : undefined;
  // CloudFormation has no `parameters` on the cluster: without a group of the file's, it is the default one.
  return { engine, pauseMs, minCapacity: minCapacity!.value, parameters: parametersOf(file, props, 'dbClusterParameterGroupName', false) };
}

const secondsText = (ms: number): string => `${ms / 1_000} s`;

function findingFor(file: ParsedFile, cluster: PausingCluster): IdleTimeoutFinding | undefined {
  const parameter = PARAMETERS[cluster.engine];
  const pause = cluster.pauseMs === undefined ? 'the pause delay' : `the ${secondsText(cluster.pauseMs)} pause delay`;
  const suggestedValue = String(SUGGESTED_IDLE_TIMEOUT_MS / parameter.unitMs);
  const quote = preferredQuote(file.sourceText);
  const property = `${parameter.name}: ${stringLiteralText(suggestedValue, quote)}`;
  const base = { parameter: parameter.name, pause, suggested: `${suggestedValue} (${secondsText(SUGGESTED_IDLE_TIMEOUT_MS)})` };
  const suggestion = (edits: TextEdit[] | undefined): IdleTimeoutFinding['suggestion'] =>
    edits && { messageId: 'setIdleTimeout', data: { parameter: parameter.name, suggested: base.suggested }, edits };
  const parameters = cluster.parameters;
  if (parameters === undefined) return undefined;
  if (parameters.kind === 'default') {
    const edits = parameters.inline
      ? appendPropertiesEdits(file.sourceText, parameters.props.object, [`parameters: { ${property} }`])
      : undefined;
    const setting = `it runs with the default parameter group (${parameter.defaultText})`;
    return {
      messageId: 'idleTimeoutOff',
      data: { ...base, setting, value: '' },
      ...rangeOf(cluster.minCapacity),
      suggestion: suggestion(edits),
    };
  }
  const { options, entry } = parameters;
  const set = options.entries.get(parameter.name);
  if (set === undefined) {
    if (options.hasUnknownEntries || options.maybeEntries.has(parameter.name)) return undefined;
    const written = entry.property !== undefined && skipTypeWrappers(entry.value) === options.object;
    const edits = written ? appendPropertiesEdits(file.sourceText, options.object, [property]) : undefined;
    const setting = `its parameters do not set \`${parameter.name}\` (${parameter.defaultText})`;
    const at = entry.property?.key ?? cluster.minCapacity;
    return { messageId: 'idleTimeoutOff', data: { ...base, setting, value: '' }, ...rangeOf(at), suggestion: suggestion(edits) };
  }
  const raw = staticValue(file, set.value);
  if ((typeof raw !== 'string' && typeof raw !== 'number') || !/^\d+$/.test(String(raw))) return undefined;
  const valueMs = Number(raw) * parameter.unitMs;
  const replacement = typeof raw === 'number' ? suggestedValue : stringLiteralText(suggestedValue, quote);
  const edits = set.property !== undefined ? [{ start: set.value.range[0], end: set.value.range[1], text: replacement }] : undefined;
  if (valueMs === 0) {
    const setting = `\`${parameter.name}\` is 0, which never closes an idle session`;
    return { messageId: 'idleTimeoutOff', data: { ...base, setting, value: '0' }, ...rangeOf(set.value), suggestion: suggestion(edits) };
  }
  if (cluster.pauseMs === undefined || valueMs <= cluster.pauseMs) return undefined;
  return {
    messageId: 'idleTimeoutTooLong',
    data: { ...base, setting: '', value: secondsText(valueMs) },
    ...rangeOf(set.value),
    suggestion: suggestion(edits),
  };
}

function rangeOf(node: TSESTree.Node): { start: number; end: number } {
  return { start: node.range[0], end: node.range[1] };
}

/** The findings of `require-idle-session-timeout` in one file. */
export function idleSessionTimeoutFindings(file: ParsedFile): IdleTimeoutFinding[] {
  ensureParentPointers(file.program);
  const findings: IdleTimeoutFinding[] = [];
  visitNodes(file.program, (node) => {
    if (node.type !== 'NewExpression') return;
    const found = constructClassOf(file.scopeManager, node.callee);
    if (found?.module !== 'aws-rds') return;
    const props = objectArgument(file.scopeManager, node.arguments[2]);
    if (props === undefined) return;
    const inline = node.arguments[2] !== undefined && skipTypeWrappers(node.arguments[2]) === props.object;
    let cluster: PausingCluster | undefined;
    if (found.name === 'DatabaseCluster' || found.name === 'DatabaseClusterFromSnapshot') cluster = cdkCluster(file, props, inline);
    else if (found.name === 'CfnDBCluster') cluster = cfnCluster(file, props);
    const finding = cluster && findingFor(file, cluster);
    if (finding !== undefined) findings.push(finding);
  });
  return findings;
}
