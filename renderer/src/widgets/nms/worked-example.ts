/**
 * The worked example of the greedy NMS lesson: six candidate boxes a detector
 * might emit on the 512×512 astronaut photo (lessons/02-nms-basics/assets/),
 * three around the astronaut (A) and three around the shuttle model (B).
 *
 * Built so that greedy NMS reproduces the textbook story exactly
 * (tests/unit/renderer/widgets/nms/worked-example.test.ts runs the engine's
 * greedy NMS on it):
 *   N_t = 0.5: round 1 keeps A1 and suppresses A2 (IoU 0.86) and A3 (0.61);
 *              round 2 keeps B1 and suppresses B2 (0.79) and B3 (0.63).
 *              Two rounds, two boxes: one per object.
 *   N_t = 0.7: A3 and B3 now survive (their IoUs 0.61 and 0.63 are under 0.7),
 *              so four rounds keep four boxes, two of them duplicates.
 * The cross-object IoUs are tiny (≤ 0.04), so they never decide anything. Each
 * box's top-left corner is at least 24 px from its neighbours', so the labels
 * drawn there do not cover each other.
 */

export interface ExampleBox {
  /** Shown on the canvas and in the log. */
  label: string;
  /** xyxy in image pixels. */
  box: readonly [number, number, number, number];
  score: number;
  /** Which object the box was drawn around (for the lesson text, not used by NMS). */
  object: 'A' | 'B';
}

export const WORKED_EXAMPLE_SIZE = { width: 512, height: 512 } as const;

export const WORKED_EXAMPLE: readonly ExampleBox[] = Object.freeze([
  { label: 'A1', box: [28, 22, 362, 508], score: 0.95, object: 'A' },
  { label: 'A2', box: [46, 50, 374, 512], score: 0.86, object: 'A' },
  { label: 'A3', box: [18, 168, 326, 512], score: 0.71, object: 'A' },
  { label: 'B1', box: [356, 4, 468, 276], score: 0.91, object: 'B' },
  { label: 'B2', box: [364, 28, 474, 284], score: 0.79, object: 'B' },
  { label: 'B3', box: [350, 62, 462, 312], score: 0.64, object: 'B' },
]);

/** The example as NMS input (typed arrays, as the engine takes them). */
export function workedExampleInput(): { boxes: Float32Array<ArrayBuffer>; scores: Float32Array<ArrayBuffer> } {
  return {
    boxes: Float32Array.from(WORKED_EXAMPLE.flatMap((entry) => [...entry.box])),
    scores: Float32Array.from(WORKED_EXAMPLE, (entry) => entry.score),
  };
}
