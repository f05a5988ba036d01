#!/usr/bin/env node
// The real-repository smoke harness: runs this package's ESLint plugin (configs.recommended
// alone) and its CLI (--dry --json, then a real run in a throwaway clone and a second --check
// there) over local checkouts of real projects, with `tsc` before and after where the
// project's dependencies are installed (--install), and writes one Markdown report per
// checkout, so a person can read every finding and every diff.
// Usage: see scripts/smoke/README.md. Needs `npm run build` first (it runs dist/).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/cli/bin.js');

// Build output, dependencies and generated Prisma clients: not the project's own code.
const IGNORES = [
  '**/node_modules/',
  '**/dist/',
  '**/build/',
  '**/.next/',
  '**/cdk.out/',
  '**/.open-next/',
  '**/.sst/',
  '**/.serverless/',
  '**/.aws-sam/',
  '**/coverage/',
  '**/.prisma/',
  '**/generated/prisma/',
  '**/prisma/generated/',
  '**/*.min.js',
];

function parseArguments(argv) {
  const repos = [];
  const reposFiles = [];
  let out;
  let install = false;
  let checkouts = join(tmpdir(), 'smoke-repos');
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--repos-file') reposFiles.push(argv[++i]);
    else if (arg === '--checkouts') checkouts = resolve(argv[++i]);
    else if (arg === '--out') out = argv[++i];
    else if (arg === '--install') install = true;
    else if (arg === '-h' || arg === '--help') usage(0);
    else if (arg.startsWith('-')) usage(2, `unknown option ${arg}`);
    else repos.push({ path: resolve(arg), label: basename(resolve(arg)) });
  }
  for (const file of reposFiles) repos.push(...readReposFile(file, checkouts));
  if (repos.length === 0) usage(2, 'no checkouts given');
  return { repos, install, out: resolve(out ?? mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-smoke-'))) };
}

const REPO_AT_COMMIT = /^([\w.-]+)\/([\w.-]+)@([0-9a-f]{7,40})$/;

/**
 * One checkout a line; blank lines and `#` comments are skipped. A line is either
 * `owner/name@commit` (the checkout is `<checkouts>/<name>@<first 7 of commit>`, and must be
 * at that commit) or `<path> [label]` (relative to the file).
 */
function readReposFile(file, checkouts) {
  if (file === undefined || !existsSync(file)) usage(2, `--repos-file: no file ${file}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const pinned = REPO_AT_COMMIT.exec(line);
      if (pinned) {
        const [, owner, name, commit] = pinned;
        return { path: join(checkouts, `${name}@${commit.slice(0, 7)}`), label: `${owner}/${name}@${commit.slice(0, 7)}`, commit };
      }
      const [path, label] = line.split(/\s+/);
      const absolute = resolve(dirname(resolve(file)), path);
      return { path: absolute, label: label ?? basename(absolute) };
    });
}

function usage(code, problem) {
  if (problem) console.error(`smoke: ${problem}`);
  console.error('usage: node scripts/smoke/run.mjs [--out DIR] [--install] [--repos-file FILE [--checkouts DIR]] [checkout...]');
  process.exit(code);
}

async function gitCommit(path) {
  try {
    return (await run('git', ['-C', path, 'rev-parse', 'HEAD'])).stdout.trim();
  } catch {
    return undefined;
  }
}

function newESLint(checkout, plugin, rulesOff = false) {
  const off = rulesOff ? [{ rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [`prisma-aurora-fix/${id}`, 'off'])) }] : [];
  return new ESLint({
    cwd: checkout,
    overrideConfigFile: true,
    overrideConfig: [{ ignores: IGNORES, linterOptions: { reportUnusedDisableDirectives: 'off' } }, ...plugin.configs.recommended, ...off],
    errorOnUnmatchedPattern: false,
  });
}

/** Every ESLint message of the checkout; a crash of the whole run is retried file by file. */
async function lint(checkout, plugin) {
  const eslint = newESLint(checkout, plugin);
  // `other`: messages about the project's own directives (a rule of a plugin not loaded here).
  const result = { findings: [], parseErrors: [], other: [], crashes: [], files: 0 };
  const collect = (results) => {
    for (const file of results) {
      result.files += 1;
      for (const message of file.messages) {
        const entry = {
          file: relative(checkout, file.filePath),
          line: message.line,
          column: message.column,
          ruleId: message.ruleId,
          message: message.message,
        };
        if (message.fatal) result.parseErrors.push(entry);
        else if (message.ruleId?.startsWith('prisma-aurora-fix/')) result.findings.push(entry);
        else result.other.push(entry);
      }
    }
  };
  try {
    collect(await eslint.lintFiles(['.']));
  } catch (error) {
    // Find the files that crash a rule, and lint the others all the same. The same config
    // with every rule off lists the files (it parses them, but runs nothing of ours).
    const files = (await newESLint(checkout, plugin, true).lintFiles(['.'])).map((file) => file.filePath);
    for (const file of files) {
      try {
        collect(await eslint.lintFiles([file]));
      } catch (fileError) {
        result.crashes.push({ file: relative(checkout, file), message: firstLines(fileError) });
      }
    }
    if (result.crashes.length === 0) result.crashes.push({ file: '.', message: firstLines(error) });
  }
  return result;
}

const firstLines = (error) =>
  String(error?.stack ?? error)
    .split('\n')
    .slice(0, 6)
    .join('\n');

/** The CLI's JSON report for the checkout; a crash is an exit we cannot read a report from. */
async function runCli(checkout, mode = ['--dry']) {
  // The ESLint side runs the recommended config alone, so the CLI does too (a checkout's own
  // eslint.config.* would need its plugins installed, which a bare checkout lacks).
  const args = [cli, ...mode, '--json', '--no-eslint-config', '.'];
  let stdout;
  let stderr;
  let code = 0;
  try {
    ({ stdout, stderr } = await run(process.execPath, args, { cwd: checkout, maxBuffer: 256 * 1024 * 1024, timeout: 15 * 60_000 }));
  } catch (error) {
    ({ stdout, stderr } = error);
    code = error.code ?? 'killed';
  }
  try {
    const report = JSON.parse(stdout);
    // A transform that threw is a bug in this package, not in the project: count it as a crash.
    // A run-level error (no `files`) is not a crash: it is in `report.error`.
    const crashes = (report.files ?? []).filter(
      (file) => file.status === 'failed' && /^(transform .* failed|rule .* crashed|after transform)/.test(file.reason ?? ''),
    );
    return { report, code, crashes: crashes.map((file) => ({ file: file.path, message: file.reason })) };
  } catch {
    return { report: undefined, code, crashes: [{ file: '.', message: `exit ${code}, no JSON report\n${String(stderr).slice(0, 2000)}` }] };
  }
}

/** `file code message` of each error `tsc --noEmit -p` prints for every tsconfig of the project, with its own TypeScript. */
async function typeErrors(copy) {
  const tsc = join(copy, 'node_modules/typescript/bin/tsc');
  if (!existsSync(tsc)) return undefined;
  const tsconfigs = (await run('git', ['-C', copy, 'ls-files', '*tsconfig.json'])).stdout.split('\n').filter(Boolean);
  const errors = [];
  for (const tsconfig of tsconfigs) {
    let stdout = '';
    try {
      ({ stdout } = await run(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', tsconfig], {
        cwd: copy,
        maxBuffer: 64 * 1024 * 1024,
        timeout: 10 * 60_000,
      }));
    } catch (error) {
      stdout = error.stdout ?? '';
    }
    for (const match of stdout.matchAll(/^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/gm)) errors.push(`${match[1]} ${match[2]} ${match[3]}`);
  }
  return errors;
}

let packedTarball;
/** `npm install --no-save` of this package (packed once per run) into the clone; what happened, in words. */
async function installThisPackage(copy) {
  try {
    if (packedTarball === undefined) {
      const packDir = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-smoke-pack-'));
      const { stdout } = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], {
        cwd: root,
        maxBuffer: 16 * 1024 * 1024,
      });
      packedTarball = join(packDir, stdout.trim().split('\n').pop());
    }
    const npmInstall = (extra) =>
      run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...extra, packedTarball], {
        cwd: copy,
        timeout: 10 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
    await npmInstall([]).catch(() => npmInstall(['--legacy-peer-deps']));
    return 'prisma-aurora-fix installed after the fix';
  } catch (error) {
    return `prisma-aurora-fix could not be installed: ${String(error.stderr ?? error).split('\n')[0]}`;
  }
}

/**
 * The fix as a user gets it: a real run in a throwaway clone (`--force`: node_modules from
 * --install may be untracked there), then `--check` in the same clone, which must find
 * nothing left to change (idempotence); with the dependencies installed, `tsc` before and
 * after lists the type errors the fix adds.
 */
async function realRun(checkout, dry, install) {
  const dir = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-smoke-copy-'));
  const copy = join(dir, 'repo');
  try {
    await run('git', ['clone', '-q', '--no-hardlinks', checkout, copy]);
    let installNote;
    if (install && existsSync(join(copy, 'package.json'))) {
      // Old projects often pin peers npm 7+ rejects (ERESOLVE): then as npm 6 would resolve.
      const npmInstall = (extra) =>
        run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...extra], {
          cwd: copy,
          timeout: 15 * 60_000,
          maxBuffer: 64 * 1024 * 1024,
        });
      try {
        await npmInstall([]).catch(() => npmInstall(['--legacy-peer-deps']));
      } catch (error) {
        installNote = `npm install failed: ${String(error.stderr ?? error)
          .split('\n')
          .slice(0, 3)
          .join(' ')}`;
      }
    }
    const before = await typeErrors(copy);
    const fix = await runCli(copy, ['--force']);
    const check = await runCli(copy, ['--check']);
    // As the CLI's note tells a user to: add this package where the fix now imports it, so the
    // type check after sees the runtime's types, not a missing module.
    let runtimeNote;
    if (before !== undefined && (fix.report?.notes ?? []).some((note) => note.includes('prisma-aurora-fix/runtime'))) {
      runtimeNote = await installThisPackage(copy);
    }
    const after = before === undefined ? undefined : await typeErrors(copy);
    const changedPaths = (report) =>
      (report?.files ?? [])
        .filter((file) => file.status === 'changed')
        .map((file) => file.path)
        .sort();
    const remaining = new Map();
    for (const error of before ?? []) remaining.set(error, (remaining.get(error) ?? 0) + 1);
    const newTypeErrors = [];
    for (const error of after ?? []) {
      if ((remaining.get(error) ?? 0) > 0) remaining.set(error, remaining.get(error) - 1);
      else newTypeErrors.push(error);
    }
    return {
      crashes: [...fix.crashes, ...check.crashes],
      written: changedPaths(fix.report),
      agreesWithDry: changedPaths(fix.report).join('\n') === changedPaths(dry.report).join('\n'),
      secondCheckChanged: changedPaths(check.report),
      typeChecked: before !== undefined,
      typeCheck:
        before === undefined
          ? (installNote ?? 'skipped: the dependencies are not installed (pass --install)')
          : `${before.length} errors before, ${after.length} after${runtimeNote ? ` (${runtimeNote})` : ''}`,
      newTypeErrors,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Items grouped by key, in first-seen order (Map.groupBy needs Node 21). */
function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const counts = (groups) => [...groups].map(([key, items]) => `${key}=${items.length}`).join(' ') || 'none';

function markdown(repo, commit, eslint, cli, real) {
  const lines = [
    `# Smoke report: ${repo.label}`,
    '',
    `- checkout: \`${repo.path}\``,
    `- commit: \`${commit ?? 'not a git checkout'}\``,
    `- files linted: ${eslint.files}`,
    '',
  ];
  const byRule = groupBy(eslint.findings, (finding) => finding.ruleId ?? '(no rule)');
  lines.push(`## ESLint findings (${eslint.findings.length})`, '');
  for (const [rule, findings] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`### ${rule} (${findings.length})`, '');
    for (const f of findings) lines.push(`- \`${f.file}:${f.line}:${f.column}\` ${f.message}`);
    lines.push('');
  }
  lines.push(`## Parse errors (${eslint.parseErrors.length})`, '');
  for (const f of eslint.parseErrors) lines.push(`- \`${f.file}:${f.line}:${f.column}\` ${f.message}`);
  lines.push('', `## Other messages: the project's directives for rules not loaded here (${eslint.other.length})`, '');
  for (const f of eslint.other) lines.push(`- \`${f.file}:${f.line}:${f.column}\` ${f.message}`);
  lines.push('', `## Crashes (${eslint.crashes.length + cli.crashes.length})`, '');
  for (const c of [...eslint.crashes.map((c) => ({ ...c, tool: 'eslint' })), ...cli.crashes.map((c) => ({ ...c, tool: 'cli' }))]) {
    lines.push(`- ${c.tool} \`${c.file}\`:`, '', '```', c.message, '```', '');
  }
  const files = cli.report?.files ?? [];
  const changed = files.filter((file) => file.status === 'changed');
  lines.push('', `## CLI (exit ${cli.code}): ${changed.length} changed, ${files.filter((f) => f.status === 'failed').length} failed`, '');
  if (cli.report?.error) lines.push(`Error: ${cli.report.error}`, '');
  for (const note of cli.report?.notes ?? []) lines.push(`- note: ${note}`);
  for (const file of files.filter((f) => f.status === 'failed' || (f.status === 'skipped' && !f.quiet))) {
    lines.push(`- ${file.status} \`${file.path}${file.line ? `:${file.line}:${file.column}` : ''}\`: ${file.reason}`);
  }
  for (const file of changed)
    lines.push('', `### ${file.path} (${file.transforms.join(', ')})`, '', '```diff', (file.diff ?? '').trimEnd(), '```');
  lines.push('', '## Real run in a clone, then --check', '');
  lines.push(
    `- written: ${real.written.length} file(s)${real.agreesWithDry ? ', the same as the dry run' : ', NOT the files the dry run listed'}`,
  );
  lines.push(
    `- second --check: ${real.secondCheckChanged.length === 0 ? 'nothing left to change (idempotent)' : `would change again: ${real.secondCheckChanged.join(', ')}`}`,
  );
  lines.push(`- type check: ${real.typeCheck}`);
  for (const error of real.newTypeErrors) lines.push(`  - new: ${error}`);
  return `${lines.join('\n')}\n`;
}

function summaryLine(repo, eslint, cli, real) {
  const rules = counts(groupBy(eslint.findings, (f) => (f.ruleId ?? '?').replace('prisma-aurora-fix/', '')));
  const files = cli.report?.files ?? [];
  const changes = counts(
    groupBy(
      files.filter((f) => f.status === 'changed').flatMap((f) => f.transforms),
      (id) => id,
    ),
  );
  const failed = files.filter((f) => f.status === 'failed').length;
  const idempotent = real.secondCheckChanged.length === 0 ? 'idempotent' : `NOT idempotent (${real.secondCheckChanged.length})`;
  const types = real.typeChecked ? `new type errors ${real.newTypeErrors.length}` : 'tsc skipped';
  return `${repo.label}: findings ${rules} | parse errors ${eslint.parseErrors.length} | CLI changes ${changes} | CLI failed ${failed} | crashes eslint ${eslint.crashes.length} cli ${cli.crashes.length + real.crashes.length} | real run ${real.written.length} written, ${idempotent}, ${types}`;
}

const { repos, out, install } = parseArguments(process.argv.slice(2));
if (out === root || out.startsWith(root + sep)) usage(2, `--out ${out} is inside this repository: pick a folder outside it`);
if (!existsSync(cli)) usage(2, `${relative(process.cwd(), cli)} is missing: run npm run build first`);
mkdirSync(out, { recursive: true });
const { default: plugin } = await import(pathToFileURL(join(root, 'dist/rules/index.js')).href);

let crashed = false;
for (const repo of repos) {
  if (!existsSync(repo.path)) {
    console.log(`${repo.label}: no checkout at ${repo.path}`);
    crashed = true;
    continue;
  }
  const commit = await gitCommit(repo.path);
  if (repo.commit && !commit?.startsWith(repo.commit)) {
    console.log(`${repo.label}: the checkout at ${repo.path} is at ${commit ?? 'no commit'}, not ${repo.commit}`);
    crashed = true;
    continue;
  }
  const eslint = await lint(repo.path, plugin);
  const cli = await runCli(repo.path);
  const real = await realRun(repo.path, cli, install);
  // A second pass that would change the code again is a bug of this package, as a crash is.
  crashed ||=
    eslint.crashes.length > 0 ||
    cli.crashes.length > 0 ||
    real.crashes.length > 0 ||
    real.secondCheckChanged.length > 0 ||
    !real.agreesWithDry;
  const name = repo.label.replace(/[^\w.@-]+/g, '_');
  writeFileSync(join(out, `${name}.md`), markdown(repo, commit, eslint, cli, real));
  writeFileSync(join(out, `${name}.json`), JSON.stringify({ repo, commit, eslint, cli, real }, null, 2));
  console.log(summaryLine(repo, eslint, cli, real));
}
console.log(`reports in ${out}`);
process.exit(crashed ? 1 : 0);
