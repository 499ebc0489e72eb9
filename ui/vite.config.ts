import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The builder UI: a single-page app the platform Worker serves as static assets.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), tailwindcss()],
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
    // The code editor's chunk (CodeMirror with six languages, ≈200 KB gzip) loads only when the Code tab opens.
    chunkSizeWarningLimit: 650,
  },
});
