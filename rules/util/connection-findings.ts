import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  analyzeConnectionSettings,
  type ConnectionFinding,
  type ConnectionSettingsAnalysis,
} from '../../analysis/connection-settings/index.js';

/** The shared connection-settings analysis of the linted file (computed once, for both rules). */
export function connectionAnalysisOf(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  program: TSESTree.Program,
): ConnectionSettingsAnalysis | undefined {
  const { sourceCode } = context;
  return sourceCode.scopeManager
    ? analyzeConnectionSettings({ program, scopeManager: sourceCode.scopeManager, sourceText: sourceCode.text })
    : undefined;
}

/** The source location of a finding of the shared connection-settings detection. */
export function findingLocation(
  sourceCode: Readonly<Pick<TSESLint.SourceCode, 'getLocFromIndex'>>,
  finding: ConnectionFinding<string, string>,
): TSESTree.SourceLocation {
  return { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) };
}

/** The finding's suggestion (the same text edits the codemod applies), as ESLint wants it. */
export function findingSuggestions<S extends string>(finding: ConnectionFinding<string, S>): TSESLint.SuggestionReportDescriptor<S>[] {
  const { suggestion } = finding;
  if (!suggestion) return [];
  return [
    {
      messageId: suggestion.messageId,
      data: suggestion.data,
      fix: (fixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
    },
  ];
}
