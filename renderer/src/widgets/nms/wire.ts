/**
 * Typed arrays between results and job arguments. Results are typed with
 * plain `Float32Array` (any buffer), while the job schemas infer
 * `Float32Array<ArrayBuffer>`. Arrays from the engine arrive on ordinary
 * ArrayBuffers (CBOR frames, structured clone), so these return the same
 * array; one on shared memory would be copied.
 */
export type F32 = Float32Array<ArrayBuffer>;
export type I32 = Int32Array<ArrayBuffer>;

/** @example f32(scene.candidates.boxes) === scene.candidates.boxes // → true */
export function f32(array: Float32Array): F32 {
  return array.buffer instanceof ArrayBuffer ? (array as F32) : new Float32Array(array);
}

export function i32(array: Int32Array): I32 {
  return array.buffer instanceof ArrayBuffer ? (array as I32) : new Int32Array(array);
}
