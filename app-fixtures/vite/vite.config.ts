import { cloudflare } from "@cloudflare/vite-plugin";
import { cloudflareConfigPath, dorm } from "@dorm/build/vite";
import { defineConfig } from "vite";

// dorm generates the worker entry and its config; the Cloudflare plugin builds and runs it.
export default defineConfig({
  plugins: [dorm(), cloudflare({ configPath: cloudflareConfigPath, inspectorPort: false })],
});
