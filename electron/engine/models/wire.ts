/** The store's entries → the API's wire shapes (electron/common/models.ts). */
import type { ModelFileWire, ModelListEntry } from '../../common/models.js';
import type { CatalogModel } from './catalog.js';
import type { ModelEntry, ModelFileDetail } from './store.js';

export function toListEntry(entry: ModelEntry, catalogModel: CatalogModel | null | undefined, installJobId: string | null): ModelListEntry {
  return {
    id: entry.id,
    kind: entry.kind,
    source: entry.source,
    installed: entry.installed,
    readOnly: entry.readOnly,
    name: entry.name ?? catalogModel?.name ?? null,
    description: catalogModel?.description ?? null,
    licence: entry.licence,
    sourceUrl: entry.sourceUrl,
    path: entry.path,
    size: entry.size,
    pinned: entry.pinned,
    partial: entry.partial,
    installJobId,
  };
}

export function toFileWire(file: ModelFileDetail): ModelFileWire {
  const wire: ModelFileWire = { path: file.path, size: file.size, sha256: file.sha256, url: file.url };
  if (file.inputs) wire.inputs = file.inputs;
  if (file.outputs) wire.outputs = file.outputs;
  return wire;
}
