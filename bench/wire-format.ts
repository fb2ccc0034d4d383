/**
 * Why the WebSocket API speaks CBOR: a denoising step streams an image-sized
 * float32 tensor to the renderer. Compares encode + decode time and frame size
 * of cbor-x against the obvious peer, JSON with number lists, in the same run.
 *
 *   npm run bench -- wire-format
 */
import { decode, encode } from 'cbor-x';
import { announce } from './record';

interface Case {
  label: string;
  length: number;
}

const CASES: Case[] = [
  { label: '64×64×3 float32 (a small x_t)', length: 64 * 64 * 3 },
  { label: '224×224×3 float32 (a CLIP input)', length: 224 * 224 * 3 },
  { label: '100k boxes × 4 float32 (an NMS scene)', length: 100_000 * 4 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(repeats: number, run: () => void): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

announce('wire-format');
console.log('peer: JSON.stringify/parse with Array.from(tensor); ours: cbor-x encode/decode of the Float32Array');
for (const { label, length } of CASES) {
  const tensor = Float32Array.from({ length }, (_, i) => Math.sin(i) * 0.5);
  const message = { type: 'event', name: 'onDidJobProgress', payload: { x_t: tensor, t: 500 } };
  let cborBytes = 0;
  let jsonBytes = 0;
  const cborMs = time(15, () => {
    const frame = encode(message);
    cborBytes = frame.byteLength;
    const back = decode(frame) as { payload: { x_t: Float32Array } };
    if (back.payload.x_t.length !== length) throw new Error('cbor round trip lost data');
  });
  const jsonMs = time(15, () => {
    const frame = JSON.stringify({ ...message, payload: { ...message.payload, x_t: Array.from(tensor) } });
    jsonBytes = Buffer.byteLength(frame);
    const back = JSON.parse(frame) as { payload: { x_t: number[] } };
    if (Float32Array.from(back.payload.x_t).length !== length) throw new Error('json round trip lost data');
  });
  console.log(
    `${label}: cbor ${cborMs.toFixed(2)} ms, ${(cborBytes / 1024).toFixed(0)} KiB | json ${jsonMs.toFixed(2)} ms, ${(jsonBytes / 1024).toFixed(0)} KiB | ` +
      `speed-up ×${(jsonMs / cborMs).toFixed(1)}, size ratio ×${(jsonBytes / cborBytes).toFixed(2)}`,
  );
}
