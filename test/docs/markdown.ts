import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../package/user-project.js';

/**
 * Reads the fenced code blocks of our Markdown docs, so the tests run exactly what a reader
 * copies: shell blocks are commands, blocks with a `title="path"` are files to create.
 */

export interface CodeBlock {
  /** The info string's first word: `sh`, `js`, `yaml`, ... */
  lang: string;
  /** `title="…"` from the info string, when the block is a file to create. */
  title: string | undefined;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export function readDoc(relativePath: string): string {
  return readFileSync(join(ROOT, relativePath), 'utf8');
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)(.*)$/.exec(lines[index]!);
    if (!open) continue;
    const [, indent = '', fence = '', lang = '', rest = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[end]!)) {
      const text = lines[end]!;
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
      end += 1;
    }
    blocks.push({
      lang,
      title: /title="([^"]+)"/.exec(rest)?.[1],
      code: body.length > 0 ? `${body.join('\n')}\n` : '',
      line: index + 1,
    });
    index = end;
  }
  return blocks;
}

export interface ShellCommand {
  /** The command as a reader types it, without its trailing `# comment`. */
  command: string;
  line: number;
}

/** The commands of a shell block: one a line, comments and blank lines dropped, `\` continuations joined. */
export function shellCommands(block: CodeBlock): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const lines = block.code.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = block.line + 1 + index;
    let text = lines[index]!;
    while (text.endsWith('\\') && index + 1 < lines.length) {
      index += 1;
      text = `${text.slice(0, -1)} ${lines[index]!.trim()}`;
    }
    const command = text.replace(/\s+#.*$/, '').trim();
    if (command === '' || command.startsWith('#')) continue;
    commands.push({ command, line });
  }
  return commands;
}

/** Every command of every `sh`/`bash`/`shell` block of a document, in reading order. */
export function documentCommands(markdown: string): ShellCommand[] {
  return documentCommandsOf(codeBlocks(markdown));
}

/** The commands of the shell blocks among `blocks`, in order. */
export function documentCommandsOf(blocks: readonly CodeBlock[]): ShellCommand[] {
  return blocks.filter((block) => SHELL_LANGUAGES.has(block.lang)).flatMap(shellCommands);
}

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell']);

/** The one block whose title is `title`; throws when there is none or several. */
export function fileBlock(markdown: string, title: string): CodeBlock {
  const found = codeBlocks(markdown).filter((block) => block.title === title);
  if (found.length !== 1) throw new Error(`expected exactly one code block titled "${title}", found ${found.length}`);
  return found[0]!;
}

/**
 * The code blocks of the section whose heading starts with `headingStart` (e.g. `## 1.`), up
 * to the next heading of the same or a higher level, with their line numbers in the document.
 */
export function sectionBlocks(markdown: string, headingStart: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.startsWith(headingStart));
  if (start === -1) throw new Error(`no section starting with "${headingStart}"`);
  const level = /^#+/.exec(headingStart)?.[0].length ?? 2;
  let end = start + 1;
  let inFence = false;
  for (; end < lines.length; end += 1) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(lines[end]!)) inFence = !inFence;
    const heading = /^(#+)\s/.exec(lines[end]!);
    if (!inFence && heading && heading[1]!.length <= level) break;
  }
  return codeBlocks(markdown).filter((block) => block.line > start && block.line <= end);
}
