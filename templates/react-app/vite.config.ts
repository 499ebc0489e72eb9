import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs: the app works at "/" and under a path prefix such as "/apps/<id>/"
  // (the host then puts <base href="/apps/<id>/"> into the HTML).
  base: "./",
  plugins: [react(), tailwindcss()],
  build: { outDir: "dist", emptyOutDir: true },
  // `npm run dev` serves the frontend; run `npx wrangler dev` alongside it for the API.
  server: { proxy: { "/api": "http://127.0.0.1:8787" } },
});
