import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one React app, loaded by the Electron window (file://) and by browser mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
  },
});
