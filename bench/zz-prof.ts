import { greedy } from '../electron/engine/nms/greedy.js';
import { createRng } from '../electron/engine/random/rng.js';
const N = Number(process.argv[2] ?? 1000);
const rng = createRng(1);
const side = 1000 * Math.sqrt(N / 10_000);
const boxes = new Float32Array(4 * N);
const objects = Array.from({ length: Math.max(1, Math.round(N / 100)) }, () => ({ x: rng.uniform() * side, y: rng.uniform() * side, w: 20 + 80 * rng.uniform(), h: 20 + 80 * rng.uniform() }));
for (let i = 0; i < N; i++) {
  const o = objects[Math.floor(rng.uniform() * objects.length)]!;
  const w = o.w * (1 + 0.1 * rng.normal()), h = o.h * (1 + 0.1 * rng.normal());
  const x = o.x + 0.1 * o.w * rng.normal() - w / 2, y = o.y + 0.1 * o.h * rng.normal() - h / 2;
  boxes.set([x, y, x + w, y + h], 4 * i);
}
const scores = Float32Array.from({ length: N }, () => rng.uniform());
const reps = Number(process.argv[3] ?? 20000);
const t = process.cpuUsage();
for (let k = 0; k < reps; k++) greedy({ boxes, scores }, { N_t: 0.5 });
const d = process.cpuUsage(t);
console.log(N, 'cpu per call ms', ((d.user + d.system) / 1000 / reps).toFixed(4));
