import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where a running `npm start` says which port it serves: `.data/runtime.json`, written once the
 * API answers and removed when it stops, so `npm run token` asks the right port whatever `PORT`
 * it was started with. Written with `--fresh` too (the database is in memory, the file is not).
 * `.data/` is git-ignored. A file left by a runtime that was killed names a process that is gone,
 * and is ignored.
 */
export const dataDir = resolve(import.meta.dirname, '../../.data');
const file = resolve(dataDir, 'runtime.json');

export interface RuntimeFile {
  port: number;
  pid: number;
  url: string;
}

export function writeRuntimeFile(entry: RuntimeFile): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`);
}

/** Removes the file if it is still this process's (another runtime may have started since). */
export function removeRuntimeFile(pid = process.pid): void {
  if (readRuntimeFile()?.pid === pid) rmSync(file, { force: true });
}

/** The running runtime's entry, or undefined when there is none or its process is gone. */
export function readRuntimeFile(): RuntimeFile | undefined {
  let entry: Partial<RuntimeFile>;
  try {
    entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<RuntimeFile>;
  } catch {
    return undefined;
  }
  if (typeof entry.port !== 'number' || typeof entry.pid !== 'number' || typeof entry.url !== 'string')
    return undefined;
  return alive(entry.pid) ? { port: entry.port, pid: entry.pid, url: entry.url } : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
