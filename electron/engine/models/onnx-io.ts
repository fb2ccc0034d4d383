/**
 * Reads an ONNX file's graph inputs and outputs (names, element types, shapes)
 * by walking the protobuf field headers on disk: the graph's nodes and
 * initializers (the weights, hundreds of MB for a real CLIP) are skipped by
 * seeking, never read. Used to check an imported folder before accepting it
 * and to show a model's tensors; onnxruntime is not loaded for either.
 *
 * Wire format: ModelProto.graph = 7; GraphProto.input = 11, .output = 12,
 * .initializer = 5; ValueInfoProto.name = 1, .type = 2; TypeProto.tensor_type = 1;
 * Tensor.elem_type = 1, .shape = 2; TensorShapeProto.dim = 1; Dimension.dim_value = 1, .dim_param = 2.
 */
import { open, type FileHandle } from 'node:fs/promises';

import { OnnxFormatError, WireReader } from '../onnx-format/wire-reader.js';

export interface OnnxTensorInfo {
  name: string;
  /** ONNX element type name ('float32', 'int64', …), or null when the graph does not say. */
  type: string | null;
  /** A number for a fixed size, a string for a named dynamic dimension, null for an unknown one. */
  shape: (number | string | null)[] | null;
}

export interface OnnxIo {
  inputs: OnnxTensorInfo[];
  outputs: OnnxTensorInfo[];
}

/** TensorProto.DataType → name (onnx.proto). */
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

/** A positioned reader over a file that reads only the headers it is asked for. */
class FileReader {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  private async byteAt(position: number): Promise<number> {
    if (position < this.bufferStart || position >= this.bufferStart + this.buffer.length) {
      if (position >= this.size) throw new OnnxFormatError('unexpected end of file');
      const length = Math.min(64 * 1024, this.size - position);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await this.handle.read(buffer, 0, length, position);
      this.buffer = buffer.subarray(0, bytesRead);
      this.bufferStart = position;
      if (bytesRead === 0) throw new OnnxFormatError('unexpected end of file');
    }
    return this.buffer[position - this.bufferStart]!;
  }

  /** A varint at `position`: its value and the position after it. */
  async varint(position: number): Promise<[number, number]> {
    let value = 0;
    let scale = 1;
    for (let k = 0; k < 10; k++) {
      const byte = await this.byteAt(position++);
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return [value, position];
      scale *= 128;
    }
    throw new OnnxFormatError('varint longer than 10 bytes');
  }

  async bytes(position: number, length: number): Promise<Uint8Array> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, position);
    if (bytesRead !== length) throw new OnnxFormatError('unexpected end of file');
    return buffer;
  }

  /** Position after the field whose value starts at `position`, for any wire type. */
  async skip(wireType: number, position: number, end: number): Promise<number> {
    let next: number;
    if (wireType === 0) next = (await this.varint(position))[1];
    else if (wireType === 1) next = position + 8;
    else if (wireType === 5) next = position + 4;
    else if (wireType === 2) {
      const [length, after] = await this.varint(position);
      next = after + length;
    } else throw new OnnxFormatError(`unsupported wire type ${wireType} at byte ${position}`);
    if (next > end) throw new OnnxFormatError(`field runs past its end at byte ${position}`);
    return next;
  }
}

function parseDimension(bytes: Uint8Array): number | string | null {
  const reader = new WireReader(bytes);
  let dim: number | string | null = null;
  while (!reader.done) {
    const tag = reader.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 0) dim = reader.varint();
    else if (tag >>> 3 === 2 && (tag & 7) === 2) dim = new TextDecoder().decode(reader.bytesField());
    else reader.skip(tag & 7);
  }
  return dim;
}

function parseValueInfo(bytes: Uint8Array): OnnxTensorInfo {
  const info: OnnxTensorInfo = { name: '', type: null, shape: null };
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const tag = reader.varint();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) info.name = new TextDecoder().decode(reader.bytesField());
    else if (field === 2 && (tag & 7) === 2) {
      const typeProto = new WireReader(reader.bytesField());
      while (!typeProto.done) {
        const typeTag = typeProto.varint();
        if (typeTag >>> 3 !== 1 || (typeTag & 7) !== 2) {
          typeProto.skip(typeTag & 7);
          continue;
        }
        const tensor = new WireReader(typeProto.bytesField());
        while (!tensor.done) {
          const tensorTag = tensor.varint();
          if (tensorTag >>> 3 === 1 && (tensorTag & 7) === 0) {
            const code = tensor.varint();
            info.type = ELEMENT_TYPES[code] ?? `type ${code}`;
          } else if (tensorTag >>> 3 === 2 && (tensorTag & 7) === 2) {
            const shape = new WireReader(tensor.bytesField());
            info.shape = [];
            while (!shape.done) {
              const shapeTag = shape.varint();
              if (shapeTag >>> 3 === 1 && (shapeTag & 7) === 2) info.shape.push(parseDimension(shape.bytesField()));
              else shape.skip(shapeTag & 7);
            }
          } else tensor.skip(tensorTag & 7);
        }
      }
    } else reader.skip(tag & 7);
  }
  if (!info.name) throw new OnnxFormatError('a graph input or output has no name');
  return info;
}

/** ModelProto fields a real file may carry (onnx.proto); anything else means the bytes are not a model. */
const MODEL_FIELDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25]);

/**
 * The graph's inputs and outputs. Throws OnnxFormatError for a file that is not
 * a complete ModelProto (random bytes, a truncated copy, an HTML error page).
 * Graph inputs that are initializers (IR < 4 exports) are still listed.
 *
 * @example await readOnnxIo('clip/onnx/text_model.onnx') // → { inputs: [{ name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] }], outputs: [{ name: 'text_embeds', … }, …] }
 */
export async function readOnnxIo(path: string): Promise<OnnxIo> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const file = new FileReader(handle, size);
    const io: OnnxIo = { inputs: [], outputs: [] };
    let sawGraph = false;
    let sawIrVersion = false;
    let position = 0;
    while (position < size) {
      const [tag, afterTag] = await file.varint(position);
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (!MODEL_FIELDS.has(field)) throw new OnnxFormatError(`unexpected ModelProto field ${field} at byte ${position}`);
      if (field === 1 && wireType === 0) sawIrVersion = true;
      if (field !== 7 || wireType !== 2) {
        position = await file.skip(wireType, afterTag, size);
        continue;
      }
      sawGraph = true;
      const [graphLength, graphStart] = await file.varint(afterTag);
      const graphEnd = graphStart + graphLength;
      if (graphEnd > size) throw new OnnxFormatError('the graph runs past the end of the file');
      let inner = graphStart;
      while (inner < graphEnd) {
        const [innerTag, afterInnerTag] = await file.varint(inner);
        const innerField = innerTag >>> 3;
        if ((innerField === 11 || innerField === 12) && (innerTag & 7) === 2) {
          const [length, start] = await file.varint(afterInnerTag);
          if (start + length > graphEnd) throw new OnnxFormatError('a graph input or output runs past the graph');
          const info = parseValueInfo(await file.bytes(start, length));
          (innerField === 11 ? io.inputs : io.outputs).push(info);
          inner = start + length;
        } else inner = await file.skip(innerTag & 7, afterInnerTag, graphEnd);
      }
      position = graphEnd;
    }
    if (!sawIrVersion || !sawGraph) throw new OnnxFormatError(sawGraph ? 'no ir_version' : 'no graph');
    if (io.inputs.length === 0 || io.outputs.length === 0) throw new OnnxFormatError('the graph has no inputs or no outputs');
    return io;
  } finally {
    await handle.close();
  }
}
