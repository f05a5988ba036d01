import { basename } from 'node:path';

/**
 * Which files are dotenv files, and which of them only ever configure a developer's machine
 * or CI. One list for ESLint (the recommended config's `files`) and the CLI (cli/discover.ts).
 */

/** The recommended config's globs: `.env` and every `.env.<name>` (`.env.example`, `.env.production`). */
export const DOTENV_FILE_GLOBS = ['**/.env', '**/.env.*'] as const;

/** Script and declaration names a `.env.*` glob also matches (`.env.ts`, `.env.d.ts`): code, not dotenv. */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|json|ya?ml|toml|md|sh|py)$/i;

/** `.env`, `.env.example`, `.env.production.local`; not `.envrc`, `env.ts` or `.env.ts`. */
export function isDotenvPath(path: string): boolean {
  const name = basename(path);
  return name === '.env' || (name.startsWith('.env.') && name.length > '.env.'.length && !CODE_FILE.test(name));
}

/**
 * The recommended config's `ignores` for the dotenv block, so a `.env.ts` module is never read
 * as dotenv (kept in step with {@link isDotenvPath} by test/analysis/dotenv/dotenv-files.test.ts).
 */
export const DOTENV_CODE_FILE_GLOBS = ['**/.env*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,json,yml,yaml,toml,md,sh,py}'] as const;

/**
 * The name parts of files loaded only on a developer's machine or in CI, by the conventions
 * of Next.js, Vite, dotenv-flow and the test runners: `.env.local` (Next.js and Vite never load
 * it in production builds' environments other than the machine it sits on, and it is meant to
 * stay out of git), `.env.development`, `.env.test`, and CI's and the test tools' own.
 */
const LOCAL_NAME_PARTS = new Set([
  'local',
  'development',
  'dev',
  'test',
  'testing',
  'ci',
  'e2e',
  'jest',
  'vitest',
  'playwright',
  'cypress',
]);

/** Names that describe a file rather than configure one: `.env.example`, `.env.sample`, `.env.template`. */
const TEMPLATE_NAME_PARTS = new Set(['example', 'sample', 'template', 'dist', 'defaults', 'default']);

/**
 * Why a dotenv file only configures local runs, or undefined: one of its name parts after
 * `.env` is local (`.env.local`, `.env.test`, `.env.development.local`, and the template of one,
 * `.env.local.example`).
 */
export function localDotenvReason(path: string): string | undefined {
  const parts = basename(path).split('.').slice(2);
  const local = parts.find((part) => LOCAL_NAME_PARTS.has(part.toLowerCase()));
  if (local === undefined) return undefined;
  const template = parts.some((part) => TEMPLATE_NAME_PARTS.has(part.toLowerCase()));
  return `${template ? 'the template of ' : ''}a dotenv file for ${local.toLowerCase()} runs (.env.*${local}*), never loaded by a deployed function`;
}
