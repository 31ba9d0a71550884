import { contextBridge, ipcRenderer } from 'electron';
import { exposeHub } from './hub-bridge.js';

/**
 * The preload's entry (bundled to dist/preload/index.cjs): the only preload file that imports 'electron'.
 * It exposes `window.hub` and `window.hubEvents`, built in hub-bridge.ts from the shared contract.
 */
exposeHub(contextBridge, ipcRenderer);
