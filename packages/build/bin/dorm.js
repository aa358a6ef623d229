#!/usr/bin/env node
// The CLI is bundled from src/ by `npm run build:tools` (run by npm start, npm test and npm run bench).
import "../dist/cli.js";
