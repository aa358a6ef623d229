#!/usr/bin/env node
// The CLI, compiled from src/ (prepack, or `npm run build:tools` in the repository).
import "../dist/cli.js";
