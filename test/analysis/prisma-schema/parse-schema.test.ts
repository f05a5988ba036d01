import { describe, expect, it } from 'vitest';
import { parseSchema, PrismaSchemaSourceCode, SchemaSyntaxError } from '../../../analysis/prisma-schema/index.js';

describe('parseSchema', () => {
  it('reads generator and datasource settings with exact ranges and ESTree positions', () => {
    const text =
      'generator client {\n  provider      = "prisma-client-js"\n  binaryTargets = ["native", "rhel-openssl-3.0.x"] // laptop, Lambda\n}\n';
    const schema = parseSchema(text);
    const [generator] = schema.body;
    expect(generator).toMatchObject({ type: 'Generator', name: { type: 'Name', name: 'client' } });
    if (generator?.type !== 'Generator') throw new Error('not a generator');
    const targets = generator.assignments[1]!;
    expect(targets.key.name).toBe('binaryTargets');
    expect(targets.value.type).toBe('ArrayValue');
    expect(text.slice(...targets.value.range)).toBe('["native", "rhel-openssl-3.0.x"]');
    expect(targets.value.loc).toEqual({ start: { line: 3, column: 18 }, end: { line: 3, column: 50 } });
    expect(schema.comments).toEqual([expect.objectContaining({ type: 'Line', value: ' laptop, Lambda' })]);
  });

  it('reads function calls with named arguments, multi-line arrays, strings with escapes, CRLF', () => {
    const text =
      'datasource db {\r\n  provider   = "postgresql"\r\n  url        = env("DATABASE_URL")\r\n  extensions = [\r\n    uuid_ossp(map: "uuid-ossp"),\r\n    pg_trgm\r\n  ]\r\n}\r\n\r\ngenerator c {\r\n  output = "a\\"b"\r\n}\r\n';
    const schema = parseSchema(text);
    expect(schema.body.map((block) => block.type)).toEqual(['Datasource', 'Generator']);
    const datasource = schema.body[0]!;
    if (datasource.type !== 'Datasource') throw new Error('not a datasource');
    expect(datasource.assignments.map((assignment) => assignment.value.type)).toEqual(['StringValue', 'FunctionValue', 'ArrayValue']);
    const generator = schema.body[1]!;
    if (generator.type !== 'Generator') throw new Error('not a generator');
    expect(generator.assignments[0]!.value).toMatchObject({ type: 'StringValue', value: 'a"b' });
  });

  it('keeps each line of a model, view, type and enum as a member, nested brackets included', () => {
    const text = `model User {
  id    Int    @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  tags  String[]
  posts Post[] @relation(fields: [id], references: [id])

  @@index([id(sort: Desc)])
  @@map("users")
}

enum Role {
  USER
  ADMIN @map("admin")
}

type Address {
  street String?
}

view Active {
  id Int @unique
}
`;
    const schema = parseSchema(text);
    expect(schema.body.map((block) => [block.type, block.name.name])).toEqual([
      ['Model', 'User'],
      ['Enum', 'Role'],
      ['CompositeType', 'Address'],
      ['View', 'Active'],
    ]);
    const model = schema.body[0]!;
    if (model.type !== 'Model') throw new Error('not a model');
    expect(model.members.map((member) => member.text)).toEqual([
      'id    Int    @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid',
      'tags  String[]',
      'posts Post[] @relation(fields: [id], references: [id])',
      '@@index([id(sort: Desc)])',
      '@@map("users")',
    ]);
  });

  it.each([
    ['model User {\n  id Int @id\n', "expected '}', found the end of the file", 3, 1],
    ['generator client {\n  provider = \n}\n', "expected a value, found '}'", 3, 1],
    ['generator client {\n  provider = "x" "y"\n}\n', 'expected the end of the line, found \'"y"\'', 2, 18],
    ['datasource db {\n  url = "postgres://\n}\n', 'unterminated string', 2, 9],
    ['modle User {}\n', "expected a block (generator, datasource, model, view, type, enum), found 'modle'", 1, 1],
  ])('refuses %j with a position', (text, message, line, column) => {
    let error: unknown;
    try {
      parseSchema(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchemaSyntaxError);
    expect(error).toMatchObject({ message: `${message} (${line}:${column})`, line, column });
  });
});

describe('PrismaSchemaSourceCode', () => {
  it('traverses depth first, knows parents, and reads eslint-disable-line/-next-line comments only', () => {
    const text =
      '// eslint-disable prisma-aurora-fix/x\ngenerator client {\n  // eslint-disable-next-line prisma-aurora-fix/x, other -- why\n  provider = "prisma-client-js" // eslint-disable-line\n}\n';
    const sourceCode = new PrismaSchemaSourceCode({ text, ast: parseSchema(text) });
    const entered = [...sourceCode.traverse()].filter((step) => step.phase === 1).map((step) => step.target.type);
    expect(entered).toEqual(['PrismaSchema', 'Generator', 'Name', 'Assignment', 'Name', 'StringValue']);
    const generator = sourceCode.ast.body[0]!;
    expect(sourceCode.getParent(generator)).toBe(sourceCode.ast);
    expect(sourceCode.getLocFromIndex(text.indexOf('provider'))).toEqual({ line: 4, column: 2 });
    expect(sourceCode.getIndexFromLoc({ line: 4, column: 2 })).toBe(text.indexOf('provider'));
    expect(sourceCode.getDisableDirectives().directives.map(({ type, value, justification }) => ({ type, value, justification }))).toEqual([
      { type: 'disable-next-line', value: 'prisma-aurora-fix/x, other', justification: 'why' },
      { type: 'disable-line', value: '', justification: '' },
    ]);
  });
});
