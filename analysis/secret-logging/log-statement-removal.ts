import { DIRECTIVE_COMMENT, planStatementRemoval, type CommentLike, type RemovalPlan } from '../edit/statement-removal.js';
import type { LogRemoval } from './findings.js';

/** A comment about the log line itself (`// debug: print the connection string`). */
const LOG_COMMENT = /\b(?:log|logs|logged|logging|print|prints|printed|printing|debug|debugging|dump|dumps|dumping|console)\b/i;

/**
 * How to remove a log statement (or arrow body) found by `findSecretLogs`
 * (`edit/statement-removal.ts`): the comments directly above that go with it are the
 * directives that steer it and the comments about logging, printing or debugging.
 */
export function planLogStatementRemoval(text: string, comments: readonly CommentLike[], removal: LogRemoval): RemovalPlan {
  return planStatementRemoval(
    text,
    comments,
    removal,
    (comment) => DIRECTIVE_COMMENT.test(comment.value) || LOG_COMMENT.test(comment.value),
  );
}
