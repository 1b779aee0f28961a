import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'

// Served by Glam at /app/ (functions/dashboard); hashed names under dist/app/assets/.
export default defineConfig({
  base: '/app/',
  plugins: [svelte()],
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
  },
})
