/**
 * The runtime-folder rules of STYLE.md, checked with TypeScript's own parser.
 *
 * This is deliberately a second implementation, independent of the ESLint rule
 * in eslint-local/layering.js: if a parser, a config glob or a rule option goes
 * wrong on one side, the other still fails.
 *
 *   (a) electron/engine and electron/common never import 'electron' (type imports included)
 *   (b) electron/common imports only electron/common and 'zod'
 *   (c) renderer/ imports electron/common only with `import type`, and never Node-side
 *       folders, 'electron', 'onnxruntime-node' or Node built-ins
 *   (d) only electron/engine/runtime/ort.ts imports 'onnxruntime-node'
 *   (e) electron/preload imports only 'electron', electron/common and itself
 *   plus: electron/engine never imports the hosts, electron/host and electron/cli never
 *   import 'electron', and nothing under electron/ imports the renderer.
 */
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import ts from 'typescript';

export type ImportForm = 'value' | 'inline-type' | 'type' | 'side-effect' | 'export' | 'export-type' | 'dynamic' | 'require' | 'type-query';

export interface ImportRef {
  specifier: string;
  form: ImportForm;
  /** 1-based line in the original file. */
  line: number;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  form: ImportForm;
  rule: string;
  message: string;
}

const SOURCE_EXTENSIONS = /\.(?:[cm]?ts|[cm]?js|svelte)$/;
const SCANNED_FOLDERS = ['electron', 'renderer', 'tests', 'scripts', 'bench', 'models', 'eslint-local'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'release', 'test-results', 'playwright-report']);

/** The code a file holds for the parser, and where each block starts: the whole file, or each `<script>` of a .svelte file. */
export function scriptBlocks(file: string, text: string): { code: string; firstLine: number; kind: ts.ScriptKind }[] {
  if (!file.endsWith('.svelte')) {
    const kind = /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    return [{ code: text, firstLine: 1, kind }];
  }
  const blocks: { code: string; firstLine: number; kind: ts.ScriptKind }[] = [];
  // Every <script> (instance and module) is parsed as TypeScript: for import forms TS is a superset of JS.
  for (const match of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/g)) {
    const openTagEnd = (match.index ?? 0) + match[0].indexOf('>') + 1;
    const firstLine = text.slice(0, openTagEnd).split('\n').length;
    blocks.push({ code: match[1] ?? '', firstLine, kind: ts.ScriptKind.TS });
  }
  return blocks;
}

function stringOf(node: ts.Node | undefined): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return null;
}

function importDeclarationForm(node: ts.ImportDeclaration): ImportForm {
  const clause = node.importClause;
  if (!clause) return 'side-effect';
  if (clause.isTypeOnly) return 'type';
  const named = clause.namedBindings;
  if (!clause.name && named && ts.isNamedImports(named)) {
    if (named.elements.length === 0) return 'side-effect';
    if (named.elements.every((element) => element.isTypeOnly)) return 'inline-type';
  }
  return 'value';
}

/** Every module reference in one file, with its form and line. */
export function collectImports(file: string, text: string): ImportRef[] {
  const refs: ImportRef[] = [];
  for (const block of scriptBlocks(file, text)) {
    const source = ts.createSourceFile(file, block.code, ts.ScriptTarget.Latest, true, block.kind);
    const add = (node: ts.Node, specifier: string | null, form: ImportForm): void => {
      if (specifier === null) return;
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + block.firstLine;
      refs.push({ specifier, form, line });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        add(node, stringOf(node.moduleSpecifier), importDeclarationForm(node));
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        add(node, stringOf(node.moduleSpecifier), node.isTypeOnly ? 'export-type' : 'export');
      } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
        add(node, stringOf(node.moduleReference.expression), node.isTypeOnly ? 'type' : 'require');
      } else if (ts.isCallExpression(node)) {
        if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, stringOf(node.arguments[0]), 'dynamic');
        else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') add(node, stringOf(node.arguments[0]), 'require');
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        add(node, stringOf(node.argument.literal), 'type-query');
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return refs;
}

type Target = { kind: 'file'; path: string } | { kind: 'package'; name: string } | { kind: 'builtin'; name: string };

const BUILTINS = new Set(builtinModules);

/** What a specifier written in `file` (repo-relative, '/'-separated) points at. */
export function resolveTarget(file: string, specifier: string): Target {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const path = posix.normalize(specifier.startsWith('/') ? specifier.slice(1) : posix.join(posix.dirname(file), specifier));
    return { kind: 'file', path };
  }
  const head = specifier.split('/')[0] ?? specifier;
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(head)) return { kind: 'builtin', name: specifier };
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : head;
  return { kind: 'package', name };
}

const under = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);
const isPackage = (target: Target, name: string): boolean => target.kind === 'package' && target.name === name;
const isFileUnder = (target: Target, ...folders: string[]): boolean => target.kind === 'file' && folders.some((f) => under(target.path, f));

/** Files in renderer/ that run in the page (its *.config.* files run in Node at build time). */
export function isRendererSource(file: string): boolean {
  return under(file, 'renderer') && !/^renderer\/[^/]+\.config\.[cm]?[jt]s$/.test(file);
}

/** The rule an import breaks, or null. Written out rule by rule, in the order of the module comment. */
export function checkImport(file: string, ref: Pick<ImportRef, 'specifier' | 'form'>): Pick<Violation, 'rule' | 'message'> | null {
  const target = resolveTarget(file, ref.specifier);
  const { form } = ref;

  if ((under(file, 'electron/engine') || under(file, 'electron/common')) && isPackage(target, 'electron')) {
    return { rule: 'a', message: "electron/engine and electron/common must not import 'electron' in any form" };
  }
  if (under(file, 'electron/common') && !isFileUnder(target, 'electron/common') && !isPackage(target, 'zod')) {
    return { rule: 'b', message: "electron/common may import only electron/common and 'zod'" };
  }
  if (isRendererSource(file)) {
    if (isFileUnder(target, 'electron/common') && form !== 'type' && form !== 'type-query') {
      return { rule: 'c', message: `the renderer may import electron/common only with \`import type\` (found a ${form} import)` };
    }
    if (isFileUnder(target, 'electron/engine', 'electron/main', 'electron/host', 'electron/preload', 'electron/cli')) {
      return { rule: 'c', message: 'the renderer must not import Node-side folders of electron/' };
    }
    if (isPackage(target, 'electron') || isPackage(target, 'onnxruntime-node') || target.kind === 'builtin') {
      return { rule: 'c', message: 'the renderer must not import electron, onnxruntime-node or Node built-ins' };
    }
  }
  if (file !== 'electron/engine/runtime/ort.ts' && isPackage(target, 'onnxruntime-node')) {
    return { rule: 'd', message: "only electron/engine/runtime/ort.ts may import 'onnxruntime-node'" };
  }
  if (under(file, 'electron/preload') && !isPackage(target, 'electron') && !isFileUnder(target, 'electron/common', 'electron/preload')) {
    return { rule: 'e', message: "electron/preload may import only 'electron', electron/common and itself" };
  }
  if (under(file, 'electron/engine') && isFileUnder(target, 'electron/main', 'electron/preload', 'electron/host', 'electron/cli')) {
    return { rule: 'engine-hosts', message: 'electron/engine must not import the hosts that embed it' };
  }
  if ((under(file, 'electron/host') || under(file, 'electron/cli')) && isPackage(target, 'electron')) {
    return { rule: 'node-hosts', message: "electron/host and electron/cli run without Electron and must not import 'electron'" };
  }
  if (under(file, 'electron') && isFileUnder(target, 'renderer')) {
    return { rule: 'no-renderer', message: 'code under electron/ must not import the renderer' };
  }
  return null;
}

/** Every violation in one file; `file` is repo-relative with '/' separators. */
export function checkSource(file: string, text: string): Violation[] {
  const violations: Violation[] = [];
  for (const ref of collectImports(file, text)) {
    const broken = checkImport(file, ref);
    if (broken) violations.push({ file, line: ref.line, specifier: ref.specifier, form: ref.form, ...broken });
  }
  return violations;
}

async function* walk(root: string, dir: string): AsyncGenerator<string> {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* walk(root, path);
    } else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** The source files the rules cover: the code folders and the root config files. */
export async function sourceFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const folder of SCANNED_FOLDERS) for await (const file of walk(root, folder)) files.push(file);
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name)) files.push(entry.name);
  }
  return files.sort();
}

export async function scanRepository(root: string): Promise<{ files: string[]; violations: Violation[] }> {
  const files = await sourceFiles(root);
  const violations: Violation[] = [];
  for (const file of files) violations.push(...checkSource(file, await readFile(join(root, file), 'utf8')));
  return { files, violations };
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}: [${v.rule}] ${v.message}: '${v.specifier}' (${v.form})`;
}
