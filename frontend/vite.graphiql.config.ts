// GraphiQL is its own bundle (React + Monaco), served by Ingot at /graphiql/.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'graphiql',
  base: '/graphiql/',
  logLevel: 'warn',
  build: {
    outDir: '../dist/graphiql',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rolldownOptions: {
      // framer-motion's "use client" markers mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
