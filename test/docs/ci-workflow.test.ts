import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLEAN_HANDLER, HANDLER_WITH_FINDINGS, readmeEslintConfig } from '../hooks/recipe.js';
import { createUserProject, runShell, cleanEnv, type UserProject } from '../package/user-project.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';
import { documentCommands, fileBlock, readDoc } from './markdown.js';

/**
 * docs/ci.md's GitHub Actions workflow, run locally the way the runner would: each `run:` step
 * in order with `bash -e`, `continue-on-error`, the `if:` conditions it uses and the job's
 * outcome. `uses:` steps stand for what the runner provides: the checkout is the project,
 * Node.js is this one, and the SARIF upload is checked by reading the file it would upload
 * (valid SARIF 2.1.0, by the official schema). The ESLint SARIF recipe is run too, and its
 * `overrides` resolved by a real npm against the registry.
 * `npm ci` is the one `run:` step not run: the project's node_modules link the packages the
 * doc's install command names (test/package/user-project.ts).
 */

const DOC = 'docs/ci.md';
const doc = readDoc(DOC);
const WORKFLOW_TITLE = '.github/workflows/prisma-aurora-fix.yml';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}

interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; permissions?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(fileBlock(doc, WORKFLOW_TITLE).code) as Workflow;
const [jobName, job] = Object.entries(workflow.jobs)[0]!;

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version?: string; rules?: Array<{ id: string; helpUri?: string }> } };
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      properties?: { fixable?: boolean };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }>;
    }>;
  }>;
}

interface JobRun {
  succeeded: boolean;
  outcomes: Record<string, 'success' | 'failure' | 'skipped'>;
  uploaded: SarifLog[];
  log: string;
}

/** The GitHub expressions this workflow uses, and nothing else (a new one must be added here). */
function evaluateCondition(condition: string, outcomes: JobRun['outcomes']): boolean {
  return condition.split('||').some((part) => {
    const outcome = /^\s*steps\.([\w-]+)\.outcome\s*==\s*'(success|failure|skipped)'\s*$/.exec(part);
    if (outcome) return outcomes[outcome[1]!] === outcome[2];
    throw new Error(`${DOC}: the test does not know how to evaluate \`if: ${condition}\``);
  });
}

async function runJob(project: UserProject): Promise<JobRun> {
  const run: JobRun = { succeeded: true, outcomes: {}, uploaded: [], log: '' };
  for (const [index, step] of job.steps.entries()) {
    const key = step.id ?? `#${index}`;
    // Without a status function in `if:`, GitHub runs a step only while the job is succeeding.
    const shouldRun = run.succeeded && (step.if === undefined || evaluateCondition(step.if, run.outcomes));
    if (!shouldRun) {
      run.outcomes[key] = 'skipped';
      continue;
    }
    let ok: boolean;
    if (step.uses?.startsWith('actions/checkout@')) {
      ok = existsSync(join(project.dir, 'package.json'));
    } else if (step.uses?.startsWith('actions/setup-node@')) {
      ok = Number(String(step.with?.['node-version']).split('.')[0]) >= 20;
    } else if (step.uses?.startsWith('github/codeql-action/upload-sarif@')) {
      const file = join(project.dir, String(step.with?.sarif_file));
      ok = existsSync(file);
      if (ok) {
        const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
        expect(sarifSchemaErrors(log), `${file} is valid SARIF 2.1.0`).toEqual([]);
        run.uploaded.push(log);
      }
    } else if (step.run === 'npm ci') {
      ok = existsSync(join(project.dir, 'node_modules/prisma-aurora-fix/package.json'));
    } else if (step.run !== undefined) {
      const result = await runShell(`bash -e -c ${JSON.stringify(step.run)}`, project.dir, cleanEnv({ CI: 'true' }));
      run.log += `$ ${step.run}\n${result.output}\n`;
      ok = result.code === 0;
    } else {
      throw new Error(`${DOC}: the test does not know the step ${JSON.stringify(step)}`);
    }
    run.outcomes[key] = ok ? 'success' : 'failure';
    if (!ok && step['continue-on-error'] !== true) run.succeeded = false;
  }
  return run;
}

const SARIF_FORMATTER = '@microsoft/eslint-formatter-sarif';
const projects: UserProject[] = [];

async function projectWith(files: Record<string, string>, devDependencies = ['eslint']): Promise<UserProject> {
  const project = await createUserProject({
    devDependencies,
    files: { 'eslint.config.js': readmeEslintConfig(), ...files },
  });
  projects.push(project);
  return project;
}

/** The README's config plus one core rule, for findings the codemod has nothing to do with. */
const configWithDebuggerRule = (): string =>
  readmeEslintConfig().replace(
    /export default \[(.*)\];/s,
    (_, entries: string) => `export default [${entries}, { rules: { 'no-debugger': 'error' } }];`,
  );

let broken: JobRun;
let lintOnly: JobRun;
let clean: JobRun;
let eslintRecipe: UserProject;

beforeAll(async () => {
  eslintRecipe = await projectWith({ 'src/notes.ts': HANDLER_WITH_FINDINGS }, ['eslint', SARIF_FORMATTER]);
  [broken, lintOnly, clean] = await Promise.all([
    projectWith({ 'src/notes.ts': HANDLER_WITH_FINDINGS, 'src/health.ts': CLEAN_HANDLER }).then(runJob),
    projectWith({ 'eslint.config.js': configWithDebuggerRule(), 'src/debug.ts': 'export function f(): void {\n  debugger;\n}\n' }).then(
      runJob,
    ),
    projectWith({ 'src/health.ts': CLEAN_HANDLER }).then(runJob),
  ]);
}, 240_000);

afterAll(() => {
  for (const project of projects) project.remove();
});

describe('docs/ci.md', () => {
  it('installs what the workflow runs, and the ESLint formatter only for its recipe', () => {
    const installs = documentCommands(doc).filter(({ command }) => command.startsWith('npm install'));
    expect(installs.map(({ command }) => command)).toEqual([
      'npm install --save-dev prisma-aurora-fix eslint',
      `npm install --save-dev ${SARIF_FORMATTER}`,
    ]);
  });

  it('gives the job what uploading SARIF needs, and runs --check as SARIF and ESLint', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const codemod = job.steps.find((step) => step.id === 'codemod');
    const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(codemod?.run).toBe(`npx --no -- prisma-aurora-fix --check --format sarif > ${String(upload?.with?.sarif_file)}`);
    expect(codemod?.['continue-on-error']).toBe(true);
    expect(job.steps.find((step) => step.id === 'eslint')?.run).toBe('npx --no -- eslint .');
    expect(jobName).toBe('lint');
  });

  it('fails on a project with findings, after uploading them as SARIF with file, line, rule and whether the CLI fixes them', () => {
    expect(broken.succeeded, broken.log).toBe(false);
    expect(broken.outcomes.codemod).toBe('failure');
    expect(broken.outcomes.eslint).toBe('failure');
    expect(broken.uploaded).toHaveLength(1);
    const [sarif] = broken.uploaded;
    expect(sarif!.version).toBe('2.1.0');
    const [sarifRun] = sarif!.runs;
    expect(sarifRun!.tool.driver.name).toBe('prisma-aurora-fix');
    const retry = sarifRun!.results.find((result) => result.ruleId === 'prisma-aurora-fix/require-retry-extension');
    expect(retry, JSON.stringify(sarifRun!.results, null, 2)).toBeDefined();
    expect(retry!.level).toBe('warning');
    expect(retry!.properties?.fixable).toBe(true);
    expect(retry!.message.text).toContain('Fixed by `npx prisma-aurora-fix`');
    expect(retry!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('src/notes.ts');
    expect(retry!.locations[0]!.physicalLocation.region.startLine).toBe(4);
    expect(sarifRun!.results.every((result) => !result.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('health.ts'))).toBe(
      true,
    );
    // Code scanning links each alert to the rule's page.
    const rule = sarifRun!.tool.driver.rules?.find((entry) => entry.id === 'prisma-aurora-fix/require-retry-extension');
    expect(rule?.helpUri).toMatch(/\/docs\/rules\/require-retry-extension\.md$/);
    // The human summary went to the step's log; the last step failed the job.
    expect(broken.log).toMatch(/src\/notes\.ts[\s\S]*Apply it with: npx prisma-aurora-fix/);
    expect(Object.values(broken.outcomes).at(-1)).toBe('failure');
  });

  it('fails in its last step on ESLint findings the codemod has nothing to do with', () => {
    expect(lintOnly.outcomes.codemod, lintOnly.log).toBe('success');
    expect(lintOnly.outcomes.eslint).toBe('failure');
    expect(Object.values(lintOnly.outcomes).at(-1)).toBe('failure');
    expect(lintOnly.succeeded).toBe(false);
    expect(lintOnly.uploaded[0]!.runs[0]!.results).toEqual([]);
  });

  it('passes on a clean project, uploading an empty report', () => {
    expect(clean.succeeded, clean.log).toBe(true);
    expect(Object.values(clean.outcomes).at(-1)).toBe('skipped');
    expect(clean.uploaded).toHaveLength(1);
    expect(clean.uploaded[0]!.runs[0]!.results).toEqual([]);
  });
});

describe("docs/ci.md's ESLint SARIF recipe", () => {
  const recipe = parse(fileBlock(doc, 'ESLint as a SARIF report').code) as Step[];
  const overrides = (JSON.parse(fileBlock(doc, 'package.json (excerpt)').code) as { overrides: Record<string, unknown> }).overrides;

  it("writes valid SARIF 2.1.0 with the project's own ESLint, the plugin's findings included", async () => {
    const step = recipe.find((entry) => entry.run?.includes(`--format ${SARIF_FORMATTER}`));
    const upload = recipe.find((entry) => entry.uses?.startsWith('github/codeql-action/upload-sarif@'));
    const result = await runShell(`bash -e -c ${JSON.stringify(step!.run!)}`, eslintRecipe.dir, cleanEnv({ CI: 'true' }));
    expect(result.code, result.output).toBe(1); // the findings
    const log = JSON.parse(readFileSync(join(eslintRecipe.dir, String(upload!.with!.sarif_file)), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const projectEslint = JSON.parse(readFileSync(join(eslintRecipe.dir, 'node_modules/eslint/package.json'), 'utf8')) as {
      version: string;
    };
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'ESLint', version: projectEslint.version });
    expect(log.runs[0]!.results.map((entry) => entry.ruleId)).toContain('prisma-aurora-fix/require-retry-extension');
  });

  it('its overrides leave one ESLint in the lockfile; without them npm adds ESLint 8 (a real npm against the registry)', async () => {
    const eslintVersion = (JSON.parse(readFileSync(join(process.cwd(), 'node_modules/eslint/package.json'), 'utf8')) as { version: string })
      .version;
    const formatterVersion = (
      JSON.parse(readFileSync(join(process.cwd(), `node_modules/${SARIF_FORMATTER}/package.json`), 'utf8')) as { version: string }
    ).version;
    const eslintCopies = async (withOverrides: boolean): Promise<string[]> => {
      const dir = mkdtempSync(join(tmpdir(), 'paf-sarif-overrides-'));
      try {
        const manifest = {
          name: 'user-project',
          private: true,
          devDependencies: { eslint: eslintVersion, [SARIF_FORMATTER]: formatterVersion },
          ...(withOverrides ? { overrides } : {}),
        };
        writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        const result = await runShell('npm install --package-lock-only --ignore-scripts --no-audit --no-fund', dir, cleanEnv({}));
        expect(result.code, result.output).toBe(0);
        const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
        return Object.entries(lock.packages)
          .filter(([path]) => /(^|\/)node_modules\/eslint$/.test(path))
          .map(([path, entry]) => `${path}@${entry.version}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(await eslintCopies(true)).toEqual([`node_modules/eslint@${eslintVersion}`]);
    expect((await eslintCopies(false)).some((copy) => /@8\./.test(copy))).toBe(true);
  }, 240_000);
});
