/**
 * Builds small ONNX models in memory from a plain description.
 *
 * The lab makes some of its own graphs (the engine check, later the batched IoU
 * and Fast/Matrix NMS graphs) instead of shipping opaque binaries; this module
 * turns a readable spec into ModelProto bytes with the official ONNX protobuf
 * schema (onnx-proto). It does not run anything: ort.ts does.
 */
// onnx-proto is CommonJS without static named exports, so Node's ESM loader needs the default import.
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;

export type ElementType = 'float32' | 'int64' | 'int32' | 'bool';

const ELEMENT_TYPE: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

export interface ValueSpec {
  name: string;
  type: ElementType;
  /** A number for a fixed size, a string for a named dynamic dimension. */
  shape: (number | string)[];
}

export interface InitializerSpec {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array | Int32Array;
}

export type AttributeValue = number | number[] | string | { float: number };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export interface GraphSpec {
  name: string;
  opset: number;
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  initializers: InitializerSpec[];
  nodes: NodeSpec[];
}

function valueInfo(spec: ValueSpec): Onnx.IValueInfoProto {
  return {
    name: spec.name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPE[spec.type],
        shape: { dim: spec.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function initializer(spec: InitializerSpec): Onnx.ITensorProto {
  const dataType =
    spec.data instanceof Float32Array ? ELEMENT_TYPE.float32 : spec.data instanceof BigInt64Array ? ELEMENT_TYPE.int64 : ELEMENT_TYPE.int32;
  const bytes = new Uint8Array(spec.data.buffer, spec.data.byteOffset, spec.data.byteLength);
  // rawData is little-endian by the ONNX spec; every platform we ship to is little-endian.
  return { name: spec.name, dims: spec.dims, dataType, rawData: bytes.slice() };
}

function attribute(name: string, value: AttributeValue): Onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  return { name, type: AttributeType.FLOAT, f: value.float };
}

/** @example encodeModel({ name: 'id', opset: 17, inputs: [x], outputs: [y], initializers: [], nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }] }) // → Uint8Array */
export function encodeModel(spec: GraphSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'aigc-lab',
    opsetImport: [{ domain: '', version: spec.opset }],
    graph: {
      name: spec.name,
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      initializer: spec.initializers.map(initializer),
      node: spec.nodes.map((node, index) => ({
        name: `${node.op}_${index}`,
        opType: node.op,
        input: node.inputs,
        output: node.outputs,
        attribute: Object.entries(node.attributes ?? {}).map(([key, value]) => attribute(key, value)),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
