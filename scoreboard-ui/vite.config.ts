import { defineConfig } from 'vitest/config';

// Built into the service's jar: Quarkus serves META-INF/resources/scoreboard/ at /scoreboard/.
// The Maven build passes --outDir target/classes/META-INF/resources/scoreboard; a plain
// `npm run build` writes dist/ (ignored by git).
export default defineConfig({
  base: '/scoreboard/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
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
