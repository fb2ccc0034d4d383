/**
 * Export check for the training scripts: runs each exported ONNX graph through the app's own
 * runtime (onnxruntime-node, CPU) on the random inputs the training script saved, and compares
 * every output with PyTorch's. Exits 1 when any element differs by more than the tolerance.
 *
 * Usage: node scripts/run-ts.mjs models/training/check-export.ts CASE_FOLDER [TOLERANCE]
 * CASE_FOLDER/cases.json: [{ "model": path, "inputs": [TensorFile], "outputs": [TensorFile] }]
 * where a TensorFile is { name, type: "float32" | "int64", dims } stored in CASE_FOLDER/<name>.bin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Runtime, float32Tensor, int64Tensor, type SessionFeeds } from '../../electron/engine/runtime/ort';

interface TensorFile {
  name: string;
  type: 'float32' | 'int64';
  dims: number[];
}

interface Case {
  model: string;
  inputs: TensorFile[];
  outputs: TensorFile[];
}

function readTensor(folder: string, file: TensorFile): Float32Array | BigInt64Array {
  const bytes = readFileSync(join(folder, `${file.name}.bin`));
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return file.type === 'float32' ? new Float32Array(copy) : new BigInt64Array(copy);
}

/** Input names in the saved files are "<graph input>" or "<case>.<graph input>". */
function graphName(file: TensorFile): string {
  return file.name.slice(file.name.lastIndexOf('.') + 1);
}

async function main(): Promise<void> {
  const [folder, toleranceText] = process.argv.slice(2);
  if (!folder) throw new Error('usage: check-export.ts CASE_FOLDER [TOLERANCE]');
  const tolerance = Number(toleranceText ?? '1e-4');
  const cases = JSON.parse(readFileSync(join(folder, 'cases.json'), 'utf8')) as Case[];
  const runtime = new Runtime('cpu');
  let failed = false;
  for (const testCase of cases) {
    const opened = await runtime.open({ key: testCase.model, model: testCase.model });
    const feeds: SessionFeeds = {};
    for (const input of testCase.inputs) {
      const data = readTensor(folder, input);
      feeds[graphName(input)] = data instanceof Float32Array ? float32Tensor(data, input.dims) : int64Tensor(data, input.dims);
    }
    const outputs = await runtime.run(opened, feeds);
    for (const expected of testCase.outputs) {
      const name = graphName(expected);
      const actual = outputs[name];
      if (!actual) throw new Error(`${testCase.model}: no output named ${name}`);
      const want = readTensor(folder, expected) as Float32Array;
      const got = actual.data as Float32Array;
      if (got.length !== want.length) throw new Error(`${testCase.model}/${name}: ${got.length} values, expected ${want.length}`);
      let maxDiff = 0;
      for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
      const ok = maxDiff <= tolerance;
      failed ||= !ok;
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} ${testCase.model} ${name} [${expected.dims.join('×')}] max |onnxruntime − torch| = ${maxDiff.toExponential(2)}`,
      );
    }
  }
  await runtime.releaseAll();
  process.exitCode = failed ? 1 : 0;
}

await main();
