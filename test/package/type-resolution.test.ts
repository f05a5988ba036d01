import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserProject, type UserProject } from './user-project.js';

/**
 * `prisma-aurora-fix/runtime` type-checks in a user's project whatever its module
 * resolution, and never through the runtime's TypeScript sources: under
 * `moduleResolution: "node"` (which ignores `exports`), a shipped `runtime/*.ts` was found
 * first and type-checked under the project's own `lib` (seen on a real project: errors in our
 * code). `typesVersions` points that resolution at the declarations; `require` under node16
 * gets the CommonJS declarations (index.d.cts).
 */

const USE = `
const retried = withRetry(async () => 1, { maxRetries: 2 });
const extension = auroraRetry({ maxRetries: 3 });
export { retried, extension };
`;

const projects: UserProject[] = [];
afterAll(() => projects.forEach((project) => project.remove()));

async function project(files: Record<string, string>): Promise<UserProject> {
  const created = await createUserProject({ devDependencies: ['typescript', '@types/node'], files });
  projects.push(created);
  return created;
}

async function typeCheck(user: UserProject): Promise<{ code: number; output: string; resolvedTo: string | undefined }> {
  const result = await user.sh('node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit --traceResolution');
  const resolved = /Module name 'prisma-aurora-fix\/runtime' was successfully resolved to '([^']+)'/.exec(result.stdout)?.[1];
  const errors = result.stdout
    .split('\n')
    .filter((line) => /error TS\d+/.test(line))
    .join('\n');
  return { code: result.code, output: errors, resolvedTo: resolved };
}

const tsconfig = (compilerOptions: Record<string, unknown>, include: string[]) =>
  JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: ['node'], ...compilerOptions }, include });

describe('types of the runtime in a user project', { timeout: 120_000 }, () => {
  let node10: UserProject;
  let node16: UserProject;
  beforeAll(async () => {
    node10 = await project({
      'package.json': JSON.stringify({ name: 'legacy', private: true }),
      'tsconfig.json': tsconfig(
        { module: 'commonjs', moduleResolution: 'node', target: 'es2019', lib: ['es2019'], ignoreDeprecations: '6.0' },
        ['src'],
      ),
      'src/db.ts': `import { auroraRetry, withRetry } from 'prisma-aurora-fix/runtime';\n${USE}`,
    });
    node16 = await project({
      'package.json': JSON.stringify({ name: 'cjs', private: true, type: 'commonjs' }),
      'tsconfig.json': tsconfig({ module: 'node16', moduleResolution: 'node16', target: 'es2022' }, ['src']),
      'src/db.ts': `import runtime = require('prisma-aurora-fix/runtime');\nconst { auroraRetry, withRetry } = runtime;\n${USE}`,
    });
  });

  it('moduleResolution "node" with an old lib: the declarations, not the sources', async () => {
    const result = await typeCheck(node10);
    expect(result.resolvedTo).toMatch(/node_modules\/prisma-aurora-fix\/dist\/runtime\/index\.d\.ts$/);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('node16 CommonJS: require resolves to the CommonJS declarations', async () => {
    const result = await typeCheck(node16);
    expect(result.resolvedTo).toMatch(/node_modules\/prisma-aurora-fix\/dist\/runtime\/index\.d\.cts$/);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
