/**
 * The syntax tree of a Prisma schema file, in ESLint's shape: every node has a `type`, a
 * `range` (UTF-16 offsets, end exclusive) and a `loc` (1-based lines, 0-based columns, as
 * ESTree counts them, so a rule reports the same positions to ESLint and to the CLI).
 *
 * Only what a check reads is modelled in detail: the `generator` and `datasource` blocks'
 * `key = value` assignments with their values. A model, enum, view or composite type keeps
 * its name and one `Member` per line (a field, an enum value, a `@@` attribute), unparsed.
 */

export interface Position {
  line: number;
  column: number;
}

export interface SourceLocation {
  start: Position;
  end: Position;
}

interface NodeBase {
  range: [number, number];
  loc: SourceLocation;
}

export interface Name extends NodeBase {
  type: 'Name';
  name: string;
}

export interface StringValue extends NodeBase {
  type: 'StringValue';
  /** The string's value, escapes resolved. */
  value: string;
}

/** A number, `true`/`false`, or a bare name used as a value (`relationMode = prisma`). */
export interface BareValue extends NodeBase {
  type: 'BareValue';
  raw: string;
}

export interface ArrayValue extends NodeBase {
  type: 'ArrayValue';
  elements: Value[];
}

/** `env("DATABASE_URL")`. */
export interface FunctionValue extends NodeBase {
  type: 'FunctionValue';
  callee: Name;
  arguments: Value[];
}

export type Value = StringValue | BareValue | ArrayValue | FunctionValue;

/** `provider = "prisma-client-js"` inside a `generator` or `datasource` block. */
export interface Assignment extends NodeBase {
  type: 'Assignment';
  key: Name;
  value: Value;
}

/** A `generator` or `datasource` block: its settings. */
export interface ConfigBlock extends NodeBase {
  type: 'Generator' | 'Datasource';
  name: Name;
  assignments: Assignment[];
}

/** One line of a model, view, composite type or enum (a field, a value, a `@@` attribute), unparsed. */
export interface Member extends NodeBase {
  type: 'Member';
  text: string;
}

export interface DeclarationBlock extends NodeBase {
  type: 'Model' | 'View' | 'CompositeType' | 'Enum';
  name: Name;
  members: Member[];
}

/** A `//` or `///` comment, shaped as ESTree's (its `value` is the text after `//`). */
export interface Comment extends NodeBase {
  type: 'Line';
  value: string;
}

export type Block = ConfigBlock | DeclarationBlock;

export interface PrismaSchema extends NodeBase {
  type: 'PrismaSchema';
  body: Block[];
  comments: Comment[];
}

export type SchemaNode = PrismaSchema | Block | Assignment | Member | Name | Value;

/** The child keys of every node type, for ESLint's traversal and selectors. */
export const SCHEMA_VISITOR_KEYS: Readonly<Record<SchemaNode['type'], readonly string[]>> = {
  PrismaSchema: ['body'],
  Generator: ['name', 'assignments'],
  Datasource: ['name', 'assignments'],
  Model: ['name', 'members'],
  View: ['name', 'members'],
  CompositeType: ['name', 'members'],
  Enum: ['name', 'members'],
  Assignment: ['key', 'value'],
  Member: [],
  Name: [],
  StringValue: [],
  BareValue: [],
  ArrayValue: ['elements'],
  FunctionValue: ['callee', 'arguments'],
};
