import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLEAN_HANDLER, HANDLER_WITH_FINDINGS, readmeEslintConfig } from '../hooks/recipe.js';
import { createUserProject, runShell, cleanEnv, type UserProject } from '../package/user-project.js';
import { documentCommands, fileBlock, readDoc } from './markdown.js';

/**
 * docs/ci.md's GitHub Actions workflow, run locally the way the runner would: each `run:` step
 * in order with `bash -e`, `continue-on-error`, the `if:` conditions it uses and the job's
 * outcome. `uses:` steps stand for what the runner provides: the checkout is the project,
 * Node.js is this one, and the SARIF upload is checked by reading the file it would upload.
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
    tool: { driver: { name: string; rules?: Array<{ id: string; helpUri?: string }> } };
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
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
  const outcome = /^\s*steps\.([\w-]+)\.outcome\s*==\s*'(success|failure|skipped)'\s*$/.exec(condition);
  if (outcome) return outcomes[outcome[1]!] === outcome[2];
  throw new Error(`${DOC}: the test does not know how to evaluate \`if: ${condition}\``);
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
      if (ok) run.uploaded.push(JSON.parse(readFileSync(file, 'utf8')) as SarifLog);
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

async function projectWith(files: Record<string, string>): Promise<UserProject> {
  const project = await createUserProject({
    devDependencies: ['eslint', SARIF_FORMATTER],
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

beforeAll(async () => {
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
  it('installs what the workflow runs', () => {
    const installs = documentCommands(doc).filter(({ command }) => command.startsWith('npm install'));
    expect(installs.map(({ command }) => command)).toEqual([`npm install --save-dev prisma-aurora-fix eslint ${SARIF_FORMATTER}`]);
  });

  it('gives the job what uploading SARIF needs and runs ESLint and --check', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const eslint = job.steps.find((step) => step.run?.startsWith('npx --no -- eslint '));
    const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(eslint?.run).toContain(`--format ${SARIF_FORMATTER}`);
    expect(eslint?.['continue-on-error']).toBe(true);
    expect(eslint?.run).toContain(`--output-file ${String(upload?.with?.sarif_file)}`);
    expect(job.steps.map((step) => step.run)).toContain('npx --no -- prisma-aurora-fix --check');
    expect(jobName).toBe('lint');
  });

  it('fails on a project with findings, after uploading them as SARIF with file, line and rule', () => {
    expect(broken.succeeded, broken.log).toBe(false);
    expect(broken.outcomes.eslint).toBe('failure');
    expect(broken.uploaded).toHaveLength(1);
    const [sarif] = broken.uploaded;
    expect(sarif!.version).toBe('2.1.0');
    const [sarifRun] = sarif!.runs;
    expect(sarifRun!.tool.driver.name).toBe('ESLint');
    const retry = sarifRun!.results.find((result) => result.ruleId === 'prisma-aurora-fix/require-retry-extension');
    expect(retry, JSON.stringify(sarifRun!.results, null, 2)).toBeDefined();
    expect(retry!.level).toBe('error');
    expect(retry!.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/\/src\/notes\.ts$/);
    expect(retry!.locations[0]!.physicalLocation.region.startLine).toBe(4);
    expect(sarifRun!.results.every((result) => !result.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('health.ts'))).toBe(
      true,
    );
    // Code scanning links each alert to the rule's page.
    const rule = sarifRun!.tool.driver.rules?.find((entry) => entry.id === 'prisma-aurora-fix/require-retry-extension');
    expect(rule?.helpUri).toMatch(/\/docs\/rules\/require-retry-extension\.md$/);
    // The codemod check failed the job too, so the last step never ran.
    expect(Object.values(broken.outcomes)).toContain('failure');
    expect(broken.log).toMatch(/npx --no -- prisma-aurora-fix\b.*\n[\s\S]*src\/notes\.ts/);
    expect(Object.values(broken.outcomes).at(-1)).toBe('skipped');
  });

  it('fails in its last step on ESLint findings the codemod has nothing to do with', () => {
    expect(lintOnly.outcomes.eslint).toBe('failure');
    const outcomes = Object.values(lintOnly.outcomes);
    expect(outcomes.at(-2), lintOnly.log).toBe('success'); // prisma-aurora-fix --check
    expect(outcomes.at(-1)).toBe('failure');
    expect(lintOnly.succeeded).toBe(false);
    expect(lintOnly.uploaded[0]!.runs[0]!.results.map((result) => result.ruleId)).toEqual(['no-debugger']);
  });

  it('passes on a clean project, uploading an empty report', () => {
    expect(clean.succeeded, clean.log).toBe(true);
    expect(Object.values(clean.outcomes).at(-1)).toBe('skipped');
    expect(clean.uploaded).toHaveLength(1);
    expect(clean.uploaded[0]!.runs[0]!.results).toEqual([]);
  });
});
