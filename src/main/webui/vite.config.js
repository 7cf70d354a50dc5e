import { defineConfig } from 'vite';

// Served by Quarkus Quinoa at /admin (README "Console"); in dev mode Quinoa proxies /admin to this server.
export default defineConfig({
  base: '/admin/',
  esbuild: { jsx: 'automatic' },
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      // MUI's "use client" markers mean nothing to a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
