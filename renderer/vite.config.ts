/**
 * Builds the renderer into dist/renderer as relative, self-contained files:
 * the same output is served by the web host and loaded from the Electron
 * app protocol, so nothing may point at a remote origin or an absolute path.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * For `npm run dev:renderer` with hot reload: a running web host (npm run serve -- --port N) whose
 * WebSocket the dev server forwards. The host checks Origin, so the proxy presents the host's own.
 */
const devApiTarget = process.env.AIGC_LAB_DEV_HOST ?? 'http://127.0.0.1:5391';

export default defineConfig({
  root: rendererRoot,
  base: './',
  publicDir: false,
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Chromium (Electron and the browsers we test) supports modulepreload; the polyfill would be dead code.
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
    proxy: {
      '/api/ws': {
        target: devApiTarget,
        ws: true,
        changeOrigin: true,
        configure(proxy) {
          proxy.on('proxyReqWs', (request) => request.setHeader('origin', devApiTarget));
        },
      },
      // Lesson images and other assets are served by the host from the lessons folder.
      '/lessons/': { target: devApiTarget, changeOrigin: true },
    },
  },
});
