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

/**
 * Inside main/core, dependencies point down this order: store (and the small utilities at the top of
 * core) at the bottom, then secrets and config, then consent, auth, upstream and limits, then a2a, gateway,
 * admin (the use cases), and hub.ts at the top. A module may import its own rank or below.
 */
const coreRanks = [
  ['main/core/store', 0],
  ['main/core/secrets', 1],
  ['main/core/config', 1],
  ['main/core/consent', 2],
  ['main/core/auth', 2],
  ['main/core/upstream', 2],
  ['main/core/limits', 2],
  ['main/core/a2a', 3],
  ['main/core/gateway', 4],
  ['main/core/admin', 5],
  ['main/core/hub.ts', 6],
];

/** The rank of a main/core path (without extension tricks: .js imports name .ts files); utilities are 0. */
export function coreRank(relPath) {
  if (!relPath.startsWith('main/core/')) return undefined;
  const plain = relPath.replace(/\.js$/, '.ts');
  const hit = coreRanks.find(([dir]) => plain === dir || plain.startsWith(dir + '/'));
  return hit ? hit[1] : 0;
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
      coreOrder:
        '{{file}} may not import {{target}}: inside main/core, imports point down store → secrets/config → consent/auth/upstream/limits → a2a → gateway → admin → hub.ts.',
    },
  },
  create(context) {
    const root = context.cwd;
    const fileRel = path.relative(root, context.filename).split(path.sep).join('/');
    const layer = layerOf(fileRel);
    if (!layer) return {};
    const [layerName, { forbid }] = layer;

    const ownRank = coreRank(fileRel);
    function check(node, source) {
      if (typeof source !== 'string') return;
      const target = describeTarget(source, fileRel, root);
      if (target && forbidden(forbid, target)) {
        context.report({ node, messageId: 'layering', data: { layer: layerName, target: target.label } });
        return;
      }
      const targetRank = target?.kind === 'path' ? coreRank(target.rel) : undefined;
      if (ownRank !== undefined && targetRank !== undefined && targetRank > ownRank) {
        context.report({ node, messageId: 'coreOrder', data: { file: fileRel, target: target.label } });
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
