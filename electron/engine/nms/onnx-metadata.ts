/**
 * Reads an ONNX model's metadata_props (ModelProto field 14: key/value
 * strings) straight from the protobuf bytes, skipping every other field
 * unparsed — the graph and its weights are never decoded, so a 300 MB model
 * costs one pass over its top-level field headers. Ultralytics stores the
 * class names there (`names` = "{0: 'person', 1: 'bicycle', …}"), plus
 * `stride`, `imgsz`, `task`.
 */
import { WireReader } from '../onnx-format/wire-reader.js';

const METADATA_PROPS = 14;

/**
 * The model's metadata_props as a map; an empty map for a model without any,
 * or for bytes that are not a readable ModelProto (the runtime reports those).
 *
 * @example readOnnxMetadata(readFileSync('yolov8n.onnx')).get('names') // → "{0: 'person', 1: 'bicycle', …}"
 */
export function readOnnxMetadata(model: Uint8Array): Map<string, string> {
  const props = new Map<string, string>();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  try {
    const reader = new WireReader(model);
    while (!reader.done) {
      const tag = reader.varint();
      const field = Math.floor(tag / 8);
      const wireType = tag & 7;
      if (field !== METADATA_PROPS || wireType !== 2) {
        reader.skip(wireType);
        continue;
      }
      // StringStringEntryProto { key = 1; value = 2; }
      const entry = new WireReader(reader.bytesField());
      let key = '';
      let value = '';
      while (!entry.done) {
        const entryTag = entry.varint();
        if ((entryTag & 7) !== 2) {
          entry.skip(entryTag & 7);
          continue;
        }
        const text = decoder.decode(entry.bytesField());
        if (entryTag >>> 3 === 1) key = text;
        else if (entryTag >>> 3 === 2) value = text;
      }
      if (key) props.set(key, value);
    }
  } catch {
    // Not a ModelProto we can walk: no metadata (onnxruntime will say what is wrong with it).
  }
  return props;
}

/**
 * Class names from an Ultralytics `names` entry: a Python dict literal
 * {0: 'person', 1: "bicycle", …}; null when the text is not of that form.
 *
 * @example parseUltralyticsNames("{0: 'person', 1: 'bicycle'}") // → ['person', 'bicycle']
 */
export function parseUltralyticsNames(text: string): string[] | null {
  const names: string[] = [];
  for (const match of text.matchAll(/(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) {
    const index = Number(match[1]);
    if (index > 100_000) return null;
    names[index] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  }
  if (names.length === 0) return null;
  return Array.from(names, (name, index) => name ?? `class ${index}`);
}
