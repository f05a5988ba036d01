import type { ESLint, Linter } from 'eslint';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGIN_NAMESPACE, RULE_IDS, type RuleId } from '../rules/registry.js';
import { withoutCompileCacheHook } from './compile-cache.js';

/**
 * What the project's ESLint flat config says about this package's rules for one file, read
 * the way ESLint 10 reads it: the nearest `eslint.config.*` above the file, loaded by the
 * project's own ESLint, asked with `calculateConfigForFile`. Loaded lazily: only a file that
 * passes the text prefilter asks, so a pre-commit run over unrelated files never loads ESLint.
 */

export const ESLINT_CONFIG_NAMES = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
] as const;

export interface RuleConfigForFile {
  /** The enabled rules, each with its options array (without the severity). */
  rules: Partial<Record<RuleId, unknown[]>>;
  settings: Record<string, unknown>;
  globals?: Linter.Globals | undefined;
  noInlineConfig?: boolean | undefined;
  /** The config file it came from; undefined for the recommended defaults. */
  configPath?: string | undefined;
  /** The config names none of the plugin's rules: the recommended defaults were used instead. */
  usedRecommendedDefaults?: boolean;
  /** The config ignores the file (or no config object matches it): ESLint does not lint it. */
  ignored?: boolean;
}

/** A config that cannot be loaded: the run stops, naming it. */
export class EslintConfigError extends Error {
  constructor(
    readonly configPath: string,
    readonly reason: string,
  ) {
    super(`cannot load the ESLint config ${configPath}: ${reason}`);
  }
}

/** Every rule on, with its default options: what `configs.recommended` sets. */
export function recommendedRuleConfig(settings: Record<string, unknown> = {}): RuleConfigForFile {
  return { rules: Object.fromEntries(RULE_IDS.map((id) => [id, []])) as Partial<Record<RuleId, unknown[]>>, settings };
}

const configPathByDir = new Map<string, string | null>();

/** The nearest `eslint.config.*` in the file's folder or above it, as ESLint 10 looks it up. */
export function findEslintConfigFile(filePath: string): string | undefined {
  const visited: string[] = [];
  let dir = dirname(filePath);
  let found: string | null | undefined;
  for (;;) {
    found = configPathByDir.get(dir);
    if (found !== undefined) break;
    visited.push(dir);
    const name = ESLINT_CONFIG_NAMES.find((candidate) => existsSync(join(dir, candidate)));
    if (name !== undefined) {
      found = join(dir, name);
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      found = null;
      break;
    }
    dir = parent;
  }
  for (const visitedDir of visited) configPathByDir.set(visitedDir, found);
  return found ?? undefined;
}

type EslintModule = typeof import('eslint');

/** The project's ESLint (resolved from the config's folder), else the one next to this package. */
async function eslintFor(configPath: string): Promise<EslintModule> {
  try {
    const resolved = createRequire(configPath).resolve('eslint');
    return (await import(pathToFileURL(resolved).href)) as EslintModule;
  } catch {
    try {
      return await import('eslint');
    } catch {
      throw new EslintConfigError(
        configPath,
        'ESLint is not installed, so its config cannot be read (run `npm install --save-dev eslint`, or pass --no-eslint-config)',
      );
    }
  }
}

function severityOf(entry: unknown): number {
  const level = Array.isArray(entry) ? entry[0] : entry;
  if (level === 'error' || level === 2) return 2;
  if (level === 'warn' || level === 1) return 1;
  return 0;
}

/** The name under which the config registers this package's plugin (`prisma-aurora-fix` unless renamed). */
function pluginNamespaceOf(config: { plugins?: Record<string, unknown> }): string {
  for (const [name, registered] of Object.entries(config.plugins ?? {})) {
    const meta = (registered as { meta?: { name?: string } } | undefined)?.meta;
    if (meta?.name === PLUGIN_NAMESPACE) return name;
  }
  return PLUGIN_NAMESPACE;
}

export class ProjectEslintConfigs {
  private readonly loaded = new Map<string, Promise<ESLint>>();

  /** @param enabled false with `--no-eslint-config`: every file gets the recommended defaults. */
  constructor(private readonly enabled: boolean) {}

  async configFor(filePath: string): Promise<RuleConfigForFile> {
    const configPath = this.enabled ? findEslintConfigFile(filePath) : undefined;
    if (configPath === undefined) return recommendedRuleConfig();
    const eslint = await this.load(configPath);
    let calculated: Linter.Config | undefined;
    try {
      // A config imports its plugins on first use, some of them CommonJS that may `import()`.
      calculated = (await withoutCompileCacheHook(() => eslint.calculateConfigForFile(filePath))) as Linter.Config | undefined;
    } catch (error) {
      throw new EslintConfigError(configPath, oneLineOf(error));
    }
    if (calculated === undefined) return { rules: {}, settings: {}, configPath, ignored: true };

    const namespace = pluginNamespaceOf(calculated as { plugins?: Record<string, unknown> });
    const settings = (calculated.settings ?? {}) as Record<string, unknown>;
    const languageOptions = (calculated.languageOptions ?? {}) as { globals?: Linter.Globals };
    const common = { settings, globals: languageOptions.globals, noInlineConfig: calculated.linterOptions?.noInlineConfig, configPath };
    const configured = Object.entries(calculated.rules ?? {}).filter(([key]) => key.startsWith(`${namespace}/`));
    if (configured.length === 0) return { ...recommendedRuleConfig(settings), ...common, usedRecommendedDefaults: true };
    const rules: Partial<Record<RuleId, unknown[]>> = {};
    for (const [key, entry] of configured) {
      const ruleId = key.slice(namespace.length + 1) as RuleId;
      if (!RULE_IDS.includes(ruleId) || severityOf(entry) === 0) continue;
      rules[ruleId] = Array.isArray(entry) ? entry.slice(1) : [];
    }
    return { ...common, rules };
  }

  private load(configPath: string): Promise<ESLint> {
    let loading = this.loaded.get(configPath);
    if (loading === undefined) {
      loading = withoutCompileCacheHook(async () => {
        const { ESLint: ESLintClass } = await eslintFor(configPath);
        const eslint = new ESLintClass({ cwd: dirname(configPath), overrideConfigFile: configPath });
        // Load it now, so a broken config is one clear error rather than one per file.
        try {
          await eslint.calculateConfigForFile(join(dirname(configPath), '__prisma-aurora-fix-probe__.js'));
        } catch (error) {
          throw new EslintConfigError(configPath, oneLineOf(error));
        }
        return eslint;
      });
      this.loaded.set(configPath, loading);
    }
    return loading;
  }
}

/**
 * The error on one line. ESLint puts what is wrong on the lines after the first (`Key "rules":
 * Key "<rule>":` then `Value ... should NOT have additional properties.`), so those are kept.
 */
function oneLineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.slice(0, 4).join(' ').replace(/\.$/, '') || message;
}
