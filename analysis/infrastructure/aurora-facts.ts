/**
 * The Aurora, API Gateway and Prisma figures the infrastructure checks compute with, each
 * traced to FACTS.md or the documentation that states it.
 */

/**
 * An Aurora Serverless v2 instance resuming from 0 ACU accepts the TCP connect and holds it
 * ~15 s, longer after a long pause (FACTS.md, "Migrations" and "Deployment facts").
 */
export const AURORA_RESUME_MS = 15_000;

/** API Gateway's default integration timeout (FACTS.md, "Deployment facts"). */
export const API_GATEWAY_INTEGRATION_LIMIT_MS = 29_000;

/**
 * Prisma's `connect_timeout` when the URL does not set it: 5 s
 * (https://www.prisma.io/docs/orm/overview/databases/postgresql#arguments; see also
 * connection-settings/url-params.ts).
 */
export const PRISMA_DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * How long an Aurora Serverless v2 instance must be idle before it pauses, when
 * `SecondsUntilAutoPause` (CDK: `serverlessV2AutoPauseDuration`) is not set: 300 s, the
 * smallest value allowed
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html).
 */
export const DEFAULT_AUTO_PAUSE_MS = 300_000;

/**
 * The idle-session timeout the fix writes: 60 s, well under the shortest pause delay, so the
 * connections of frozen Lambdas are closed and the instance can pause. PostgreSQL reads
 * `idle_session_timeout` in milliseconds (0, the default, turns it off; PostgreSQL 14+);
 * MySQL reads `wait_timeout` in seconds (default 28800).
 */
export const SUGGESTED_IDLE_TIMEOUT_MS = 60_000;
