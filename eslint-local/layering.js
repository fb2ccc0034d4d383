/**
 * `lab/layering`: the runtime-folder rule of STYLE.md ("Runtime folders, enforced").
 *
 * Core `no-restricted-imports` matches specifier strings without resolving them,
 * so "electron/common imports nothing outside itself" cannot be said for nested
 * folders without one glob per depth. This rule resolves every relative specifier
 * against the importing file, names the layer it lands in, and checks a table.
 * tests/unit/layering.test.ts checks the same table with TypeScript's own parser,
 * independently of ESLint.
 *
 * Import forms it sees: `import`, `import type`, side-effect `import 'x'`,
 * `export … from`, `import('x')`, `require('x')`, `import x = require('x')`
 * and type-level `import('x')`.
 */
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

/**
 * @typedef {'value' | 'inline-type' | 'type' | 'side-effect' | 'export' | 'export-type' | 'dynamic' | 'require' | 'type-query'} ImportForm
 * @typedef {{ kind: 'file', path: string } | { kind: 'package', name: string } | { kind: 'builtin', name: string }} Target
 */

/** @param {string} path repo-relative, '/'-separated */
function inFolder(path, folder) {
  return path === folder || path.startsWith(`${folder}/`);
}

/** @param {string} specifier @param {string} fromFile repo-relative @returns {Target} */
function classify(specifier, fromFile) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const joined = specifier.startsWith('/') ? specifier.slice(1) : `${dirname(fromFile)}/${specifier}`;
    const parts = [];
    for (const part of joined.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return { kind: 'file', path: parts.join('/') };
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? '')) {
    return { kind: 'builtin', name: specifier };
  }
  const segments = specifier.split('/');
  const name = specifier.startsWith('@') ? segments.slice(0, 2).join('/') : (segments[0] ?? specifier);
  return { kind: 'package', name };
}

const TYPE_ONLY_FORMS = new Set(['type', 'type-query']);
const NODE_ONLY_FOLDERS = ['electron/engine', 'electron/main', 'electron/host', 'electron/preload', 'electron/cli'];

/** Node-side build configs that live in renderer/ but run in Node, not in the page. */
function isRendererSource(file) {
  return inFolder(file, 'renderer') && !/^renderer\/[^/]+\.config\.[cm]?[jt]s$/.test(file);
}

/**
 * The table: each entry returns a message when `file` may not import `target` in `form`.
 * @type {{ id: string, applies: (file: string) => boolean, check: (target: Target, form: ImportForm, file: string) => string | null }[]}
 */
const RULES = [
  {
    id: 'common',
    applies: (file) => inFolder(file, 'electron/common'),
    check: (target) => {
      if (target.kind === 'file' && inFolder(target.path, 'electron/common')) return null;
      if (target.kind === 'package' && target.name === 'zod') return null;
      return 'electron/common is the shared contract: it may import only electron/common and the zod package';
    },
  },
  {
    id: 'engine',
    applies: (file) => inFolder(file, 'electron/engine'),
    check: (target) => {
      if (target.kind === 'package' && target.name === 'electron') {
        return "electron/engine is plain Node and must not import 'electron' in any form (type imports included)";
      }
      if (
        target.kind === 'file' &&
        ['electron/main', 'electron/preload', 'electron/host', 'electron/cli', 'renderer'].some((f) => inFolder(target.path, f))
      ) {
        return 'electron/engine may not import the hosts (main, preload, host, cli) or the renderer; they import the engine';
      }
      return null;
    },
  },
  {
    id: 'node-hosts',
    applies: (file) => inFolder(file, 'electron/host') || inFolder(file, 'electron/cli'),
    check: (target) =>
      target.kind === 'package' && target.name === 'electron'
        ? "electron/host and electron/cli run in plain Node without Electron and must not import 'electron'"
        : null,
  },
  {
    id: 'preload',
    applies: (file) => inFolder(file, 'electron/preload'),
    check: (target) => {
      if (target.kind === 'package' && target.name === 'electron') return null;
      if (target.kind === 'file' && (inFolder(target.path, 'electron/preload') || inFolder(target.path, 'electron/common'))) return null;
      return "electron/preload only forwards the contract: it may import only 'electron', electron/common and its own folder";
    },
  },
  {
    id: 'renderer',
    applies: isRendererSource,
    check: (target, form) => {
      if (target.kind === 'file' && inFolder(target.path, 'electron/common')) {
        if (TYPE_ONLY_FORMS.has(form)) return null;
        if (form === 'inline-type')
          return 'the renderer may import from electron/common only with `import type { … }` (inline `type` qualifiers still leave a runtime import)';
        return 'the renderer may import from electron/common only with `import type` (no values, side effects or re-exports)';
      }
      if (target.kind === 'file' && NODE_ONLY_FOLDERS.some((f) => inFolder(target.path, f))) {
        return 'the renderer must not import Node-side code (electron/engine, main, host, preload, cli); talk to it through LabHost';
      }
      if (target.kind === 'package' && (target.name === 'electron' || target.name === 'onnxruntime-node')) {
        return `the renderer runs in a sandboxed page and must not import '${target.name}'`;
      }
      if (target.kind === 'builtin') return `the renderer runs in a browser page and must not import the Node built-in '${target.name}'`;
      return null;
    },
  },
  {
    id: 'main-side',
    applies: (file) => inFolder(file, 'electron'),
    check: (target) => (target.kind === 'file' && inFolder(target.path, 'renderer') ? 'code under electron/ must not import the renderer' : null),
  },
  {
    id: 'onnxruntime',
    applies: (file) => file !== 'electron/engine/runtime/ort.ts',
    check: (target) =>
      target.kind === 'package' && target.name === 'onnxruntime-node'
        ? "only electron/engine/runtime/ort.ts may import 'onnxruntime-node'; use the Runtime it exports"
        : null,
  },
];

/** @param {{ type: string, value?: unknown, quasis?: { value: { cooked: string | null } }[], expressions?: unknown[] } | null | undefined} node */
function staticString(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions?.length === 0) return node.quasis?.[0]?.value.cooked ?? null;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforces the runtime folders of STYLE.md: which folder may import what, and how.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false }],
    messages: { crossed: "{{message}} (import of '{{specifier}}')" },
  },
  create(context) {
    const root = /** @type {{ root: string }} */ (context.options[0]).root;
    const abs = isAbsolute(context.filename) ? context.filename : resolve(context.cwd, context.filename);
    const file = relative(root, abs).split(sep).join('/');
    if (file.startsWith('..')) return {};
    const rules = RULES.filter((rule) => rule.applies(file));
    if (rules.length === 0) return {};

    /** @param {import('estree').Node} node @param {string | null} specifier @param {ImportForm} form */
    function check(node, specifier, form) {
      if (specifier === null) return;
      const target = classify(specifier, file);
      for (const rule of rules) {
        const message = rule.check(target, form, file);
        if (message) {
          context.report({ node, messageId: 'crossed', data: { message, specifier } });
          return;
        }
      }
    }

    return {
      ImportDeclaration(node) {
        /** @type {ImportForm} */
        let form = 'value';
        const specifiers = node.specifiers;
        if (node.importKind === 'type') form = 'type';
        else if (specifiers.length === 0) form = 'side-effect';
        else if (specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')) form = 'inline-type';
        check(node, staticString(node.source), form);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, staticString(node.source), node.exportKind === 'type' ? 'export-type' : 'export');
      },
      ExportAllDeclaration(node) {
        check(node, staticString(node.source), node.exportKind === 'type' ? 'export-type' : 'export');
      },
      ImportExpression(node) {
        check(node, staticString(node.source), 'dynamic');
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length >= 1) {
          check(node, staticString(node.arguments[0]), 'require');
        }
      },
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          check(node, staticString(node.moduleReference.expression), node.importKind === 'type' ? 'type' : 'require');
        }
      },
      TSImportType(node) {
        const source = node.source ?? node.argument?.literal;
        check(node, staticString(source), 'type-query');
      },
    };
  },
};

export default { meta: { name: 'lab' }, rules: { layering: layeringRule } };
