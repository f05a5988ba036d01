import type { Architecture } from './deployed-platforms.js';

/**
 * The Prisma engine platform of a Lambda function, by architecture and Node.js runtime
 * (../shared/FACTS.md, Prisma's "Deploy to AWS Lambda" and schema reference): the Node 20+
 * runtimes run on Amazon Linux 2023 with OpenSSL 3; Node 18 and older ran on Amazon Linux 2
 * with OpenSSL 1.0.2.
 */
export function lambdaTargetOf(architecture: Architecture, nodeMajor: number | undefined): string {
  const openssl = nodeMajor !== undefined && nodeMajor < 20 ? '1.0.x' : '3.0.x';
  return architecture === 'arm64' ? `linux-arm64-openssl-${openssl}` : `rhel-openssl-${openssl}`;
}

/**
 * The targets every deployed function needs: one per architecture and per OpenSSL generation
 * of the runtimes the code names (none named: the Node 20+ runtimes, the only ones Lambda still
 * lets a function be created or updated with).
 */
export function requiredLambdaTargets(architectures: readonly Architecture[], nodeMajors: readonly number[]): string[] {
  const runtimes = nodeMajors.length === 0 ? [undefined] : nodeMajors;
  const targets = new Set<string>();
  for (const architecture of architectures) for (const major of runtimes) targets.add(lambdaTargetOf(architecture, major));
  return [...targets];
}

/** Prisma first shipped OpenSSL 3 engines in 3.13.0: an older Prisma rejects the target's name. */
export function knowsOpenSsl3Targets(version: { major: number; minor: number } | undefined): boolean {
  return version === undefined || version.major > 3 || (version.major === 3 && version.minor >= 13);
}
