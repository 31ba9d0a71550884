// local/layering: dependencies point one way (electron → core → shared; renderer → shared;
// preload → shared). main/core and shared never see Electron, the renderer never sees Node.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE = 'Node built-in modules';
const builtins = new Set(builtinModules);

/** Layer of a repo-relative path, most specific first. */
const layers = [
  ['main/core', { forbid: ['electron', 'main/electron', 'main/cli', 'renderer', 'preload'] }],
  ['main/electron', { forbid: ['renderer', 'preload', 'main/cli'] }],
  ['shared', { forbid: ['electron', 'main', 'renderer', 'preload', NODE] }],
  ['renderer', { forbid: ['electron', 'main', 'preload', NODE] }],
  ['preload', { forbid: ['main', 'renderer', NODE] }],
];

function layerOf(relPath) {
  return layers.find(([dir]) => relPath === dir || relPath.startsWith(dir + '/'));
}

function describeTarget(source, fileRel, root) {
  if (source === 'electron' || source.startsWith('electron/')) return { kind: 'electron', label: "'electron'" };
  if (source.startsWith('node:') || builtins.has(source.split('/')[0])) return { kind: NODE, label: `'${source}'` };
  if (source.startsWith('.')) {
    const rel = path.relative(root, path.resolve(root, path.dirname(fileRel), source)).split(path.sep).join('/');
    return { kind: 'path', rel, label: rel };
  }
  return undefined;
}

function forbidden(forbid, target) {
  if (target.kind !== 'path') return forbid.includes(target.kind) ? target.kind : undefined;
  return forbid.find((f) => f !== NODE && f !== 'electron' && (target.rel === f || target.rel.startsWith(f + '/')));
}

export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps the layers apart: electron → core → shared; renderer → shared; preload → shared.' },
    schema: [],
    messages: {
      layering: '{{layer}} may not import {{target}} (layering rule: electron → core → shared; renderer and preload → shared).',
    },
  },
  create(context) {
    const root = context.cwd;
    const fileRel = path.relative(root, context.filename).split(path.sep).join('/');
    const layer = layerOf(fileRel);
    if (!layer) return {};
    const [layerName, { forbid }] = layer;

    function check(node, source) {
      if (typeof source !== 'string') return;
      const target = describeTarget(source, fileRel, root);
      if (target && forbidden(forbid, target)) {
        context.report({ node, messageId: 'layering', data: { layer: layerName, target: target.label } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};
