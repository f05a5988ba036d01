import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Child processes for the bench: wall-clock timing of whole commands (what a user waits for)
 * and JSON-speaking workers that time themselves.
 */

export interface CommandSpec {
  /** What the command is, for error messages. */
  label: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that mean "ran as intended" (`--check` exits 1 when it finds work). */
  okExitCodes?: readonly number[];
}

export interface TimedRun {
  /** Wall-clock time: what a user waits for. */
  ms: number;
  /**
   * CPU time (user + system, all threads) the child used, from the kernel's account of reaped
   * children (Linux `/proc/self/stat`, 10 ms ticks), or undefined elsewhere. Other processes on a
   * shared machine stretch wall time far more than CPU time, so long runs compare on this.
   */
  cpuMs: number | undefined;
  exitCode: number;
  stdout: string;
}

let ticksPerSecond: number | undefined;

/** CPU time of this process's reaped children so far, in ms (Linux only). */
export function childrenCpuMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Runs a command to completion and returns its wall-clock time, stdout discarded unless `keepStdout`. */
export function timeCommand(spec: CommandSpec, keepStdout = false): TimedRun {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = childrenCpuMs();
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  if (result.error) throw new Error(`${spec.label}: ${result.error.message}`);
  const exitCode = result.status ?? -1;
  const ok = spec.okExitCodes ?? [0];
  if (!ok.includes(exitCode)) {
    throw new Error(
      `${spec.label} exited with ${result.signal ?? exitCode} (expected ${ok.join(' or ')}): ${spec.command} ${spec.args.join(' ')}\n${(result.stderr ?? '').slice(-1500)}`,
    );
  }
  return { ms, cpuMs, exitCode, stdout: keepStdout ? (result.stdout ?? '') : '' };
}

/**
 * Runs a worker that prints one JSON object as its last stdout line, and returns it. Async,
 * so the parent can do other things (e.g. pause a server) while the worker runs.
 */
export async function runJsonWorker<T>(spec: CommandSpec, options: { timeoutMs?: number } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${spec.label}: no answer within ${options.timeoutMs} ms\n${stderr.slice(-1500)}`));
          }, options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`${spec.label}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const lastLine = stdout.trimEnd().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`${spec.label} exited with ${signal ?? code}\n${stderr.slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(lastLine) as T);
      } catch {
        reject(new Error(`${spec.label}: no JSON result on stdout\n${stdout.slice(-500)}\n${stderr.slice(-1500)}`));
      }
    });
  });
}
