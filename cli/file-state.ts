import { relative, sep } from 'node:path';
import type { OriginalFile } from './atomic-write.js';
import type { ReportedFile } from './report.js';
import type { SourceText } from './source-text.js';
import type { AuroraTransform } from '../codemods/lib/transform.js';
import type { RuleId } from '../rules/registry.js';
import type { ProjectEslintConfigs } from './eslint-config.js';

/**
 * A file's state through the run: what the report says of it (with an absolute path), plus
 * the texts; `afterText` is set for a file the fix changes.
 */
export interface FileState extends Omit<ReportedFile, 'diff'> {
  source?: SourceText;
  original?: OriginalFile;
  /** LF text before and after (for diffs and --verify). */
  beforeText?: string;
  afterText?: string;
  /** What goes to disk: the file's own BOM and line endings. */
  afterBytes?: string;
  /** The config that names none of our rules, when the file was checked with the recommended defaults. */
  usedRecommendedDefaults?: string | undefined;
}

/**
 * The transforms, loaded on first use: they load TypeScript's parser (~0.7 s), which a run
 * whose files all fail the text prefilter (a pre-commit hook on unrelated files) never needs.
 */
export interface TransformRegistry {
  ids: readonly string[];
  load(): Promise<Record<string, AuroraTransform>>;
  /**
   * True for the package's own transforms: they fix the findings of the rules (rules/registry.ts),
   * which the run gets by linting each candidate. A test's own registry runs without findings.
   */
  fixesRuleFindings: boolean;
}

/** What a run lints each candidate with: the rules its transforms fix (and, in a full run, the rest), per the project's config. */
export interface RuleCheck {
  ruleIds: readonly RuleId[];
  configs: ProjectEslintConfigs;
  /** `--include-local-code`: set `settings['prisma-aurora-fix'].includeLocalCode` over the project's. */
  includeLocalCode?: boolean;
}

export const VENDORED_REASON = 'the vendored prisma-aurora-fix runtime';

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}
