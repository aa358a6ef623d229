import { defineConfig } from "@dorm/build";

// The planner's cron strings come from the tests over RPC, not from the app's code, so the build
// cannot find them: the cron parser is asked for here.
export default defineConfig({ features: ["cron"] });
