import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import removeUrlLogging from '../../codemods/remove-url-logging.js';
import { DEFAULT_RUNTIME_IMPORT, runTransform } from '../../codemods/lib/transform.js';
import { parseModule } from '../../analysis/ast/parse-module.js';
import { findSecretLogs } from '../../analysis/secret-logging/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/remove-url-logging');
const options = { runtimeImport: DEFAULT_RUNTIME_IMPORT };

async function transform(source: string, path = 'src/handler.ts'): Promise<string> {
  return (await runTransform(removeUrlLogging, { path, source }, options)) ?? source;
}

describe('remove-url-logging', () => {
  it.each(readdirSync(FIXTURES).filter((file) => file.includes('.output.')))('leaves no finding of the rule in %s', (file) => {
    const path = join(FIXTURES, file);
    const text = readFileSync(path, 'utf8');
    expect(findSecretLogs(parseModule(text, path))).toEqual([]);
  });

  it('skips files that cannot hold a source without parsing them', async () => {
    // Invalid syntax proves the parser never ran.
    expect(await runTransform(removeUrlLogging, { path: 'a.ts', source: 'console.log(url; {' }, options)).toBeUndefined();
  });

  it('throws the parser error for a file it cannot parse', async () => {
    await expect(
      runTransform(removeUrlLogging, { path: 'a.ts', source: 'console.log(process.env.DATABASE_URL' }, options),
    ).rejects.toThrow();
  });

  it('keeps CRLF line endings and removes whole CRLF lines', async () => {
    const source = "import x from 'x';\r\n\r\nconsole.log(process.env.DATABASE_URL);\r\n\r\nexport default x;\r\n";
    expect(await transform(source)).toBe("import x from 'x';\r\n\r\nexport default x;\r\n");
  });

  it('removes a file that is only the log line down to nothing, and a last line without a newline', async () => {
    expect(await transform('console.log(process.env.DATABASE_URL)')).toBe('');
    expect(await transform('run();\nconsole.log(process.env.DATABASE_URL)')).toBe('run();\n');
  });

  it('merges adjacent removals so blank lines do not double up', async () => {
    const source = `setup();

console.log(process.env.DATABASE_URL);
console.log(process.env);

run();
`;
    expect(await transform(source)).toBe('setup();\n\nrun();\n');
  });

  it('keeps a comment above that documents the code below, drops directives and log comments', async () => {
    const source = `// Section: database
// Connection settings come from the stack.
// eslint-disable-next-line no-console
console.log(process.env.DATABASE_URL);
export const url = process.env.DATABASE_URL;

// Printed for debugging

console.log(process.env.DIRECT_URL);
export const direct = process.env.DIRECT_URL;
`;
    expect(await transform(source)).toBe(`// Section: database
// Connection settings come from the stack.
export const url = process.env.DATABASE_URL;

// Printed for debugging

export const direct = process.env.DIRECT_URL;
`);
  });

  it('keeps the code sharing a line with the log', async () => {
    expect(await transform('init(); console.log(process.env.DATABASE_URL); start();\n')).toBe('init(); start();\n');
    expect(await transform('init(); console.log(process.env.DATABASE_URL); // why\n')).toBe('init(); // why\n');
    // Two statements cut from one line share the space between them.
    expect(await transform('const p = process; console.log(p.env.DATABASE_URL); run(p)\n')).toBe('const p = process; run(p)\n');
    expect(await transform('const p = process; console.log(p.env.DATABASE_URL);\n')).toBe('');
  });

  it('removes a loop whose only job was to print the environment', async () => {
    const source = `for (const value of Object.values(process.env)) console.log(value);
Object.entries(process.env).map(([key, value]) => \`\${key}=\${value}\`).forEach((line) => console.log(line));
for (const key in process.env) {
  console.log(key, process.env[key]);
}
ready();
`;
    expect(await transform(source)).toBe('ready();\n');
  });

  it('writes the placeholder in the quotes of the log call', async () => {
    const source = `import a from 'a';
console.log("connecting", process.env.DATABASE_URL, a);
console.log('connecting', process.env.DATABASE_URL, a);
console.log(\`connecting\`, process.env.DATABASE_URL, a);
`;
    expect(await transform(source)).toBe(`import a from 'a';
console.log("connecting", "[redacted]", a);
console.log('connecting', '[redacted]', a);
console.log(\`connecting\`, '[redacted]', a);
`);
  });

  it('drops a spread of the environment that is the only property, and keeps the message', async () => {
    expect(await transform("logger.info({ ...process.env }, 'startup for ' + stage)\n")).toBe("logger.info({}, 'startup for ' + stage)\n");
  });

  it('keeps a declaration that is still used, exported, or has side effects', async () => {
    const source = `const url = process.env.DATABASE_URL;
const parsed = new URL(process.env.DATABASE_URL!);
export const shared = process.env.DIRECT_URL;
console.log(url);
console.log(parsed);
console.log(shared);
connect(url);
`;
    // `new URL()` throws on a malformed URL: removing it would change behaviour.
    expect(await transform(source)).toBe(`const url = process.env.DATABASE_URL;
const parsed = new URL(process.env.DATABASE_URL!);
export const shared = process.env.DIRECT_URL;
connect(url);
`);
  });

  it('redacts the password of a URL built in a template, keeping the rest', async () => {
    const source = 'const host = "db"; console.log(`using postgres://app:${secret}@${host}/app`, region)\n';
    expect(await transform(source)).toBe('const host = "db"; console.log(`using postgres://app:[redacted]@${host}/app`, region)\n');
  });

  it('parses .tsx and .js with the same detection', async () => {
    expect(await transform('export const A = () => <b onClick={() => console.log(process.env.DATABASE_URL)} />;\n', 'a.tsx')).toBe(
      'export const A = () => <b onClick={() => {}} />;\n',
    );
    // A `require()` is a call: the declaration stays even when the log was its only reader.
    expect(await transform("const { env } = require('process');\nconsole.log(env.DATABASE_URL);\n", 'a.cjs')).toBe(
      "const { env } = require('process');\n",
    );
  });

  it('leaves a secret on a child-process command line and says why (the move into `env` is a hand fix)', async () => {
    const source = "import { execSync } from 'node:child_process';\nexecSync(`psql ${process.env.DATABASE_URL} -c 'select 1'`);\n";
    const skipped: string[] = [];
    const output = await runTransform(
      removeUrlLogging,
      { path: 'src/reset.ts', source },
      { runtimeImport: DEFAULT_RUNTIME_IMPORT, onSkip: ({ ruleId, reason }) => skipped.push(`${ruleId}: ${reason}`) },
    );
    expect(output).toBeUndefined();
    expect(skipped).toEqual([
      "no-database-url-logging: `DATABASE_URL` is on the `execSync` command line; moving it into the child's `env` means changing the call's options, which this transform does not write",
    ]);
  });
});
