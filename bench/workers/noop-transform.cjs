'use strict';
/**
 * The floor of figure 2: a jscodeshift transform that parses the file with the parser the
 * prisma-aurora-fix CLI uses for its extension (ts, tsx, or babylon for JavaScript) and changes
 * nothing. Plain CommonJS so jscodeshift's worker loads it without Babel.
 */
const path = require('node:path');

const parserFor = (file) => {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') return 'ts';
  if (extension === '.tsx') return 'tsx';
  return 'babylon';
};

const bound = new Map();

module.exports = function noopTransform(file, api) {
  const parser = parserFor(file.path);
  let j = bound.get(parser);
  if (j === undefined) {
    j = api.jscodeshift.withParser(parser);
    bound.set(parser, j);
  }
  j(file.source);
  return undefined;
};
