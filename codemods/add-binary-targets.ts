import { findMissingLambdaTargets } from '../analysis/binary-targets/index.js';
import { applyTextEdits, type TextEdit } from '../analysis/edit/text-edit.js';
import { isPrismaSchemaPath, parseSchema } from '../analysis/prisma-schema/index.js';
import { mayHoldClientGenerator } from '../analysis/text-gates.js';
import { defineTransform, isStanding, reportSkipped, type AuroraTransform } from './lib/transform.js';

/**
 * `add-binary-targets`: applies the suggestion of `require-lambda-binary-targets` to a Prisma
 * schema file: the Lambda platforms the project deploys to are added to `binaryTargets` of each
 * client generator that runs the Rust engine, what is listed (`native`) kept. A text edit, not a
 * jscodeshift transform (the file is not JavaScript); the same detection and edit plan as the
 * rule (analysis/binary-targets/). Run by the CLI it fixes what the rule reported (the rule
 * judged the Lambda scope with the project's settings); under jscodeshift's own runner,
 * everything the detection finds for a package deployed to Lambda.
 */
const addBinaryTargets: AuroraTransform = (file, _api, options) => {
  if (!isPrismaSchemaPath(file.path) || !mayHoldClientGenerator(file.source)) return undefined;
  const schema = parseSchema(file.source);
  // The rule already decided the Lambda scope for the findings it passes.
  const lambda = options.findings === undefined ? 'auto' : 'always';
  const edits: TextEdit[] = [];
  for (const finding of findMissingLambdaTargets(schema, file.source, file.path, lambda)) {
    if (!isStanding(options, 'require-lambda-binary-targets', finding.range)) continue;
    if (finding.edit === undefined) {
      reportSkipped(options, {
        ruleId: 'require-lambda-binary-targets',
        range: finding.range,
        reason: finding.fixBlocker ?? 'no safe edit',
      });
      continue;
    }
    edits.push(finding.edit);
  }
  return edits.length === 0 ? undefined : applyTextEdits(file.source, edits);
};

export default defineTransform(addBinaryTargets);
