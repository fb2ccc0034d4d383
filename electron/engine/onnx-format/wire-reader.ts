/**
 * A protobuf wire-format reader just large enough to walk an ONNX ModelProto's
 * field headers in memory. Shared by the NMS lab (metadata_props, for YOLO
 * class names) and the model store (graph inputs and outputs); neither decodes
 * the graph or its weights.
 */

/** Thrown for bytes that are not a ModelProto; callers turn it into a typed error naming the file. */
export class OnnxFormatError extends Error {}

export class WireReader {
  position = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  /** A varint as a JS number (exact below 2^53: enough for lengths and tags). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let k = 0; k < 10; k++) {
      if (this.position >= this.bytes.length) throw new OnnxFormatError('truncated varint');
      const byte = this.bytes[this.position++]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new OnnxFormatError('varint longer than 10 bytes');
  }

  bytesField(): Uint8Array {
    const length = this.varint();
    const end = this.position + length;
    if (end > this.bytes.length) throw new OnnxFormatError('truncated length-delimited field');
    const out = this.bytes.subarray(this.position, end);
    this.position = end;
    return out;
  }

  /** Steps over a field the caller does not need (wire types 0, 1, 2 and 5; groups are not used by ONNX). */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.position += 8;
    else if (wireType === 2) this.bytesField();
    else if (wireType === 5) this.position += 4;
    else throw new OnnxFormatError(`unsupported wire type ${wireType}`);
    if (this.position > this.bytes.length) throw new OnnxFormatError('truncated field');
  }
}
