/**
 * prisma-aurora-fix/runtime: retry transient Aurora Serverless v2 connection failures.
 * Zero dependencies and no top-level side effects, so importing it costs a Lambda nothing.
 */
export {
  classifyConnectionError,
  isTransientConnectionError,
  type ConnectionErrorKind,
  type TransientConnectionError,
} from './classify.js';
