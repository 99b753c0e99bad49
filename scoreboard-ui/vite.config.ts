import { defineConfig } from 'vitest/config';

// Built into the service's jar: Quarkus serves META-INF/resources/scoreboard/ at /scoreboard/.
// The Maven build passes --outDir target/classes/META-INF/resources/scoreboard; a plain
// `npm run build` writes dist/ (ignored by git).
/** Entries served under fixed names (the service's pages link them). */
const FIXED = ['terminal', 'charts', 'replay'];

export default defineConfig({
  base: '/scoreboard/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      // The board app, plus two scripts the service's pages load by fixed (unhashed) names:
      // /scoreboard/terminal.js (+ terminal.css) and /scoreboard/charts.js (+ charts.css).
      input: {
        index: 'index.html',
        terminal: 'src/terminal.ts',
        charts: 'src/charts.ts',
        // /scoreboard/replay.js (+ replay.css): asciinema-player for the debrief page.
        replay: 'src/replay.ts',
      },
      output: {
        entryFileNames: (chunk) =>
          FIXED.includes(chunk.name) ? '[name].js' : 'assets/[name]-[hash].js',
        // uPlot (board and charts.js) in its own chunk, so its styles are one file with a fixed
        // name: /scoreboard/charts.css, linked by the pages that draw charts (no inline styles).
        manualChunks: (id) => (id.includes('node_modules/uplot/') ? 'uplot' : undefined),
        assetFileNames: (asset) => {
          const names = asset.names ?? [];
          if (names.includes('terminal.css')) return 'terminal.css';
          if (names.includes('replay.css')) return 'replay.css';
          if (names.includes('uplot.css')) return 'charts.css';
          return 'assets/[name]-[hash][extname]';
        },
      },
    },
  },
  server: {
    // `npm run dev` against a service running locally (B2C_API overrides the address).
    proxy: { '/api': process.env.B2C_API ?? 'http://localhost:8080' },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default'],
  },
});
