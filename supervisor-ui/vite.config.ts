import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// `source` resolves @acc/shared-types to its TypeScript source, so the app never bundles a stale build.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["source", ...defaultClientConditions] },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    // `npm run dev` talks to a server started with `npm start` on its default port.
    proxy: { "/ws": { target: "http://127.0.0.1:3000", ws: true } },
  },
});
