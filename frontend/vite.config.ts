// The SPA, served by Ingot at / and at every path no other route claims.
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [preact()],
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist/spa',
    // Under /-/ so that no user or organization name can shadow the assets.
    assetsDir: '-/assets',
    emptyOutDir: true,
    // Keep the initial JavaScript within budget (200 KB gzipped, see README).
    chunkSizeWarningLimit: 400,
  },
  server: {
    // ws: the live subscriptions (pipeline logs) use the same path.
    proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true } },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'graphiql/**/*.test.ts'],
  },
});
