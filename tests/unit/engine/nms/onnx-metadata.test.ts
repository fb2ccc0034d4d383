import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { parseUltralyticsNames, readOnnxMetadata } from '../../../../electron/engine/nms/onnx-metadata.js';
import { HAS_SHARED_FIXTURES, SKIP_REASON, YOLOV8N } from './shared-fixtures.js';

const { onnx } = onnxProto;

describe('readOnnxMetadata', () => {
  it('reads metadata_props written by the official schema, skipping the graph and its weights', () => {
    const bytes = onnx.ModelProto.encode(
      onnx.ModelProto.create({
        irVersion: 8,
        producerName: 'test',
        graph: { name: 'g', initializer: [{ name: 'w', dims: [1000], dataType: 1, rawData: new Uint8Array(4000).fill(7) }] },
        metadataProps: [
          { key: 'names', value: "{0: 'person', 1: 'bicycle'}" },
          { key: 'stride', value: '32' },
          { key: '中文', value: '你好' },
        ],
      }),
    ).finish();
    const props = readOnnxMetadata(bytes);
    expect(props.get('names')).toBe("{0: 'person', 1: 'bicycle'}");
    expect(props.get('stride')).toBe('32');
    expect(props.get('中文')).toBe('你好');
  });

  it('gives an empty map for bytes that are no ModelProto, or a truncated one, instead of throwing', () => {
    expect(readOnnxMetadata(new TextEncoder().encode('hello world, not protobuf')).size).toBe(0);
    expect(readOnnxMetadata(Uint8Array.of(0x72, 0xff)).size).toBe(0);
    expect(readOnnxMetadata(new Uint8Array(0)).size).toBe(0);
  });

  it.skipIf(!HAS_SHARED_FIXTURES)(`finds the 80 COCO names in the real YOLOv8n export${SKIP_REASON}`, () => {
    const names = parseUltralyticsNames(readOnnxMetadata(new Uint8Array(readFileSync(YOLOV8N))).get('names') ?? '');
    expect(names).toHaveLength(80);
    expect(names?.[0]).toBe('person');
    expect(names?.[79]).toBe('toothbrush');
  });
});

describe('parseUltralyticsNames', () => {
  it('reads the Python dict literal, quotes of either kind, escapes, and fills gaps', () => {
    expect(parseUltralyticsNames("{0: 'person', 1: 'traffic light'}")).toEqual(['person', 'traffic light']);
    expect(parseUltralyticsNames(`{0: "it's", 1: 'a \\'b\\''}`)).toEqual(["it's", "a 'b'"]);
    expect(parseUltralyticsNames("{0: 'a', 2: 'c'}")).toEqual(['a', 'class 1', 'c']);
    expect(parseUltralyticsNames('not names')).toBeNull();
    expect(parseUltralyticsNames("{999999: 'x'}")).toBeNull();
  });
});
