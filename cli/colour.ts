import picocolors from 'picocolors';

/**
 * Colour for what the CLI prints for people. Painting happens last, on text that
 * `redactOutput` and `escapeForTerminal`/`escapeName` have already made safe, so a colour code
 * is never inside a file name and a name's own escape sequences are still shown escaped.
 * `--json`, `--format sarif` and `--format github` are never coloured.
 */

export type Colours = ReturnType<typeof picocolors.createColors>;

/** No colour: what tests, files, pipes and `--json` get. */
export const NO_COLOURS: Colours = picocolors.createColors(false);

/**
 * Whether to colour what goes to `stream`. `NO_COLOR` (any non-empty value, no-color.org) turns
 * colour off and wins, as in picocolors; `FORCE_COLOR` turns it on even for a pipe, except for
 * the values `0` and `false`, which Node reads as "no colour"; otherwise only a terminal gets
 * colour, and a `TERM=dumb` one none. Unlike picocolors, `CI` alone does not turn it on: a log
 * file is not a terminal.
 */
export function colourEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function coloursFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colours {
  return colourEnabled(stream, env) ? picocolors.createColors(true) : NO_COLOURS;
}

/**
 * A unified diff coloured as git colours one: file headers bold, hunk headers cyan, added
 * lines green, removed lines red, context as is. `diff` is already redacted; only whole lines
 * are wrapped, so without colour the text is returned unchanged (still a patch). A line is
 * read by where it stands, as `git apply` reads it: inside a hunk (its `@@` counts say how far)
 * a removed `-- x` is a removed line, not a `--- ` file header.
 */
export function colourDiff(diff: string, colours: Colours): string {
  if (!colours.isColorSupported) return diff;
  let oldLeft = 0;
  let newLeft = 0;
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('\\')) return line; // "\ No newline at end of file", after the last line of a side
      if (oldLeft > 0 || newLeft > 0) {
        if (line.startsWith('+')) {
          newLeft -= 1;
          return colours.green(line);
        }
        if (line.startsWith('-')) {
          oldLeft -= 1;
          return colours.red(line);
        }
        oldLeft -= 1;
        newLeft -= 1;
        return line;
      }
      const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      if (hunk !== null) {
        oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
        return colours.cyan(line);
      }
      return line === '' ? line : colours.bold(line);
    })
    .join('\n');
}
