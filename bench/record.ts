/**
 * What every benchmark records besides its numbers: the date and the machine it ran on (printed
 * first, so a pasted log is self-describing) and its results file, bench/results/NAME.json,
 * written atomically so an interrupted run never leaves half a file for docs/benchmarks.md.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { findAppRoot } from '../electron/engine/paths';

export interface BenchMachine {
  readonly cpu: string;
  readonly cores: number;
  /** One-minute load average when the run started: a busy machine explains slow numbers. */
  readonly load: number;
  readonly node: string;
  readonly onnxruntime?: string;
}

export const benchDate = new Date().toISOString().slice(0, 10);

function benchMachine(onnxruntime?: string): BenchMachine {
  return {
    cpu: os.cpus()[0]?.model ?? os.arch(),
    cores: os.cpus().length,
    load: Number(os.loadavg()[0]!.toFixed(2)),
    node: process.versions.node,
    ...(onnxruntime ? { onnxruntime } : {}),
  };
}

/**
 * Prints the run's headline and returns the machine to store with the results.
 * @example announce('nms', ortVersion) // prints "nms benchmark — 2026-12-04, Node 20.19.0, onnxruntime-node 1.23.2, … × 2, load 0.4"
 */
export function announce(name: string, onnxruntime?: string, peers: readonly string[] = []): BenchMachine {
  const machine = benchMachine(onnxruntime);
  const parts = [benchDate, `Node ${machine.node}`, ...(onnxruntime ? [`onnxruntime-node ${onnxruntime}`] : []), ...peers];
  console.log(`${name} benchmark — ${parts.join(', ')}, ${machine.cpu} × ${machine.cores}, load ${machine.load.toFixed(1)}`);
  return machine;
}

/** Writes bench/results/NAME.json atomically and returns its path. */
export function writeBenchResults(name: string, record: object): string {
  const out = join(findAppRoot(dirname(fileURLToPath(import.meta.url))), 'bench', 'results', `${name}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  return out;
}
