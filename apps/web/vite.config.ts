import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm dev`: Vite with hot reload on :5173, the API on the server at :3000. The proxy presents
// the server's own origin, because the server refuses cross-origin state changes (CSRF check).
const api = 'http://localhost:3000';
const proxy = { target: api, headers: { origin: api } };

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/trpc': proxy, '/pictures': proxy } },
  build: { outDir: 'dist', sourcemap: false, assetsInlineLimit: 0 },
});
