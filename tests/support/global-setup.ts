/**
 * Runs once before the unit tests: bundles the Node side exactly as
 * `npm run build:node` does (scripts/build-node.mjs), so tests that need the
 * job worker or inspect the built main/preload bundles always have them.
 */
import { buildNode } from '../../scripts/build-node.mjs';

export default async function setup(): Promise<void> {
  await buildNode();
}
